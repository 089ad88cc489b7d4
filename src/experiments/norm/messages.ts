/** The sentences of `experiment norm` (src/experiments/norm/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const normMessages = {
  "norm.claim": {
    en:
      "Pre-norm keeps the residual path clean and trains a deep Transformer at an aggressive lr; post-norm needs warmup.",
    ko:
      "pre-norm은 잔차 경로(residual path)를 깨끗하게 두어 깊은 Transformer도 큰 lr로 학습되고, post-norm은 워밍업이 필요하다.",
  },

  // The conclusion's first sentence: which placement trained better.
  "norm.verdict.pre": {
    en: "At peak lr {lr} pre-norm trained better: {facts}.",
    ko: "최대 학습률(lr) {lr}에서 pre-norm이 더 잘 학습했습니다. {facts}.",
  },
  "norm.verdict.post": {
    en: "At peak lr {lr} post-norm trained better here: {facts}. This run contradicts the claim.",
    ko:
      "최대 학습률(lr) {lr}에서 이번에는 post-norm이 더 잘 학습했습니다. {facts}. 이 실행은 주장과 반대입니다.",
  },
  "norm.verdict.same": {
    en:
      "At peak lr {lr} both placements trained about the same: {facts}. A higher lr or a deeper stack would be needed to separate them.",
    ko:
      "최대 학습률(lr) {lr}에서는 LayerNorm 위치에 따른 차이가 거의 없었습니다. {facts}. 차이를 보려면 더 큰 lr이나 더 깊은 층이 필요합니다.",
  },
  "norm.verdict.mixed": {
    en: "The evidence is mixed at peak lr {lr}: {facts}; the better placement changed with warmup.",
    ko:
      "최대 학습률(lr) {lr}에서 결과가 엇갈립니다. {facts}. 워밍업 여부에 따라 더 나은 위치가 바뀌었습니다.",
  },
  "norm.fact.losses": {
    en:
      "without warmup pre-norm ended at loss {pre} and post-norm at {post}; with {warmup} warmup steps pre-norm ended at {preWarm} and post-norm at {postWarm}",
    ko:
      "최종 손실(loss)은 워밍업(warmup) 없이 pre-norm {pre}, post-norm {post}, 워밍업 {warmup} 스텝을 두면 pre-norm {preWarm}, post-norm {postWarm}입니다",
  },
  "norm.state.stalled": {
    en: "{loss} (stalled near the unigram loss {unigram})",
    ko: "{loss}(유니그램 손실 {unigram} 근처에서 정체)",
  },
  "norm.state.nonFinite": { en: "NaN (diverged)", ko: "NaN(발산)" },
  "norm.state.rose": {
    en: "{loss} (diverged above its start {start})",
    ko: "{loss}(시작값 {start}보다 커져 발산)",
  },

  // The second sentence: what warmup changed (the Korean effects end in a verb stem).
  "norm.warmup.neither": {
    en: "Warmup barely changed either post-norm ({post}) or pre-norm ({pre}).",
    ko: "워밍업은 post-norm({post})과 pre-norm({pre}) 모두에 {effect}습니다.",
  },
  "norm.warmup.both": {
    en: "Warmup {effect} both post-norm ({post}) and pre-norm ({pre}).",
    ko: "워밍업은 post-norm({post})과 pre-norm({pre}) 모두에 {effect}습니다.",
  },
  "norm.warmup.differs": {
    en: "Warmup {onPost} post-norm ({post}) and {onPre} pre-norm ({pre}).",
    ko: "워밍업은 post-norm에 {onPost}고({post}), pre-norm에는 {onPre}습니다({pre}).",
  },
  "norm.effect.helped": { en: "helped", ko: "도움이 되었" },
  "norm.effect.hurt": { en: "hurt", ko: "오히려 해가 되었" },
  "norm.effect.none": { en: "barely changed", ko: "거의 영향이 없었" },

  // The third sentence: how even the per-layer gradients were.
  "norm.gradients.postUneven": {
    en:
      "Post-norm's gradients were the more uneven across layers: at step {step} the strongest layer got {spread}x the weakest one's gradient ({both}).",
    ko:
      "층별 기울기(gradient)는 post-norm 쪽이 더 고르지 않았습니다. {step} 스텝에서 가장 큰 층의 기울기가 가장 작은 층의 {spread}배였습니다({both}).",
  },
  "norm.gradients.preUneven": {
    en:
      "Pre-norm's gradients were the more uneven across layers: at step {step} the strongest layer got {spread}x the weakest one's gradient ({both}).",
    ko:
      "층별 기울기(gradient)는 pre-norm 쪽이 더 고르지 않았습니다. {step} 스텝에서 가장 큰 층의 기울기가 가장 작은 층의 {spread}배였습니다({both}).",
  },
  "norm.gradients.alike": {
    en:
      "Per-layer gradients were about as uneven in both placements (strongest over weakest layer at step {step}: {both}).",
    ko:
      "층별 기울기(gradient)의 고르기는 두 방식이 비슷했습니다({step} 스텝에서 가장 큰 층 / 가장 작은 층: {both}).",
  },
  "norm.gradients.both": {
    en: "pre-norm {pre}x, post-norm {post}x{start}",
    ko: "pre-norm {pre}배, post-norm {post}배{start}",
  },
  "norm.gradients.atStart": {
    en: "; at step {step}: {pre}x and {post}x",
    ko: ", {step} 스텝에서는 {pre}배와 {post}배",
  },

  // Tables, chart and notes.
  "norm.table.runs": {
    en:
      "{layers}+{layers}-layer Transformer (d {dModel}) on {task}, peak lr {lr}, {steps} steps; final = mean over the last 20% of the curve; unigram loss {unigram} = predicting token frequencies; dev EM / dev tok = exact match / token accuracy of greedy decoding on dev",
    ko:
      "{layers}+{layers}층 Transformer(d {dModel}), 과제 {task}, 최대 lr {lr}, {steps} 스텝. final은 곡선 마지막 20% 평균, 유니그램 손실 {unigram}은(는) 토큰 빈도만으로 예측할 때의 손실, dev EM / dev tok은 dev 세트 greedy 디코딩의 완전 일치율 / 토큰 정확도",
  },
  "norm.table.gradients": {
    en:
      "gradient norm per layer before clipping (sqrt of the sum of squares of the layer's parameters' gradients) at the steps shown",
    ko:
      "층별 기울기(gradient) 크기, 클리핑 전 (층 파라미터 기울기 제곱합의 제곱근), 표시한 스텝에서",
  },
  "norm.chart.loss": { en: "training loss against step", ko: "스텝에 따른 학습 손실(loss)" },
  "norm.note.setup": {
    en:
      "Same data, seed and initialization in all four runs; Adam with global gradient clipping at 1 and cosine decay after warmup. One seed: a different seed can move the numbers.",
    ko:
      "네 실행 모두 데이터, 시드(seed), 초기화가 같습니다. Adam에 전역 기울기 클리핑 1, 워밍업 뒤 코사인 감쇠를 씁니다. 시드 하나의 결과라 다른 시드에서는 숫자가 달라질 수 있습니다.",
  },
  "norm.note.firstStep": {
    en:
      "Step-1 gradients do not depend on warmup (same parameters and batch), so the table shows them once per placement.",
    ko:
      "1 스텝의 기울기는 워밍업과 무관하므로(파라미터와 미니배치(batch)가 같음) pre/post마다 한 번만 보여 줍니다.",
  },
} as const satisfies Catalog;
