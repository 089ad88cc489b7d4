/** The words of the `hidden` view in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

/** Panel titles of `hidden`. */
export const hiddenMessages = {
  "hidden.none": {
    en: "{model}: no hidden states recorded",
    ko: "{model}: 기록된 은닉 상태가 없습니다",
  },
  "hidden.encoder": { en: "encoder", ko: "인코더" },
  "hidden.decoder": { en: "decoder", ko: "디코더" },
  "hidden.rnnRow": { en: "state after each step", ko: "행마다 각 단계 뒤의 상태" },
  "hidden.transformerRow": {
    en: "output at each position",
    ko: "행마다 각 위치의 출력",
  },
  "hidden.title": {
    en: "{model}: {where} layer {layer}, {what} ({units} units; blue < 0 < red)",
    ko: "{model}: {where} 층 {layer}, {what} (유닛 {units}개; 파랑 < 0 < 빨강)",
  },
} as const satisfies Catalog;
