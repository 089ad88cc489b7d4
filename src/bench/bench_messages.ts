/** Why `bench attention` refuses a sequence length, in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const benchMessages = {
  "bench.len.positive": {
    en: "expected sequence lengths to be positive integers, got {n}",
    ko: "시퀀스 길이는 양의 정수여야 합니다. 받은 것: {n}",
  },
  "bench.len.overLimit": {
    en:
      "n = {n} with {heads} head{plural} needs a {bytes} [{heads}, {n}, {n}] score buffer, over the {limit} storage binding limit",
    ko:
      "헤드 {heads}개에서 n = {n}이면 {bytes}짜리 [{heads}, {n}, {n}] 점수 버퍼가 필요한데, 스토리지 바인딩 한도({limit})를 넘습니다",
  },
  "bench.len.tooLong": {
    en: "expected n <= {largest} with {heads} head{plural}: {why}",
    ko: "헤드 {heads}개에서는 n이 {largest} 이하여야 합니다: {why}",
  },
} as const satisfies Catalog;
