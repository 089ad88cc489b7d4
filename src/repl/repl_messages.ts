/** What the attn> prompt itself says, in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const replMessages = {
  "repl.tooLong": {
    en: "{where} is {bytes} bytes long; expected at most {max} bytes per line (it was not run)",
    ko: "{where}: {bytes}바이트입니다. 한 줄은 {max}바이트까지입니다 (실행하지 않았습니다)",
  },
  "repl.theLine": { en: "the line", ko: "이 줄" },
  "repl.lineNumber": { en: "line {n}", ko: "{n}번째 줄" },
  "repl.toExit": {
    en: "(To exit, press Ctrl-D or type quit)",
    ko: "(끝내려면 Ctrl-D를 누르거나 quit을 입력하세요)",
  },
} as const satisfies Catalog;
