/** What the use cases in src/app/ say when they refuse a request, in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const appMessages = {
  "use.notACheckpoint": {
    en: "{path} is not an attn checkpoint ({reason}); still using {kept}",
    ko: "attn 체크포인트가 아닙니다: {path} ({reason}). 사용 중인 모델은 그대로입니다: {kept}",
  },
  "use.notFound": {
    en: "{reason}; still using {kept}",
    ko: "{reason}. 사용 중인 모델은 그대로입니다: {kept}",
  },
  "use.none": { en: "no model", ko: "없음" },
} as const satisfies Catalog;
