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
  "history.cannotSave": {
    en:
      "cannot save the history to {path}: {reason}; this session's entries are kept in memory only",
    ko: "명령 기록을 저장할 수 없습니다: {path}: {reason}. 이번 세션의 기록은 메모리에만 남습니다",
  },
  "history.ignoring": {
    en: "ignoring the history file {path}: {reason}; history is kept for this session only",
    ko: "명령 기록 파일을 쓰지 않습니다: {path}: {reason}. 기록은 이번 세션 동안만 남습니다",
  },
  "history.keptAside": {
    en: "ignoring the history file {path}: {reason}; kept it as {aside}",
    ko:
      "명령 기록 파일을 쓰지 않습니다: {path}: {reason}. 원래 파일은 {aside}(으)로 옮겨 두었습니다",
  },
  "history.cannotKeepAside": {
    en:
      "ignoring the history file {path}: {reason} (and it cannot be moved aside: {why}); history is kept for this session only",
    ko:
      "명령 기록 파일을 쓰지 않습니다: {path}: {reason} (옮겨 둘 수도 없습니다: {why}). 기록은 이번 세션 동안만 남습니다",
  },
  "history.notUtf8": { en: "it is not UTF-8 text", ko: "UTF-8 텍스트가 아닙니다" },
  "history.binary": { en: "it holds binary data", ko: "바이너리 데이터가 들어 있습니다" },
} as const satisfies Catalog;
