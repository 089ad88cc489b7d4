/** The sentences of `experiment bottleneck` (src/experiments/bottleneck/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const bottleneckMessages = {
  "bottleneck.claim": {
    en:
      "A plain Seq2Seq squeezes the input into one vector, so accuracy falls with length; attention removes the bottleneck.",
    ko:
      "기본 Seq2Seq는 입력 전체를 벡터 하나에 담기 때문에 길이가 길수록 정확도가 떨어지고, 어텐션은 이 병목을 없앤다.",
  },
  "bottleneck.conclusion.claim": {
    en:
      "Without attention the GRU falls from {from} exact match at length {shortest} to {to} at {longest}, while the attention models keep {others}: the fixed-size context vector is the bottleneck, and attention removes it.",
    ko:
      "어텐션 없는 GRU는 길이 {shortest}에서 {from}이던 정확도가 길이 {longest}에서 {to}(으)로 떨어지지만, 어텐션 모델은 {others}을(를) 유지합니다. 고정 크기 문맥 벡터(context vector)가 병목이고, 어텐션이 그 병목을 없앱니다.",
  },
  "bottleneck.conclusion.reversed": {
    en:
      "Here {model} lost more with length ({modelFrom} -> {modelTo}) than the GRU without attention ({from} -> {to}): this run does not show the bottleneck.",
    ko:
      "이번 측정에서는 {model}이(가) 길이에 따라 더 많이 떨어졌습니다({modelFrom} -> {modelTo}). 어텐션 없는 GRU는 {from} -> {to}였으므로 이 실행은 병목을 보여 주지 못합니다.",
  },
  "bottleneck.conclusion.flat": {
    en:
      "All models lost about the same with length (GRU without attention {plain} points, the attention models at most {worst}): no bottleneck shows at lengths {shortest}-{longest}.",
    ko:
      "길이가 늘어도 모든 모델이 비슷하게 떨어졌습니다(어텐션 없는 GRU {plain}p, 어텐션 모델 최대 {worst}p). 길이 {shortest}-{longest}에서는 병목이 보이지 않습니다.",
  },
  "bottleneck.table.exactMatch": {
    en: "exact match by source length (greedy decoding, held-out strings)",
    ko: "입력 길이별 완전 일치율 (greedy 디코딩, 학습에 없던 문자열)",
  },
  "bottleneck.chart.exactMatch": {
    en: "exact match (%) against source length",
    ko: "입력 길이에 따른 완전 일치율(%)",
  },
  "bottleneck.note.lengths": {
    en:
      "The models were trained on strings of 3-24 letters; every length here is inside that range.",
    ko: "모델은 3-24자 문자열로 학습했고, 여기서 재는 길이는 모두 그 범위 안입니다.",
  },
} as const satisfies Catalog;
