/** The words of src/render/chart.ts, by id. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const chartMessages = {
  "chart.logScale": { en: "(log scale)", ko: "(로그 눈금)" },
  "chart.noData": { en: "(no data)", ko: "(데이터 없음)" },
} as const satisfies Catalog;
