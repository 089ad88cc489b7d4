/** The refusals of `lens` (src/app/logit_lens.ts), in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const logitLensMessages = {
  "lens.noText": {
    en: "expected a sentence to look inside, e.g. lens 나는 학생이다",
    ko: "들여다볼 문장이 필요합니다. 예: lens 나는 학생이다",
  },
  "lens.top": {
    en: "expected --top a whole number >= 1, got {got}",
    ko: "--top은 1 이상의 정수여야 합니다. 받은 값: {got}",
  },
} as const satisfies Catalog;
