/** The sentences of `experiment sampling` (src/experiments/sampling/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const samplingMessages = {
  "sampling.claim": {
    en:
      "Temperature decides how random generation is: at T = 0 every seed gives the same greedy text; as T rises the draws differ more and take tokens the model itself finds less probable.",
    ko:
      "온도(temperature)가 생성의 무작위성을 정합니다: T = 0에서는 시드와 상관없이 늘 같은 탐욕(greedy) 디코딩 결과가 나오고, T가 오를수록 뽑을 때마다 결과가 더 달라지며 모델 스스로도 확률이 낮다고 보는 토큰이 뽑힙니다.",
  },
  "sampling.conclusion.claim": {
    en:
      "On {prompt}, at T = 0 all {n} draws are the same continuation; at T = {low} {lowDistinct} of {n} are distinct, at T = {high} {highDistinct}. The model's own probability of the drawn token falls from {p0} to {pHigh}, and the entropy of the distribution drawn from rises from {h0} to {hHigh} nats per step. {translation}",
    ko:
      "{prompt}에서 T = 0이면 {n}번 모두 같은 이어 쓰기가 나오고, T = {low}에서는 {n}개 중 {lowDistinct}개, T = {high}에서는 {highDistinct}개가 서로 다릅니다. 뽑힌 토큰에 모델이 준 확률은 평균 {p0}에서 {pHigh}(으)로 떨어지고, 뽑는 분포의 엔트로피는 단계당 {h0}에서 {hHigh} nats로 올라갑니다. {translation}",
  },
  "sampling.conclusion.flat": {
    en:
      "On {prompt}, even at T = {high} all {n} draws were the same continuation: the model is so sure of each token here that flattening its distribution did not change a draw (the drawn token's probability stays at {pHigh}). {translation}",
    ko:
      "{prompt}에서는 T = {high}에서도 {n}번 모두 같은 이어 쓰기가 나왔습니다. 이 프롬프트에서는 모델이 토큰마다 워낙 확신해서, 분포를 평평하게 해도 뽑히는 토큰이 바뀌지 않았습니다(뽑힌 토큰의 확률이 {pHigh}에 머뭅니다). {translation}",
  },
  "sampling.conclusion.unordered": {
    en:
      "On {prompt}, at T = 0 all {n} draws are the same continuation, and sampling gives more, though not in the order of T: {lowDistinct} distinct at T = {low}, {highDistinct} at T = {high} ({n} draws are few to count variety). The drawn token's probability goes from {p0} to {pHigh}. {translation}",
    ko:
      "{prompt}에서 T = 0이면 {n}번 모두 같은 이어 쓰기가 나오고, 샘플링하면 더 다양해지지만 T의 순서대로는 아닙니다: T = {low}에서 {lowDistinct}개, T = {high}에서 {highDistinct}개가 서로 다릅니다({n}번은 다양성을 세기에 적은 횟수입니다). 뽑힌 토큰의 확률은 {p0}에서 {pHigh}(으)로 바뀝니다. {translation}",
  },
  "sampling.conclusion.seedDependent": {
    en:
      "At T = 0 the {n} draws on {prompt} gave {distinct} different continuations, yet greedy decoding takes the most probable token whatever the seed: this run contradicts the claim. {translation}",
    ko:
      "{prompt}에서 T = 0의 {n}번이 서로 다른 이어 쓰기 {distinct}개를 냈습니다. greedy 디코딩은 시드와 상관없이 가장 확률 높은 토큰을 고르므로, 이 실행은 주장과 반대입니다. {translation}",
  },
  "sampling.prompt": { en: "'{text}'", ko: "'{text}'" },
  "sampling.translation.falls": {
    en:
      "On the translation prompt {prompt}, the exact match against the reference falls as T rises: {list}.",
    ko: "번역 프롬프트 {prompt}에서는 T가 오를수록 정답과의 완전 일치가 떨어집니다: {list}.",
  },
  "sampling.translation.holds": {
    en:
      "On the translation prompt {prompt}, the exact match against the reference did not fall with T: {list}.",
    ko: "번역 프롬프트 {prompt}에서는 T가 올라도 정답과의 완전 일치가 떨어지지 않았습니다: {list}.",
  },
  "sampling.at": { en: "{value} at T = {t}", ko: "T = {t}에서 {value}" },
  "sampling.table.rows": {
    en:
      "{mode} prompt {prompt}: {n} draws per row (seeds 1-{n}, up to {maxNew} new tokens), {model}",
    ko: "{mode} 프롬프트 {prompt}: 행마다 {n}번 생성(시드 1-{n}, 새 토큰 최대 {maxNew}개), {model}",
  },
  "sampling.mode.continue": { en: "continuation", ko: "이어 쓰기" },
  "sampling.mode.translate": { en: "translation", ko: "번역" },
  "sampling.table.examples": {
    en: "the most frequent continuations of {prompt} at each setting (count of {n})",
    ko: "설정마다 {prompt}의 가장 흔한 이어 쓰기({n}번 중 나온 횟수)",
  },
  "sampling.table.distribution": {
    en:
      "what T does to one distribution: the next token at step {step} of the greedy continuation of {prompt} (its least sure step; greedy took {token}), p = softmax(logits / T), the {k} most probable tokens, the rest (…) and the entropy",
    ko:
      "T가 분포 하나에 하는 일: {prompt}의 greedy 이어 쓰기 {step}번째 단계(가장 불확실한 단계, greedy는 {token}을(를) 골랐습니다)의 다음 토큰, p = softmax(logits / T), 확률 상위 {k}개와 나머지(…), 엔트로피",
  },
  "sampling.chart": {
    en: "entropy of that step's distribution (step {step} after {prompt}) against T",
    ko: "T에 따른 그 단계 분포의 엔트로피({prompt} 뒤 {step}번째 단계)",
  },
  "sampling.note.columns": {
    en:
      "distinct: different continuations among the draws; greedy %: draws equal to the T = 0 continuation; H: entropy (nats) of the distribution drawn from, per step, after T, top-k and top-p; p drawn: the drawn token's probability in that distribution (what `generate` colours); p model: its probability under the model's own softmax (T = 1, no filter).",
    ko:
      "distinct: 생성 결과 중 서로 다른 이어 쓰기의 수, greedy %: T = 0의 결과와 같은 비율, H: 단계마다 실제로 뽑은 분포(T, top-k, top-p를 적용한 뒤)의 엔트로피(nats), p drawn: 그 분포에서 뽑힌 토큰의 확률(`generate`가 색으로 보여 주는 값), p model: 모델 자신의 softmax(T = 1, 필터 없음)에서 그 토큰의 확률.",
  },
  "sampling.note.reproduce": {
    en:
      "Every row is reproducible: `generate {prompt}{flag} --temperature T --seed S` for S = 1..{n} gives the same tokens, since the draws use the same seeded generator.",
    ko:
      "모든 행은 재현됩니다: S = 1..{n}에 대해 `generate {prompt}{flag} --temperature T --seed S`가 같은 토큰을 냅니다. 같은 시드의 난수 생성기로 뽑기 때문입니다.",
  },
  "sampling.note.filters": {
    en:
      "At T = {t} the filters cut the tail: without one {plain} distinct continuations and p model {pPlain}; {filters}.",
    ko:
      "T = {t}에서 필터는 분포의 꼬리를 잘라 냅니다: 필터 없이 서로 다른 이어 쓰기 {plain}개, p model {pPlain}; {filters}.",
  },
  "sampling.note.filter": {
    en: "with {filter} {distinct} distinct and p model {p}",
    ko: "{filter}(으)로 {distinct}개, p model {p}",
  },
} as const satisfies Catalog;
