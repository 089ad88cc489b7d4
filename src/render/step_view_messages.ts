/** The words of the `step` view (step_view.ts): the header, frame lines and panel titles. */
import type { Catalog } from "../platform/i18n/messages.ts";

/** What each frame of `step` shows. */
export const stepViewMessages = {
  "view.step.header": {
    en: "{model}: {input} -> {output}, {unit} at a time ({n} frames)",
    ko: "{model}: {input} -> {output}, {unit}씩 (프레임 {n}개)",
  },
  "view.step.oneStep": { en: "one step", ko: "한 단계" },
  "view.step.oneLayer": { en: "one layer", ko: "한 층" },
  "view.step.frame": { en: "── frame {i}/{n}: ", ko: "── 프레임 {i}/{n}: " },
  "view.step.encoderStep": {
    en: "encoder step {step} reads {token}",
    ko: "인코더 단계 {step}: 토큰 {token} 읽기",
  },
  "view.step.encoderState": {
    en: "h{step}, the encoder state after {token}",
    ko: "h{step}: 토큰 {token}까지 읽은 인코더 상태",
  },
  "view.step.state": { en: "state", ko: "상태" },
  "view.step.layer": { en: "layer {layer}", ko: "층 {layer}" },
  "view.step.decoderStep": {
    en: "decoder step {step} emits {token}",
    ko: "디코더 단계 {step}: 토큰 {token} 출력",
  },
  "view.step.context": {
    en: "c{t} = sum of encoder states weighted by row {t}; s{t} = decoder state",
    ko: "c{t} = 행 {t}의 가중치로 더한 인코더 상태; s{t} = 디코더 상태",
  },
  "view.step.noAttention": {
    en: "s{t}, the decoder state (no attention: it carries everything)",
    ko: "s{t}: 디코더 상태 (어텐션이 없어 이 상태 하나가 모든 것을 나릅니다)",
  },
  "view.step.encoder": { en: "encoder", ko: "인코더" },
  "view.step.decoder": { en: "decoder", ko: "디코더" },
  "view.step.where": { en: "{where} layer {layer}", ko: "{where} 층 {layer}" },
  "view.step.output": {
    en: "{where} layer {layer} output, one row per position",
    ko: "{where} 층 {layer}의 출력, 위치마다 한 행",
  },
  "view.step.alignment": {
    en: "alignment rows 1-{t}: where each output step looked in the source",
    ko: "정렬 행 1-{t}: 출력 단계마다 입력의 어디를 보았는지",
  },
  "view.step.self": {
    en: "{where} layer {layer} self-attention, mean of {heads} heads",
    ko: "{where} 층 {layer} 셀프 어텐션, 헤드 {heads}개의 평균",
  },
  "view.step.masked": {
    en: "{where} layer {layer} masked self-attention, mean of {heads} heads",
    ko: "{where} 층 {layer} 마스크된 셀프 어텐션, 헤드 {heads}개의 평균",
  },
  "view.step.cross": {
    en: "{where} layer {layer} cross-attention, mean of {heads} heads",
    ko: "{where} 층 {layer} 크로스 어텐션, 헤드 {heads}개의 평균",
  },
  // A decoder-only GPT: one frame per generation step with the KV cache (gpt_step_view.ts).
  "view.step.gptHeader": {
    en:
      "{model}, a decoder-only model with a KV cache: {prompt} -> {output}, one generation step at a time ({n} frames): the prompt in one pass, then one token per step",
    ko:
      "{model}: KV 캐시(KV cache)를 쓰는 디코더 전용(decoder-only) 모델: {prompt} -> {output}, 생성 단계 하나씩 (프레임 {n}개): 프롬프트는 한 번에, 그다음은 단계마다 토큰 하나",
  },
  "view.step.gptCacheSize": {
    en:
      "KV cache bytes = {layers} layers x 2 (K, V) x {heads} heads x {dHead} (d_head) x positions x 4 bytes; allocated up front for {positions} positions: {bytes}",
    ko:
      "KV 캐시 바이트 = 층 {layers}개 x 2 (K, V) x 헤드 {heads}개 x {dHead} (d_head) x 위치 수 x 4바이트; 위치 {positions}개 분량을 미리 잡아 둠: {bytes}",
  },
  "view.step.prefill": {
    en:
      "generation step 1 (prefill) reads the prompt's {n} tokens in one pass, emits {token} (p {p})",
    ko: "생성 단계 1 (프리필, prefill): 프롬프트 토큰 {n}개를 한 번에 읽고 {token} 출력 (p {p})",
  },
  "view.step.generation": {
    en: "generation step {step} reads {read}, emits {token} (p {p})",
    ko: "생성 단계 {step}: 토큰 {read} 읽기, {token} 출력 (p {p})",
  },
  "view.step.prefillGrid": {
    en:
      "layer {layer} causal self-attention over the prompt, mean of {heads} heads: every position's keys and values go into the cache",
    ko:
      "층 {layer} 프롬프트의 인과적 셀프 어텐션, 헤드 {heads}개의 평균: 모든 위치의 키와 값이 캐시에 들어갑니다",
  },
  "view.step.newQuery": {
    en: "layer {layer}: the new query {token} over all {n} cached positions, mean of {heads} heads",
    ko: "층 {layer}: 새 쿼리 {token}에서 캐시된 위치 {n}개 전부로, 헤드 {heads}개의 평균",
  },
  "view.step.queryAxis": { en: "new position (query)", ko: "새 위치 (쿼리)" },
  "view.step.keyAxis": { en: "cached position (key)", ko: "캐시된 위치 (키)" },
  "view.step.cachePrefill": {
    en: "KV cache: {positions} positions, {bytes} ({exact} bytes): the prompt's keys and values",
    ko: "KV 캐시: 위치 {positions}개, {bytes} ({exact}바이트): 프롬프트의 키와 값",
  },
  "view.step.cacheGrew": {
    en:
      "KV cache: {positions} positions (+1), {bytes} ({exact} bytes): only {token} was projected to K and V; without the cache all {positions} would be, at every layer",
    ko:
      "KV 캐시: 위치 {positions}개 (+1), {bytes} ({exact}바이트): 새로 K와 V를 계산한 것은 {token} 하나뿐; 캐시가 없으면 층마다 {positions}개 전부를 다시 계산합니다",
  },
  "view.step.p": {
    en: "p = softmax of the logits (greedy: the most probable token every step)",
    ko: "p = 로짓의 softmax (탐욕적 선택: 단계마다 가장 확률이 높은 토큰)",
  },
} as const satisfies Catalog;
