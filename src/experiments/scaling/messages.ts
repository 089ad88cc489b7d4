/** The sentences of `experiment scaling` (src/experiments/scaling/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const scalingMessages = {
  "scaling.claim": {
    en:
      "Without dividing by sqrt(d_k), scores grow with d_k, softmax saturates and its gradient vanishes.",
    ko:
      "sqrt(d_k)로 나누지 않으면 d_k가 커질수록 점수가 커져 softmax가 포화되고 기울기가 사라진다.",
  },
  "scaling.conclusion.claim": {
    en:
      "Without 1/sqrt(d_k) the softmax saturates as d_k grows: {facts}. Scaling keeps the scores at unit variance and the gradient alive.",
    ko:
      "1/sqrt(d_k) 없이는 d_k가 커질수록 softmax가 포화(saturation)됩니다. {facts}. 스케일링은 점수의 분산을 1로 유지해 기울기를 살립니다.",
  },
  "scaling.conclusion.reversed": {
    en:
      "Here the scaled softmax was the more saturated one: {facts}. This run contradicts the claim.",
    ko:
      "이번 측정에서는 스케일을 적용한 쪽이 더 포화되었습니다. {facts}. 이 실행은 주장과 반대입니다.",
  },
  "scaling.conclusion.same": {
    en:
      "Both versions behave about the same up to d_k {dk}: {facts}. No saturation shows at these sizes.",
    ko: "d_k {dk}까지 두 경우가 비슷합니다. {facts}. 이 크기에서는 포화가 보이지 않습니다.",
  },
  "scaling.conclusion.mixed": {
    en: "The evidence is mixed: {facts}. Entropy and gradient do not agree in this run.",
    ko:
      "결과가 엇갈립니다. {facts}. 이번 실행에서는 엔트로피와 기울기가 같은 방향을 가리키지 않습니다.",
  },
  "scaling.fact": {
    en:
      "at d_k {dk} row entropy is {unscaled} of its maximum unscaled and {scaled} scaled; the softmax passes back a gradient {times}x {direction} unscaled",
    ko:
      "d_k {dk}에서 행 엔트로피는 스케일 없이 최댓값의 {unscaled}, 스케일 적용 시 {scaled}이고, softmax가 돌려주는 기울기는 스케일이 없을 때 {times}배 {direction}",
  },
  "scaling.direction.smaller": { en: "smaller", ko: "작습니다" },
  "scaling.direction.larger": { en: "larger", ko: "큽니다" },
  "scaling.table": {
    en:
      "softmax over {keys} keys, scaled by 1/sqrt(d_k) or raw: row entropy H (max ln {keys} = {maxEntropy} nats), largest weight, gradient norm at the softmax input per row",
    ko:
      "키 {keys}개에 대한 softmax, 1/sqrt(d_k) 스케일(scaled) 또는 그대로(raw): 행 엔트로피 H(최대 ln {keys} = {maxEntropy} nats), 가장 큰 가중치, 행마다 softmax 입력에서의 기울기 크기",
  },
  "scaling.chart": { en: "row entropy (nats) against d_k", ko: "d_k에 따른 행 엔트로피(nats)" },
  "scaling.note.inputs": {
    en:
      "Q and K entries are independent draws of N(0, 1), as after a LayerNorm; G is a random upstream gradient.",
    ko:
      "Q와 K의 원소는 LayerNorm 직후처럼 N(0, 1)에서 독립적으로 뽑았고, G는 무작위 상위 기울기입니다.",
  },
} as const satisfies Catalog;
