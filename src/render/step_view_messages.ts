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
    ko: "{where} 층 {layer} 교차 어텐션, 헤드 {heads}개의 평균",
  },
} as const satisfies Catalog;
