/**
 * `help` in Korean for `rollout` and `saliency`, in the ids and form of the help catalog (each
 * entry names the English text it translates; see help_messages.ts). Spread into the help
 * catalog.
 */
import { figureOutHelp, MODEL_HELP, SENTENCE_HELP } from "./help_shared.ts";
import type { Catalog } from "../platform/i18n/messages.ts";

export const attributionHelpMessages = {
  "help.summary.rollout": {
    en:
      "attention rollout through the layers beside the last layer's raw attention: rollout <text>",
    ko:
      "층을 거쳐 흐르는 어텐션(롤아웃)을 마지막 층의 원래 어텐션과 나란히 보여 줍니다: rollout <문장>",
  },
  "help.arg.rollout.text": SENTENCE_HELP,
  "help.option.rollout.--model": MODEL_HELP,
  ...figureOutHelp("rollout"),
  "help.summary.saliency": {
    en:
      "which source tokens each output token depends on (gradient x input), beside attention: saliency <text>",
    ko:
      "출력 토큰마다 어느 입력 토큰에 기대는지(기울기×입력)를 어텐션과 나란히 보여 줍니다: saliency <문장>",
  },
  "help.arg.saliency.text": SENTENCE_HELP,
  "help.option.saliency.--model": MODEL_HELP,
  ...figureOutHelp("saliency"),
} as const satisfies Catalog;
