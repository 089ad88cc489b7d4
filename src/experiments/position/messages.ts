/** The sentences of `experiment position` (src/experiments/position/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const positionMessages = {
  "position.claim": {
    en:
      "Attention is order-blind, so position must be injected: sinusoidal and learned encodings do not extrapolate beyond the trained length; RoPE's q.k depends only on i - j.",
    ko:
      "어텐션은 순서를 모르므로 위치를 넣어 주어야 한다. 사인파와 학습된 위치 인코딩은 학습 길이 너머로 잘 외삽되지 않고, RoPE의 q.k는 i - j에만 의존한다.",
  },

  // The conclusion: when some model learned the task, one of four sentences around the facts.
  "position.conclusion.notLearned": {
    en:
      "No encoding learned the task within {L} letters (best exact match {best}), so this run cannot tell how they extrapolate; {order}; {shift}.",
    ko:
      "어떤 인코딩도 {L}자 이내에서 과제를 익히지 못했으므로(최고 완전 일치율 {best}) 이 실행으로는 길이 외삽(extrapolation)을 판단할 수 없습니다. {order}. {shift}.",
  },
  "position.conclusion.claim": {
    en: "Positions must be injected, and they do not extrapolate for free: {facts}.",
    ko:
      "위치 정보는 따로 넣어 주어야 하고, 학습 길이를 넘어서까지 저절로 통하지는 않습니다. {facts}.",
  },
  "position.conclusion.reversed": {
    en: "This run contradicts the claim: {facts}.",
    ko: "이번 실행은 주장과 반대입니다. {facts}.",
  },
  "position.conclusion.unclear": {
    en: "No clear result: every difference fell between the thresholds: {facts}.",
    ko: "뚜렷한 결과가 없습니다. 모든 차이가 판단 기준 사이에 있습니다. {facts}.",
  },
  "position.conclusion.mixed": {
    en: "The evidence is mixed: {agree} agreed with the claim, {disagree} did not: {facts}.",
    ko:
      "결과가 엇갈립니다. {agree}은(는) 주장과 맞았지만 {disagree}은(는) 맞지 않았습니다. {facts}.",
  },
  "position.part.order": {
    en: "order-blindness without positions",
    ko: "위치 없는 모델의 순서 무시",
  },
  "position.part.drop": {
    en: "the sinusoidal drop beyond {L} letters",
    ko: "{L}자 너머 사인파 인코딩의 하락",
  },
  "position.part.shift": { en: "RoPE's shift invariance", ko: "RoPE의 이동 불변성" },

  // The facts.
  "position.facts": { en: "{order}; {lengths}; {shift}", ko: "{order}. {lengths}. {shift}" },
  "position.fact.order": {
    en:
      "with positions removed, reversing the input moved the logits by {blind} of their rms (models with positions: at least {positioned})",
    ko:
      "위치 정보를 빼면 입력을 뒤집어도 로짓(logits)이 rms의 {blind}배만큼만 바뀝니다(위치 정보가 있는 모델은 최소 {positioned}배)",
  },
  "position.fact.lengths": {
    en:
      "trained on {shortest}-{L} letters, exact match fell from {within} to {beyond} beyond {L}{undefined}, and {best}",
    ko:
      "{shortest}-{L}자로 학습한 뒤 {L}자를 넘기면 완전 일치율(exact match)이 {within}에서 {beyond}{undefined}로 떨어졌고, {best}",
  },
  "position.fact.undefinedBeyond": {
    en: " ({encodings}: undefined there)",
    ko: "({encodings}: 정의되지 않음)",
  },
  "position.fact.best": {
    en: "{pe} kept the most per-token accuracy beyond {L} ({tokens})",
    ko:
      "{L}자를 넘는 길이에서 토큰 정확도(token accuracy)를 가장 많이 지킨 것은 {pe}입니다({tokens})",
  },
  "position.fact.noBest": {
    en: "no encoding kept clearly more per-token accuracy beyond {L} than another ({tokens})",
    ko:
      "{L}자를 넘는 길이에서 토큰 정확도(token accuracy)가 뚜렷하게 더 높은 인코딩은 없습니다({tokens})",
  },
  "position.fact.shift": {
    en:
      "shifting both positions moved RoPE's q.k by at most {rope} (scores of rms {ropeRms}) and the sinusoidal-added vectors' by {sinusoidal} (rms {sinusoidalRms})",
    ko:
      "두 위치를 함께 옮기면 RoPE의 q.k는 최대 {rope}(점수의 rms {ropeRms}), 사인파(sinusoidal)를 더한 벡터의 q.k는 {sinusoidal}(rms {sinusoidalRms})만큼 바뀝니다",
  },

  // Tables, chart, grids and notes.
  "position.table.exactMatch": {
    en: "exact match by source length, trained on {min}-{L} letters (-: undefined)",
    ko: "입력 길이별 완전 일치율, {min}-{L}자로 학습 (-: 정의되지 않음)",
  },
  "position.table.tokenAccuracy": {
    en: "token accuracy by source length (-: undefined)",
    ko: "입력 길이별 토큰 정확도 (-: 정의되지 않음)",
  },
  "position.table.checks": {
    en:
      "order and shift checks: the largest change, the rms of the values changed, and their ratio{blindFrom}",
    ko: "순서와 이동 검사: 가장 큰 변화, 바뀐 값들의 rms, 그 비율{blindFrom}",
  },
  "position.table.blindFrom": {
    en: " (pe none: the {pe} model's weights, positions removed)",
    ko: " (pe none: {pe} 모델의 가중치에서 위치 정보만 뺀 것)",
  },
  "position.chart.tokenAccuracy": {
    en: "token accuracy (%) against source length (trained up to {L})",
    ko: "입력 길이에 따른 토큰 정확도(%) ({L}자까지 학습)",
  },
  "position.grid.sinusoidal": {
    en: "sinusoidal: cos(PE_i, PE_j)",
    ko: "사인파(sinusoidal): cos(PE_i, PE_j)",
  },
  "position.grid.learned": {
    en: "learned (trained): cos(P_i, P_j); rows > {L} never trained",
    ko: "학습된 위치(learned): cos(P_i, P_j); {L}보다 큰 행은 학습되지 않음",
  },
  "position.grid.rope": {
    en: "RoPE: cos(R_i q, R_j q), one q",
    ko: "RoPE: cos(R_i q, R_j q), q 하나",
  },
  "position.note.training": {
    en:
      "Trained on {task} strings of {min}-{L} letters ({steps} steps each, same size and seed); scored on held-out strings of {min}-{max} letters ({perLength} per length). Exact match needs the whole output right; token accuracy counts right positions.",
    ko:
      "{min}-{L}자 {task} 문자열로 학습했고(모델마다 {steps} 스텝, 같은 크기와 시드), 학습에 없던 {min}-{max}자 문자열로 평가했습니다(길이마다 {perLength}개). 완전 일치율은 출력 전체가 맞아야 하고, 토큰 정확도는 맞은 위치의 비율입니다.",
  },
  "position.note.learnedRows": {
    en:
      "learned: the engine allocates {rows} table rows (max_len), but training reached only rows 0-{lastReached} (they moved up to {trained} from their initialization); rows {reached}-{lastRow} moved {untrained}: still random. So beyond {L} letters the learned encoding is undefined, shown as - (null in --json) rather than scored on random rows.",
    ko:
      "learned: 엔진은 위치 표에 {rows}행(max_len)을 두지만 학습 중에 쓰인 행은 0-{lastReached}뿐입니다(초기값에서 최대 {trained} 변함). {reached}-{lastRow}행은 {untrained}만큼 변해 여전히 무작위 값입니다. 그래서 {L}자를 넘는 길이에서 learned 인코딩은 정의되지 않으며, 무작위 행으로 점수를 내는 대신 -(--json에서는 null)로 표시합니다.",
  },
  "position.note.shift": {
    en:
      "Shift check: {comparisons} random (q, k, i, j, s) with d_k {dk}, positions below {positions}, q and k of unit-variance entries, rotated by the engine's rope op on {backend}; sinusoidal adds PE[i] to q and PE[j] to k instead. PE_i . PE_j alone depends only on i - j too: it is the content-position cross terms that break the invariance.",
    ko:
      "이동 검사: d_k {dk}, 위치 {positions} 미만에서 무작위 (q, k, i, j, s) {comparisons}개. q와 k의 원소는 분산 1이고 {backend}에서 엔진의 rope 연산으로 회전했습니다. 사인파는 대신 q에 PE[i], k에 PE[j]를 더합니다. PE_i . PE_j 자체도 i - j에만 의존하며, 불변성을 깨는 것은 내용과 위치가 섞인 교차항입니다.",
  },
} as const satisfies Catalog;
