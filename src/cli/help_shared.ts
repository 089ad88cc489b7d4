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

/** The help of the three options, word for word the same on every command. */
export const FIGURE_OUT_HELP = {
  "--svg": {
    en: "also write the picture as a standalone SVG file",
    ko: "그림을 독립된 SVG 파일로도 씁니다",
  },
  "--png": {
    en: "also write the picture as a PNG image",
    ko: "그림을 PNG 이미지로도 씁니다",
  },
  "--html": {
    en: "also write a self-contained HTML page (hover a cell for its row, column and value)",
    ko: "독립된 HTML 페이지로도 씁니다 (칸에 마우스를 올리면 행, 열, 값이 보입니다)",
  },
} as const;

/**
 * The Korean help entries of the three options for one command (help.option.<command>.--svg
 * ...): a command that adds them with `addFigureOptions` spreads this into its help catalog.
 */
export function figureOutHelp(command: string): Record<string, { en: string; ko: string }> {
  const entries: Record<string, { en: string; ko: string }> = {};
  for (const [option, text] of Object.entries(FIGURE_OUT_HELP)) {
    entries[`help.option.${command}.${option}`] = text;
  }
  return entries;
}
