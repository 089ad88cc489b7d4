/**
 * `help` in Korean for `lens`, in the ids and form of the help catalog (each entry names the
 * English text it translates; see help_messages.ts). Spread into the help catalog.
 */
import { figureOutHelp, MODEL_HELP, SENTENCE_HELP } from "./help_shared.ts";
import type { Catalog } from "../platform/i18n/messages.ts";

export const lensHelpMessages = {
  "help.summary.lens": {
    en: "logit lens: what each layer would predict at each position (lens 나는 학생이다)",
    ko: "로짓 렌즈: 각 층이 각 위치에서 무엇을 예측할지 보여 줍니다 (lens 나는 학생이다)",
  },
  "help.arg.lens.text": SENTENCE_HELP,
  "help.option.lens.--model": MODEL_HELP,
  ...figureOutHelp("lens"),
  "help.option.lens.--top": {
    en: "candidates per layer and position in --json (default 5)",
    ko: "--json에서 층과 위치마다 보여 줄 후보 수 (기본 5)",
  },
} as const satisfies Catalog;
