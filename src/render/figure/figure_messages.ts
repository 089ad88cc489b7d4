/** The words figures add to what their views already say (legends, titles of frames). */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const figureMessages = {
  "figure.legend.weight": { en: "attention weight", ko: "어텐션 가중치" },
  "figure.legend.value": { en: "value", ko: "값" },
  "figure.legend.state": { en: "hidden state value", ko: "은닉 상태 값" },
  "figure.legend.encoding": { en: "encoding value", ko: "인코딩 값" },
  "figure.legend.mask": {
    en: "1 = may attend, masked = may not",
    ko: "1 = 볼 수 있음, 빗금 = 볼 수 없음",
  },
  "figure.axis.unit": { en: "unit", ko: "유닛" },
  "figure.note.hatched": {
    en: "hatched cells: masked (-∞ added to the score: weight exactly 0)",
    ko: "빗금 친 칸: 마스크 (점수에 -∞를 더함: 가중치가 정확히 0)",
  },
  "figure.title.run": { en: 'run "{text}"', ko: 'run "{text}"' },
} as const satisfies Catalog;
