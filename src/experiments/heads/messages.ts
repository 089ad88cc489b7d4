/** The sentences of `experiment heads` (src/experiments/heads/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const headsMessages = {
  "heads.claim": {
    en:
      "h heads of d/h dims each cost about the same as one full-width head, and the heads learn different patterns.",
    ko:
      "d/h 차원짜리 헤드 h개는 전체 폭의 헤드 하나와 비용이 거의 같고, 헤드마다 서로 다른 패턴을 배운다.",
  },

  // The conclusion: one of four sentences, built from the facts below.
  "heads.conclusion.claim": {
    en:
      "Splitting d_model into heads costs about the same as one full-width head ({time}), and the heads learn different patterns: {heads}.",
    ko:
      "d_model을 여러 헤드로 나눠도 전체 폭의 헤드 하나와 비용이 거의 같고({time}), 헤드들은 서로 다른 패턴을 배웁니다. {heads}.",
  },
  "heads.conclusion.costDiffers": {
    en: "The heads learn different patterns ({heads}), but the cost is not the same: {time}{why}.",
    ko: "헤드들은 서로 다른 패턴을 배우지만({heads}), 비용은 같지 않습니다. {time}{why}.",
  },
  "heads.conclusion.headsAlike": {
    en:
      "The cost is about the same ({time}), but the heads did not learn clearly different patterns: {heads}; {bar}.",
    ko:
      "비용은 거의 같지만({time}), 헤드들이 뚜렷하게 다른 패턴을 배우지는 않았습니다. {heads}. {bar}.",
  },
  "heads.conclusion.neither": {
    en: "This run shows neither half of the claim: {time}{why}; and {heads}; {bar}.",
    ko: "이번 실행은 주장의 어느 쪽도 보여 주지 못합니다. {time}{why}. 그리고 {heads}. {bar}.",
  },
  "heads.fact.time": {
    en:
      "{many} heads took {ratio}x the time of 1 head at n = {longest} ({shortRatio}x at n = {shortest}; geometric means over d_model and passes)",
    ko:
      "n = {longest}에서 헤드 {many}개는 헤드 1개의 {ratio}배 시간이 걸렸습니다(n = {shortest}에서는 {shortRatio}배, d_model과 패스에 대한 기하평균)",
  },
  "heads.fact.whyGrows": {
    en:
      ": the multiply-adds stay n^2 d, but the scores, their softmax and the weights grow to h n^2 values",
    ko: ". 곱셈-덧셈 수는 n^2 d로 같지만, 점수와 softmax, 가중치는 h n^2개로 늘어납니다",
  },
  "heads.fact.heads": {
    en:
      "the trained heads differ by a mean Jensen-Shannon divergence of {jsd} bits ({untrained} untrained{shipped})",
    ko:
      "학습된 헤드끼리의 평균 젠슨-섀넌 발산(Jensen-Shannon divergence)은 {jsd}비트입니다(학습 전 {untrained}{shipped})",
  },
  "heads.fact.shipped": {
    en: "; the shipped {model}: {jsd}",
    ko: ", 배포된 {model}: {jsd}",
  },
  "heads.fact.bar": {
    en: "heads count as different from {diverse} bits and {learned} above untrained",
    ko: "{diverse}비트 이상이면서 학습 전보다 {learned}비트 넘게 높아야 서로 다르다고 봅니다",
  },

  // Tables, chart, grids and notes.
  "heads.task.letters": { en: "{task} 3-{max} letters", ko: "{task} 3-{max}자" },
  "heads.table.timing": {
    en: "one attention layer: median ms with 1 head and {many} heads at equal d_model ({clock})",
    ko: "어텐션 층 하나: 같은 d_model에서 헤드 1개와 {many}개의 시간 중앙값(ms, {clock})",
  },
  "heads.table.patterns": {
    en:
      "heads on held-out inputs: H (mean, min-max over heads) and mean pairwise JSD (bits) per attention",
    ko:
      "학습에 없던 입력에서의 헤드: 어텐션마다 H(평균, 헤드별 최소-최대)와 헤드 쌍의 평균 JSD(비트)",
  },
  "heads.chart.ratio": {
    en: "time of {many} heads / time of 1 head, at equal d_model",
    ko: "같은 d_model에서 헤드 {many}개의 시간 / 헤드 1개의 시간",
  },
  "heads.grid.head": {
    en: "{model} head {head}, {attention} ({facts})",
    ko: "{model} 헤드 {head}, {attention} ({facts})",
  },
  "heads.note.timing": {
    en:
      "Times are medians of one MultiHeadAttention layer (batch {batch}) with the tape recording, so both head counts run the same kernels; the two models differ only in h (task {task}, d_model {dModel}, 1 + 1 layers, seed {seed}, {steps} steps).",
    ko:
      "시간은 MultiHeadAttention 층 하나(배치 {batch})를 테이프(tape) 기록 상태로 잰 중앙값이라 두 헤드 수가 같은 커널을 씁니다. 두 모델은 h만 다릅니다(과제 {task}, d_model {dModel}, 인코더·디코더 각 1층, 시드 {seed}, {steps} 스텝).",
  },
  "heads.note.measures": {
    en:
      "H is a head's mean row entropy as a share of its maximum (1: uniform); JSD is the Jensen-Shannon divergence between heads in bits (0: the same weights, 1: disjoint), averaged over rows of held-out inputs.",
    ko:
      "H는 헤드의 행 엔트로피 평균을 최댓값 대비 비율로 나타낸 것이고(1: 균등), JSD는 헤드 사이의 젠슨-섀넌 발산을 비트로 잰 것입니다(0: 같은 가중치, 1: 겹치지 않음). 학습에 없던 입력의 행마다 평균했습니다.",
  },
} as const satisfies Catalog;
