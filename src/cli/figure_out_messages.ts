/**
 * What `--svg`, `--png` and `--html` say (figure_out.ts): the line per written file, the words
 * of the HTML page's hover, and their refusals. Their help is in help_shared.ts.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

export const figureOutMessages = {
  "figure.wrote": { en: "wrote {format} {path}", ko: "{format} 파일을 썼습니다: {path}" },
  "figure.samePath": {
    en: "{first} and {second} name the same file {given}; expected a different file for each",
    ko: "{first}, {second}: 같은 파일입니다: {given}. 옵션마다 다른 파일이어야 합니다",
  },
  "figure.hover.row": { en: "row", ko: "행" },
  "figure.hover.col": { en: "column", ko: "열" },
  "figure.hover.value": { en: "value", ko: "값" },
} as const satisfies Catalog;
