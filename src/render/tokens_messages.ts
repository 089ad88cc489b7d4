/** The words of the `tokens` and `tokenizer` views in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const tokensMessages = {
  "tokens.source.inTool": {
    en: "ko-en BPE trained in-tool on {n} sequences, {vocab} tokens",
    ko: "ko-en 말뭉치 {n}개 시퀀스로 학습한 BPE, 토큰 {vocab}개",
  },
  "tokens.source.model": {
    en: "BPE of {model}, {vocab} tokens",
    ko: "{model}의 BPE, 토큰 {vocab}개",
  },
  "tokens.title": {
    en: "{count} tokens for {words} words ({source})",
    ko: "단어 {words}개 → 토큰 {count}개 ({source})",
  },
  "tokens.legend": {
    en: "▁ starts a word; a token without it continues the word before. Ids below each token.",
    ko: "▁는 단어의 시작입니다. ▁ 없는 토큰은 앞 단어에 이어집니다. 토큰 아래는 id입니다.",
  },
  "tokens.unknown": {
    en: "<unk> (id 3): characters never seen in training: {chars}",
    ko: "<unk> (id 3): 학습 때 한 번도 못 본 문자: {chars}",
  },
  "tokenizer.title": {
    en: "{source}: {specials} specials + {chars} characters + {merges} merges",
    ko: "{source}: 특수 토큰 {specials}개 + 문자 {chars}개 + 병합 {merges}개",
  },
  "tokenizer.first": {
    en: "The first {n} merges, in the order they were learned:",
    ko: "처음 배운 병합 {n}개, 배운 순서대로:",
  },
  "tokenizer.rank": { en: "#", ko: "#" },
  "tokenizer.pair": { en: "pair", ko: "쌍" },
  "tokenizer.token": { en: "token", ko: "토큰" },
  "tokenizer.count": { en: "count", ko: "횟수" },
  "tokenizer.particles": {
    en: "Korean particles and endings that are tokens: {list}",
    ko: "토큰이 된 한국어 조사와 어미: {list}",
  },
  "tokenizer.suffixes": {
    en: "English suffixes that are tokens: {list}",
    ko: "토큰이 된 영어 접미사: {list}",
  },
  "tokenizer.none": { en: "none", ko: "없음" },
  "tokenizer.merge": { en: "merge {n}", ko: "병합 {n}" },
  "tokenizer.chars": { en: "characters: {list}", ko: "문자 그대로: {list}" },
} as const satisfies Catalog;
