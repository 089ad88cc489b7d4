/** The words of the `experiment` views (src/render/experiment_view.ts), by id. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const experimentViewMessages = {
  "view.experiment.quick": { en: "quick", ko: "빠른 실행(--quick)" },
  "view.experiment.full": { en: "full", ko: "전체 실행" },
  "view.experiment.seconds": { en: "{seconds} s", ko: "{seconds}초" },
  "view.experiment.conclusion": { en: "conclusion", ko: "결론" },
  "view.experiment.note": { en: "note", ko: "참고" },
  "view.experiment.list.hint": {
    en: "run one: experiment <name> [--quick] [--json]",
    ko: "실행: experiment <이름> [--quick] [--json]",
  },
} as const satisfies Catalog;
