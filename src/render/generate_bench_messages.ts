/** The words `bench generate` adds to the bench view (src/render/generate_bench_notes.ts). */
import type { Catalog } from "../platform/i18n/messages.ts";

export const generateBenchMessages = {
  "view.bench.generate.same": {
    en:
      "same tokens with and without the KV cache over {steps} greedy steps; largest |logit difference| {diff}",
    ko: "KV 캐시가 있을 때와 없을 때 greedy {steps}단계의 토큰이 같음; 가장 큰 |로짓 차이| {diff}",
  },
  "view.bench.generate.differ": {
    en:
      "the KV cache changed the tokens: they first differ at prefix length {n} (largest |logit difference| {diff} before it)",
    ko:
      "KV 캐시가 토큰을 바꿈: 접두 길이 {n}에서 처음 달라짐 (그 전까지 가장 큰 |로짓 차이| {diff})",
  },
  "view.bench.generate.cache": {
    en: "KV cache bytes by prefix length: {list}",
    ko: "접두 길이별 KV 캐시 크기: {list}",
  },
  "view.bench.generate.slopes": {
    en: "log-log slope of time per token against n: with the cache {cache}, without {nocache}",
    ko: "n에 대한 토큰당 시간의 로그-로그 기울기: 캐시 사용 {cache}, 미사용 {nocache}",
  },
  "view.bench.generate.model": {
    en: "model: GPT d={d} h={h} L={l}, vocabulary {v}, one-token prompt, greedy",
    ko: "모델: GPT d={d} h={h} L={l}, 어휘 {v}개, 토큰 하나짜리 프롬프트, greedy",
  },
} as const satisfies Catalog;
