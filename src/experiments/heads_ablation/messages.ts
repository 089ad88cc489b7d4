/** The sentences of `experiment heads-ablation` (src/experiments/heads_ablation/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const headsAblationMessages = {
  "headsAblation.claim": {
    en:
      "Not every head is needed: switching most single heads off barely moves the held-out loss, a few carry most of it, and the heads that attend most sharply are the ones that matter.",
    ko:
      "모든 헤드가 필요하지는 않다: 헤드 하나를 꺼도 대부분은 평가 손실이 거의 그대로이고 소수가 손실 상승의 대부분을 차지하며, 가장 뾰족하게 보는 헤드가 중요한 헤드다.",
  },
  "headsAblation.conclusion.few": {
    en:
      "{k} of {n} heads matter: removing one of them alone raises the held-out loss by at least 10% of the summed rise: {list}; together they carry {share} of it. {rest} {entropy}",
    ko:
      "헤드 {n}개 중 {k}개가 중요합니다. 그 하나만 꺼도 평가 손실이 전체 상승 합의 10% 이상 오릅니다: {list}. 이들이 합해서 상승의 {share}을(를) 차지합니다. {rest} {entropy}",
  },
  "headsAblation.conclusion.spread": {
    en:
      "No single head of {n} matters much on its own: the largest rise ({top}) is {share} of the summed rise, below 10%; the work is spread over the heads. {rest} {entropy}",
    ko:
      "헤드 {n}개 중 혼자서 크게 중요한 헤드는 없습니다. 가장 큰 상승({top})도 전체 상승 합의 {share}로 10%에 못 미칩니다. 일이 여러 헤드에 나뉘어 있습니다. {rest} {entropy}",
  },
  "headsAblation.negligible": {
    en: "Heads whose removal changes the loss by less than 1% of the loss itself: {m} of {n}.",
    ko: "끄더라도 손실이 손실 자체의 1%도 바뀌지 않는 헤드: {n}개 중 {m}개.",
  },
  "headsAblation.entropy.agrees": {
    en:
      "The ranking agrees with the attention-entropy ranking of 'experiment heads': Spearman rho = {rho} between the rise and how focused a head is (beyond ±{level}, the 5% level for {n} heads): focused heads matter more.",
    ko:
      "이 순위는 'experiment heads'의 어텐션 엔트로피 순위와 일치합니다. 상승과 헤드의 뾰족함 사이의 스피어만 rho = {rho}(헤드 {n}개의 5% 기준 ±{level} 밖): 뾰족한 헤드가 더 중요합니다.",
  },
  "headsAblation.entropy.reversed": {
    en:
      "The ranking runs against the attention-entropy ranking of 'experiment heads': Spearman rho = {rho} between the rise and how focused a head is (beyond ±{level}, the 5% level for {n} heads): the diffuse heads matter more.",
    ko:
      "이 순위는 'experiment heads'의 어텐션 엔트로피 순위와 반대입니다. 상승과 헤드의 뾰족함 사이의 스피어만 rho = {rho}(헤드 {n}개의 5% 기준 ±{level} 밖): 넓게 퍼진 헤드가 더 중요합니다.",
  },
  "headsAblation.entropy.independent": {
    en:
      "The ranking does not follow the attention-entropy ranking of 'experiment heads': Spearman rho = {rho} between the rise and how focused a head is, within ±{level} (the 5% level for {n} heads): how sharply a head attends does not tell how much the model needs it.",
    ko:
      "이 순위는 'experiment heads'의 어텐션 엔트로피 순위를 따르지 않습니다. 상승과 헤드의 뾰족함 사이의 스피어만 rho = {rho}로 ±{level}(헤드 {n}개의 5% 기준) 안입니다: 헤드가 얼마나 뾰족하게 보는지로는 모델이 그 헤드를 얼마나 필요로 하는지 알 수 없습니다.",
  },
  "headsAblation.entropy.undefined": {
    en: "The rank correlation with the entropy ranking is undefined here (too few heads, or ties).",
    ko: "여기서는 엔트로피 순위와의 순위 상관을 정의할 수 없습니다(헤드가 너무 적거나 모두 같음).",
  },
  "headsAblation.table": {
    en:
      "{model}: held-out loss (teacher-forced cross-entropy per target token, {sentences} test sentences, {tokens} tokens) with one head zero-ablated; every head on: {base}",
    ko:
      "{model}: 헤드 하나를 0으로 끈 평가 손실(목표 토큰당 teacher forcing 교차 엔트로피, 테스트 문장 {sentences}개, 토큰 {tokens}개). 모든 헤드를 켰을 때: {base}",
  },
  "headsAblation.note.zero": {
    en:
      "Zero ablation sets a head's output to 0 before W^O, which is the same as zeroing its columns of W^O (PyTorch's out_proj.weight): tests/torch checks the ko-en-transformer's numbers against PyTorch on the exported model. 'ablate <text> --head {spec}' shows one sentence.",
    ko:
      "0 소거는 헤드의 출력을 W^O 앞에서 0으로 만드는 것으로, W^O(PyTorch의 out_proj.weight)에서 그 헤드의 열을 0으로 만드는 것과 같습니다. tests/torch가 내보낸 ko-en-transformer로 PyTorch와 이 수치를 맞춰 봅니다. 문장 하나로 보려면 'ablate <문장> --head {spec}'.",
  },
  "headsAblation.noHeads": {
    en: "expected a model with attention heads, got {model}, which has none",
    ko: "어텐션 헤드가 있는 모델이어야 합니다. {model}에는 헤드가 없습니다",
  },
  "headsAblation.note.stacks": {
    en:
      "Within one stack: rho = {a} over the encoder's {encoder} heads (5% level ±{levelA}), rho = {b} over the decoder's {decoder} (self and cross, ±{levelB}).",
    ko:
      "스택 안에서만 보면: 인코더 헤드 {encoder}개에서 rho = {a}(5% 기준 ±{levelA}), 디코더 헤드 {decoder}개(자기와 교차)에서 rho = {b}(±{levelB}).",
  },
  "headsAblation.note.stacksOnly": {
    en:
      "Within one stack the agreement is not significant: rho = {a} over the encoder's {encoder} heads (5% level ±{levelA}), rho = {b} over the decoder's {decoder} (self and cross, ±{levelB}); the pooled rho comes mostly from the two stacks differing as wholes.",
    ko:
      "스택 안에서만 보면 유의하지 않습니다: 인코더 헤드 {encoder}개에서 rho = {a}(5% 기준 ±{levelA}), 디코더 헤드 {decoder}개(자기와 교차)에서 rho = {b}(±{levelB}). 전체 rho는 주로 두 스택 전체의 차이에서 나옵니다.",
  },
  "headsAblation.note.one": {
    en:
      "One head at a time: two heads that do the same job can each look unimportant, since the other covers for it (Michel et al. 2019 prune heads in order for this reason).",
    ko:
      "한 번에 헤드 하나씩만 끕니다. 같은 일을 하는 두 헤드는 서로를 대신하므로 각각은 중요하지 않아 보일 수 있습니다(Michel 외 2019가 헤드를 차례로 잘라 보는 이유).",
  },
} as const satisfies Catalog;
