/**
 * `help` in Korean for `rollout` and `saliency`, in the ids and form of the help catalog (each
 * entry names the English text it translates; see help_messages.ts). Spread into the help
 * catalog.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

const SENTENCE = {
  en: "the sentence (several words are joined with spaces)",
  ko: "문장 (여러 단어는 공백으로 이어 붙입니다)",
};
const MODEL = {
  en: "a model from 'models', or a .safetensors path",
  ko: "'models'의 모델 이름 또는 .safetensors 파일 경로",
};

export const attributionHelpMessages = {
  "help.summary.rollout": {
    en:
      "attention rollout through the layers beside the last layer's raw attention: rollout <text>",
    ko:
      "층을 거쳐 흐르는 어텐션(롤아웃)을 마지막 층의 원래 어텐션과 나란히 보여 줍니다: rollout <문장>",
  },
  "help.arg.rollout.text": SENTENCE,
  "help.option.rollout.--model": MODEL,
  "help.summary.saliency": {
    en:
      "which source tokens each output token depends on (gradient x input), beside attention: saliency <text>",
    ko:
      "출력 토큰마다 어느 입력 토큰에 기대는지(기울기×입력)를 어텐션과 나란히 보여 줍니다: saliency <문장>",
  },
  "help.arg.saliency.text": SENTENCE,
  "help.option.saliency.--model": MODEL,
} as const satisfies Catalog;
