/**
 * Help strings several commands share word for word (their arguments and --model), so that a
 * wording fixed once is fixed for every command's help.
 */

/** `<text...>`: the sentence a command runs. */
export const SENTENCE_HELP = {
  en: "the sentence (several words are joined with spaces)",
  ko: "문장 (여러 단어는 공백으로 이어 붙입니다)",
};

/** `--model <name>`: a shipped model or a checkpoint path. */
export const MODEL_HELP = {
  en: "a model from 'models', or a .safetensors path",
  ko: "'models'의 모델 이름 또는 .safetensors 파일 경로",
};
