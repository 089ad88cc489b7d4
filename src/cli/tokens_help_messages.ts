/**
 * `help` in Korean for `tokens` and `tokenizer`, in the ids and form of the help catalog (issue
 * #16 item 8: help.summary.<command>, help.arg.<command>.<argument>,
 * help.option.<command>.<--option>; each entry names the English text it translates, so a changed
 * English text is never shown in a stale translation). Spread into the help catalog where it is
 * merged; tests/cli/tokens_help_test.ts checks that each `en` is the command's own text.
 */
import { SENTENCE_HELP } from "./help_shared.ts";
import type { Catalog } from "../platform/i18n/messages.ts";

export const tokensHelpMessages = {
  "help.summary.tokens": {
    en: "show how BPE splits a sentence into subword tokens, with ids: tokens <text>",
    ko: "BPE가 문장을 서브워드 토큰으로 어떻게 나누는지 id와 함께 보여 줍니다: tokens <문장>",
  },
  "help.arg.tokens.text": SENTENCE_HELP,
  "help.option.tokens.--model": {
    en: "a GPT checkpoint whose BPE to use (default: ko-en BPE trained in-tool)",
    ko: "BPE를 가져올 GPT 체크포인트 (기본: 도구 안에서 학습한 ko-en BPE)",
  },
  "help.summary.tokenizer": {
    en: "show the first merges BPE learned and the particles and suffixes it found: tokenizer [n]",
    ko: "BPE가 처음 배운 병합과 찾아낸 조사·접미사를 보여 줍니다: tokenizer [n]",
  },
  "help.arg.tokenizer.n": {
    en: "merges to show (1-1000, default 20)",
    ko: "보여 줄 병합 수 (1-1000, 기본 20)",
  },
  "help.option.tokenizer.--model": {
    en: "a GPT checkpoint whose BPE to show (default: ko-en BPE trained in-tool)",
    ko: "BPE를 보여 줄 GPT 체크포인트 (기본: 도구 안에서 학습한 ko-en BPE)",
  },
} as const satisfies Catalog;
