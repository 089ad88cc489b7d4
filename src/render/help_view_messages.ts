/** The words of the `help` views around the commands' own text, in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const helpViewMessages = {
  "help.title": {
    en: "Commands (help <command> for options and examples):",
    ko: "명령 (옵션과 예시는 help <명령>):",
  },
  "help.examples": { en: "Examples:", ko: "예시:" },
  "help.global": {
    en:
      "Every command also takes: --json (the result as JSON), --backend webgpu|cpu, --kernels fast|reference, --lang ko|en.",
    ko:
      "모든 명령이 함께 받는 옵션: --json (결과를 JSON으로), --backend webgpu|cpu, --kernels fast|reference, --lang ko|en.",
  },
  "help.tip.keys": {
    en:
      "Tab completes commands, models and options; Up/Down recall earlier lines (kept across sessions).",
    ko:
      "Tab은 명령, 모델, 옵션을 완성합니다. 위/아래 화살표로 이전에 입력한 줄을 다시 부릅니다(세션이 끝나도 남습니다).",
  },
  "help.tip.stop": {
    en: "Ctrl-C stops a running command; Ctrl-D or quit leaves.",
    ko: "Ctrl-C는 실행 중인 명령을 멈추고, Ctrl-D 또는 quit은 attn을 끝냅니다.",
  },
  "help.tip.shell": {
    en:
      "Every command also runs from the shell: deno task attn run 나는 학생이다 (add --json for data).",
    ko:
      "모든 명령은 셸에서도 실행됩니다: deno task attn run 나는 학생이다 (데이터가 필요하면 --json).",
  },
  "help.tip.lang": {
    en: "Korean or English: --lang ko|en for one command, set lang ko|en for the session.",
    ko: "한국어/영어: 명령 하나만 --lang ko|en, 세션 전체는 set lang ko|en.",
  },
} as const satisfies Catalog;
