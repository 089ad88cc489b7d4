/**
 * `help` in Korean for `ablate`, in the ids and form of the help catalog (each entry names the
 * English text it translates; see help_messages.ts). Spread into the help catalog.
 */
import { figureOutHelp, MODEL_HELP, SENTENCE_HELP } from "./help_shared.ts";
import type { Catalog } from "../platform/i18n/messages.ts";

export const ablateHelpMessages = {
  "help.summary.ablate": {
    en: "switch attention heads off and see what changes: ablate <text> --head cross:0.1",
    ko: "어텐션 헤드를 끄고 무엇이 바뀌는지 봅니다: ablate <문장> --head cross:0.1",
  },
  "help.arg.ablate.text": SENTENCE_HELP,
  "help.option.ablate.--head": {
    en:
      "heads to switch off: L.H (GPT), encoder:L.H, decoder:L.H, cross:L.H (Transformer), L.* every head of a layer, attention (RNN); comma-separated",
    ko:
      "끌 헤드: L.H (GPT), encoder:L.H, decoder:L.H, cross:L.H (Transformer), L.*는 한 층의 모든 헤드, attention (RNN); 쉼표로 구분",
  },
  "help.option.ablate.--mean": {
    en: "replace their outputs by their mean over held-out sentences, not 0",
    ko: "출력을 0 대신 평가용 문장에 대한 평균으로 바꿉니다",
  },
  "help.option.ablate.--model": MODEL_HELP,
  ...figureOutHelp("ablate"),
} as const satisfies Catalog;
