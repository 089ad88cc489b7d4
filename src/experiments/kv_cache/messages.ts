/** The sentences of `experiment kv-cache` (src/experiments/kv_cache/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const kvCacheMessages = {
  "kvCache.claim": {
    en:
      "With a KV cache the time of one generated token stays flat as the prefix grows; recomputing the prefix makes it grow with the prefix.",
    ko:
      "KV 캐시가 있으면 토큰 하나를 만드는 시간이 접두가 길어져도 거의 일정하고, 접두를 매번 다시 계산하면 접두 길이에 따라 늘어난다.",
  },
  "kvCache.conclusion.claim": {
    en:
      "Recomputing the prefix, a step grows with it: {nocache}. With the KV cache it stays about flat: {cache}. At n = {n} the cache makes a step {speedup}x faster, for {bytes} of keys and values.",
    ko:
      "접두를 다시 계산하면 한 단계의 시간이 접두와 함께 늘어납니다: {nocache}. KV 캐시를 쓰면 거의 일정합니다: {cache}. n = {n}에서 캐시는 한 단계를 {speedup}배 빠르게 하고, 그 대가로 키와 값을 {bytes}만큼 보관합니다.",
  },
  "kvCache.conclusion.both": {
    en:
      "Both grow, the recomputing one faster: without the cache {nocache}; with it {cache}. At n = {n} the cache makes a step {speedup}x faster, for {bytes} of keys and values.",
    ko:
      "둘 다 늘어나지만 다시 계산하는 쪽이 더 빠르게 늘어납니다: 캐시 없이 {nocache}, 캐시를 쓰면 {cache}. n = {n}에서 캐시는 한 단계를 {speedup}배 빠르게 하고, 그 대가로 키와 값을 {bytes}만큼 보관합니다.",
  },
  "kvCache.conclusion.reversed": {
    en:
      "Here the step with the cache grew faster than the one without: with it {cache}; without {nocache}. This run contradicts the claim.",
    ko:
      "이번 측정에서는 캐시를 쓴 단계가 오히려 더 빠르게 늘어났습니다: 캐시 사용 {cache}, 미사용 {nocache}. 이 실행은 주장과 반대입니다.",
  },
  "kvCache.conclusion.same": {
    en:
      "The measurement did not show the difference: with the cache {cache}; without {nocache}. Up to n = {n} fixed costs per step (dispatches, reading the logits back) hide what the prefix costs.",
    ko:
      "이번 측정으로는 차이가 드러나지 않았습니다: 캐시 사용 {cache}, 미사용 {nocache}. n = {n}까지는 단계마다 드는 고정 비용(디스패치, 로짓 읽어 오기)이 접두의 비용을 가립니다.",
  },
  "kvCache.growth": {
    en: "slope {slope}, {from} ms at n = {first} to {to} ms at n = {last} ({times}x)",
    ko: "기울기 {slope}, n = {first}에서 {from} ms, n = {last}에서 {to} ms({times}배)",
  },
  "kvCache.differ": {
    en:
      "Caution: the tokens with and without the cache first differ at prefix length {n} (largest |logit difference| {diff}).",
    ko:
      "주의: 캐시가 있을 때와 없을 때의 토큰이 접두 길이 {n}에서 처음 달라집니다(가장 큰 |로짓 차이| {diff}).",
  },
  "kvCache.same": {
    en:
      "The same greedy tokens with and without the cache over {steps} steps (largest |logit difference| {diff}): the cache changes the cost, not the result.",
    ko:
      "캐시가 있을 때와 없을 때 greedy 토큰이 {steps}단계 내내 같습니다(가장 큰 |로짓 차이| {diff}). 캐시는 결과가 아니라 비용을 바꿉니다.",
  },
  "kvCache.table": {
    en:
      "time of one new token after a prefix of n tokens (median over repetitions, wall clock, logits read back), GPT d={d} h={h} L={l}, random weights",
    ko:
      "n개 토큰의 접두 뒤에 새 토큰 하나를 만드는 시간(반복의 중앙값, 벽시계, 로짓 읽어 오기 포함), GPT d={d} h={h} L={l}, 무작위 가중치",
  },
  "kvCache.chart": {
    en: "time per new token (ms) against the prefix length n, log-log",
    ko: "접두 길이 n에 따른 새 토큰당 시간(ms), 로그-로그",
  },
  "kvCache.note.cost": {
    en:
      "Without the cache each step runs all n positions through every layer (about n times the work of one position); with it one position is projected and attends over n cached keys, whose n dot products are small beside the fixed work at these sizes.",
    ko:
      "캐시가 없으면 단계마다 n개 위치 전부가 모든 층을 다시 지나갑니다(위치 하나의 약 n배 작업). 캐시를 쓰면 위치 하나만 투영하고 캐시된 키 n개에 어텐션하는데, 이 크기에서는 그 n번의 내적이 고정 작업에 비해 작습니다.",
  },
} as const satisfies Catalog;
