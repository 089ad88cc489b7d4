/** The sentences of `experiment induction` (src/experiments/induction/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const inductionMessages = {
  "induction.claim": {
    en:
      "A 2-layer attention-only model trained on repeated random tokens learns to copy suddenly: the loss on the repeat drops when a layer-2 head starts attending to the token after the previous occurrence of the current token (an induction head).",
    ko:
      "반복된 무작위 토큰으로 학습한 2층 어텐션 전용 모델은 복사를 갑자기 배운다: 반복 구간의 손실은 2층의 한 헤드가 현재 토큰이 앞서 나온 자리의 다음 토큰에 어텐션하기 시작할 때 떨어진다(인덕션 헤드, induction head).",
  },
  "induction.conclusion.all": {
    en: "An induction head formed on all {seeds} seeds. {clauses}.",
    ko: "시드 {seeds}개 모두에서 인덕션 헤드가 생겼습니다. {clauses}",
  },
  "induction.conclusion.some": {
    en:
      "An induction head formed on seed {seeds} of {total} only, so its forming is not reliable at these settings. {clauses}.",
    ko:
      "시드 {total}개 가운데 {seeds}에서만 인덕션 헤드가 생겼으므로, 이 설정에서는 믿을 만하게 생기지 않습니다. {clauses}",
  },
  "induction.conclusion.none": {
    en:
      "No induction head formed: no head of the last layer reached an induction score of {threshold} with the repeat's loss halved. {clauses}.",
    ko:
      "인덕션 헤드가 생기지 않았습니다: 마지막 층의 어떤 헤드도 반복 구간의 손실이 절반으로 줄면서 인덕션 점수 {threshold}에 이르지 못했습니다. {clauses}",
  },
  "induction.seed.formed": {
    en:
      "seed {seed}: head {head} reached induction score {score} (it crossed {threshold} at step {cross}); the second-half loss fell below halfway from its plateau {plateau} to its final {loss} at step {drop}; in layer 0, head {previous} attends to the previous token with {previousScore}",
    ko:
      "시드 {seed}: 헤드 {head}의 인덕션 점수는 {score}이고 {cross}단계에서 {threshold}을(를) 넘었습니다. 뒤쪽 절반의 손실은 {drop}단계에서 정체 구간 {plateau}과(와) 최종값 {loss}의 중간 아래로 내려갔습니다. 층 0에서는 헤드 {previous}이(가) 이전 토큰에 {previousScore}만큼 어텐션합니다.",
  },
  "induction.seed.notFormed": {
    en:
      "seed {seed}: the best head {head} ended at induction score {score}, and the second-half loss at {loss} against a plateau of {plateau}",
    ko:
      "시드 {seed}: 가장 높은 헤드 {head}의 인덕션 점수는 {score}에 그쳤고, 뒤쪽 절반의 손실은 정체 구간 {plateau}에 대해 {loss}였습니다.",
  },
  "induction.table": {
    en:
      "seed {seed}: loss per half (nats) and the largest scores over training, attention-only GPT d={d} h={h} L={l}",
    ko:
      "시드 {seed}: 학습 중 절반별 손실(nats)과 가장 높은 점수, 어텐션 전용 GPT d={d} h={h} L={l}",
  },
  "induction.chart": {
    en: "second-half loss (nats) and the induction head's score over training steps",
    ko: "학습 단계에 따른 뒤쪽 절반의 손실(nats)과 인덕션 헤드의 점수",
  },
  "induction.grid.induction": {
    en: "seed {seed}, induction head {head} at step {step} (row: query, col: key)",
    ko: "시드 {seed}, {step}단계의 인덕션 헤드 {head}(행: 쿼리, 열: 키)",
  },
  "induction.grid.previous": {
    en: "seed {seed}, previous-token head {head} at step {step}",
    ko: "시드 {seed}, {step}단계의 이전 토큰 헤드 {head}",
  },
  "induction.note.data": {
    en:
      "Data: <bos> then P distinct random tokens out of {symbols}, repeated once; the period P is drawn in [{minP}, {maxP}] per sequence, so no head can copy by position alone. Losses and scores are measured on {probes} held-out sequences.",
    ko:
      "데이터: <bos> 뒤에 {symbols}개 중 서로 다른 무작위 토큰 P개를 놓고 한 번 반복합니다. 주기 P는 시퀀스마다 [{minP}, {maxP}]에서 뽑으므로 어떤 헤드도 위치만으로는 복사할 수 없습니다. 손실과 점수는 학습에 쓰지 않은 시퀀스 {probes}개에서 잽니다.",
  },
  "induction.note.scores": {
    en:
      "Induction score: the mean attention from a second-half position i to i - P + 1, the token after the current token's earlier occurrence. Previous-token score: the mean attention from i to i - 1. Heads are named layer.head, both counted from 0. The plateau is the median first-half loss (what a model that cannot copy pays); the drop step is the first measured step below the midpoint of the plateau and the final second-half loss.",
    ko:
      "인덕션 점수: 뒤쪽 절반의 위치 i에서 i - P + 1, 곧 현재 토큰이 앞서 나온 자리의 다음 토큰으로 가는 어텐션의 평균. 이전 토큰 점수: i에서 i - 1로 가는 어텐션의 평균. 헤드 이름은 층.헤드이며 둘 다 0부터 셉니다. 정체 구간은 앞쪽 절반 손실의 중앙값(복사할 줄 모르는 모델이 치르는 손실)이고, 하락 단계는 뒤쪽 절반의 손실이 정체 구간과 최종값의 중간보다 처음 낮아진 측정 단계입니다.",
  },
  "induction.note.backend": {
    en:
      "Trained on {backend} ({device}): {ms} ms per step, measurements included, {seconds} s in all. When these settings were chosen (2 shared cores, llvmpipe), webgpu stepped this small model about 3x faster than cpu, so the default backend (auto, webgpu when there is an adapter) suits it; --backend chooses.",
    ko:
      "{backend}({device})에서 학습했습니다: 측정을 포함해 단계당 {ms} ms, 모두 {seconds}초. 이 설정을 정할 때(공유된 코어 2개, llvmpipe) webgpu가 이 작은 모델을 cpu보다 약 3배 빨리 학습했으므로 기본 백엔드(auto, 어댑터가 있으면 webgpu)가 알맞습니다. --backend로 고를 수 있습니다.",
  },
} as const satisfies Catalog;
