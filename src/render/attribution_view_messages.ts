/** The words of the `rollout` and `saliency` views (rollout_view.ts, saliency_view.ts). */
import type { Catalog } from "../platform/i18n/messages.ts";

export const attributionViewMessages = {
  "view.rollout.title": {
    en: "{model}: attention rollout over the {stack} ({layers} layers, heads averaged)",
    ko: "{model}: {stack}의 어텐션 롤아웃 (층 {layers}개, 헤드 평균)",
  },
  "view.rollout.encoder": { en: "encoder's self-attention", ko: "인코더 셀프 어텐션" },
  "view.rollout.decoder": {
    en: "GPT's causal self-attention (prompt and output)",
    ko: "GPT 인과 셀프 어텐션 (프롬프트와 출력)",
  },
  "view.rollout.left": {
    en: "rollout R = Â_{last}…Â_0, Â = 0.5·A + 0.5·I (the residual)",
    ko: "롤아웃 R = Â_{last}…Â_0, Â = 0.5·A + 0.5·I (잔차 연결)",
  },
  "view.rollout.right": {
    en: "raw attention of the last layer {layer} (mean of {heads} heads)",
    ko: "마지막 층 {layer}의 원래 어텐션 (헤드 {heads}개 평균)",
  },
  "view.rollout.distance": {
    en:
      "rollout vs raw: mean Jensen-Shannon divergence {js} bits per row (0: the same, 1: disjoint); the brightest column differs in {differ} of {rows} rows",
    ko:
      "롤아웃과 원래 어텐션의 거리: 행마다 젠슨-섀넌 발산 평균 {js}비트 (0: 같음, 1: 겹치지 않음), 가장 밝은 열이 다른 행은 {rows}개 중 {differ}개",
  },
  "view.rollout.close": {
    en:
      "→ close (under {limit} bits): here the last layer's attention already shows where the information came from",
    ko:
      "→ 가깝습니다 ({limit}비트 미만): 여기서는 마지막 층의 어텐션만 봐도 정보가 어디서 왔는지 보입니다",
  },
  "view.rollout.closeButMoved": {
    en:
      "→ close on average (under {limit} bits), yet the brightest column differs in {differ} rows: which token looks most attended there depends on whether the layers below and the residual are counted",
    ko:
      "→ 평균으로는 가깝지만({limit}비트 미만) 가장 밝은 열이 {differ}개 행에서 다릅니다: 그 행들에서 가장 많이 보는 듯한 토큰은 아래 층과 잔차 연결을 셈에 넣느냐에 달려 있습니다",
  },
  "view.rollout.far": {
    en:
      "→ apart ({limit} bits or more): the last layer's attention alone does not show where the information came from; the layers below and the residual mix it first",
    ko:
      "→ 다릅니다 ({limit}비트 이상): 마지막 층의 어텐션만으로는 정보가 어디서 왔는지 알 수 없습니다. 아래 층과 잔차 연결이 먼저 섞습니다",
  },
  "view.saliency.title": {
    en:
      "{model}: gradient x input saliency of each output token over the source, beside the model's attention",
    ko: "{model}: 출력 토큰마다 입력 토큰의 기울기×입력 중요도, 모델의 어텐션과 나란히",
  },
  "view.saliency.left": {
    en: "|gradient x input|, each row normalised",
    ko: "|기울기×입력|, 행마다 정규화",
  },
  "view.saliency.cross": {
    en: "cross-attention of the last decoder layer {layer} (mean of {heads} heads)",
    ko: "마지막 디코더 층 {layer}의 크로스 어텐션 (헤드 {heads}개 평균)",
  },
  "view.saliency.alignment": { en: "the RNN's alignment", ko: "RNN 정렬" },
  "view.saliency.decoder": {
    en:
      "self-attention of layer {layer} (mean of {heads} heads), output rows over the prompt, renormalised",
    ko: "층 {layer}의 셀프 어텐션 (헤드 {heads}개 평균), 출력 행의 프롬프트 열만 다시 정규화",
  },
  "view.saliency.agreement": {
    en:
      "Is attention an explanation here? Spearman rank correlation of saliency and attention per output token: {perRow}; mean {mean} (1: the same order, 0: unrelated, -1: reversed)",
    ko:
      "여기서 어텐션은 설명이 될까요? 출력 토큰마다 중요도와 어텐션의 스피어만 순위 상관: {perRow}; 평균 {mean} (1: 같은 순서, 0: 무관, -1: 반대)",
  },
  "view.saliency.strong": {
    en:
      "→ yes, largely (mean ≥ {high}): attention ranks the source tokens much as the gradient does",
    ko:
      "→ 대체로 그렇습니다 (평균 {high} 이상): 어텐션이 입력 토큰의 순위를 기울기와 거의 같게 매깁니다",
  },
  "view.saliency.partly": {
    en:
      "→ partly ({low} ≤ mean < {high}): the token attention looks at most is not always the one the output depends on most",
    ko:
      "→ 부분적으로만 그렇습니다 ({low} ≤ 평균 < {high}): 어텐션이 가장 많이 보는 토큰이 출력이 가장 기대는 토큰과 늘 같지는 않습니다",
  },
  "view.saliency.weak": {
    en:
      "→ hardly (mean < {low}): here attention does not rank the source tokens as the gradient does",
    ko:
      "→ 거의 아닙니다 (평균 {low} 미만): 여기서 어텐션은 입력 토큰의 순위를 기울기와 다르게 매깁니다",
  },
  "view.saliency.undefined": { en: "n/a", ko: "없음" },
  "view.saliency.noAttention": {
    en:
      "{model} has no attention to compare (an RNN without attention): the saliency alone shows which source tokens each output token depends on",
    ko:
      "{model}에는 비교할 어텐션이 없습니다(어텐션 없는 RNN). 각 출력 토큰이 어느 입력 토큰에 기대는지는 중요도만으로 봅니다",
  },
  "view.saliency.signed": {
    en: "signed values (positive: raises log p of the output token) are in --json's raw",
    ko: "부호 있는 값(양수: 출력 토큰의 log p를 높임)은 --json의 raw에 있습니다",
  },
} as const satisfies Catalog;
