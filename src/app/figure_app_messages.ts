/** What loading the PNG font can say (figure_font.ts). */
import type { Catalog } from "../platform/i18n/messages.ts";

export const figureAppMessages = {
  "figure.font.unreadable": {
    en: "cannot draw the PNG: cannot read its font {path}: {reason}",
    ko: "PNG를 그릴 수 없습니다: 글꼴 파일을 읽지 못했습니다: {path}: {reason}",
  },
  "figure.font.missing": {
    en: "no such file (it ships in attn's assets/fonts/)",
    ko: "파일이 없습니다 (attn의 assets/fonts/에 들어 있어야 합니다)",
  },
  "figure.font.denied": {
    en:
      "not allowed to read it; run attn through deno task attn, which grants reading attn's folder",
    ko: "읽기 권한이 없습니다. attn 폴더 읽기를 허용하는 deno task attn으로 실행하세요",
  },
} as const satisfies Catalog;
