/** The sentences of `experiment parallel` (src/experiments/parallel/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const parallelMessages = {
  "parallel.claim": {
    en:
      "An RNN needs n dependent steps for n tokens; self-attention computes all positions at once, which suits GPUs.",
    ko:
      "RNN은 토큰 n개에 n번의 순차 단계가 필요하지만, 셀프 어텐션(self-attention)은 모든 위치를 한 번에 계산하므로 GPU에 잘 맞는다.",
  },

  // The conclusion: one of four sentences around the same facts.
  "parallel.conclusion.claim": {
    en:
      "Parallel processing wins {where}: {encoder}; {cross}; {slopes}; {train}. The GRU's n dependent steps cost more than attending to all positions at once.",
    ko:
      "{where} 병렬 처리가 이깁니다. {encoder}. {cross}. {slopes}. {train}. GRU의 n개 순차 단계가 모든 위치를 한 번에 보는 어텐션보다 비쌉니다.",
  },
  "parallel.conclusion.reversed": {
    en:
      "This run contradicts the claim {where}: {encoder}; {cross}; {slopes}; {train}. Here the GRU's n sequential steps cost less than the Transformer's extra work.",
    ko:
      "{where} 이번 측정은 주장과 반대입니다. {encoder}. {cross}. {slopes}. {train}. 이 장치에서는 GRU의 n개 순차 단계가 Transformer의 추가 연산보다 쌉니다.",
  },
  "parallel.conclusion.noDifference": {
    en:
      "Neither family is clearly faster {where}: {encoder}; {cross}; {slopes}; {train}. No speed difference shows at these sizes.",
    ko:
      "{where} 어느 쪽도 뚜렷하게 빠르지 않습니다. {encoder}. {cross}. {slopes}. {train}. 이 크기에서는 속도 차이가 보이지 않습니다.",
  },
  "parallel.conclusion.mixed": {
    en:
      "The evidence is mixed {where}: {encoder}; {cross}; {slopes}; but {train}. Encoding and training do not agree in this run.",
    ko:
      "{where} 결과가 엇갈립니다. {encoder}. {cross}. {slopes}. 하지만 {train}. 이번 실행에서는 인코딩과 학습이 같은 방향을 가리키지 않습니다.",
  },
  "parallel.fact.encoder": {
    en:
      "at n = {longest} the GRU encoder takes {gruMs} ms and the Transformer's {transformerMs} ms ({times}x, {faster} faster{byWall})",
    ko:
      "n = {longest}에서 GRU 인코더는 {gruMs} ms, Transformer 인코더는 {transformerMs} ms가 걸립니다({faster}이(가) {times}배 빠름{byWall})",
  },
  "parallel.fact.byWall": {
    en: "; {times}x, {faster} faster by the wall clock",
    ko: ", 벽시계 시간으로는 {faster}이(가) {times}배 빠름",
  },
  "parallel.fact.slopes": {
    en: "time grows as n^{gru} for the GRU and n^{transformer} for the Transformer",
    ko: "시간은 GRU가 n^{gru}, Transformer가 n^{transformer}에 비례해 늘어납니다",
  },
  "parallel.cross.always": {
    en:
      "the {faster} is faster at every n from {shortest} to {longest} (no crossover in this range)",
    ko:
      "n = {shortest}부터 {longest}까지 내내 {faster}이(가) 빠릅니다(이 범위에는 교차점(crossover)이 없습니다)",
  },
  "parallel.cross.once": {
    en: "the {before} is faster up to n = {n}, where the {after} overtakes it",
    ko: "n = {n}까지는 {before}이(가) 빠르고 그 뒤로 {after}이(가) 앞섭니다",
  },
  "parallel.cross.many": {
    en: "the curves cross {count} times (n = {at}); from n = {n} on the {after} is faster",
    ko: "두 곡선이 {count}번 교차하고(n = {at}), n = {n}부터는 {after}이(가) 빠릅니다",
  },
  "parallel.fact.train": {
    en:
      "in training at length {length} the GRU does {gru} tokens/s and the Transformer {transformer}",
    ko:
      "길이 {length} 학습에서는 GRU가 초당 {gru} 토큰, Transformer가 {transformer} 토큰을 처리합니다",
  },

  // Tables, chart and notes.
  "parallel.table.encoder": {
    en:
      "encoder time per batch of {batch} by source length n (median of {reps}); GRU/TF on {clock}, > 1: the Transformer is faster",
    ko:
      "입력 길이 n별 인코더 시간(배치 {batch}, {reps}회 중앙값). GRU/TF는 {clock} 기준이며 1보다 크면 Transformer가 빠릅니다",
  },
  "parallel.table.steps": {
    en: "sequential work for one encode: dependent steps and kernels dispatched",
    ko: "인코딩 한 번의 순차 작업량: 의존 단계 수와 실행한 커널(dispatch) 수",
  },
  "parallel.table.training": {
    en:
      "one training step of the whole Seq2Seq (forward, backward, Adam) at source and target length {length}",
    ko: "전체 Seq2Seq 학습 한 단계(순전파, 역전파, Adam), 입력과 출력 길이 {length}",
  },
  "parallel.chart.encoder": {
    en: "encoder ms against source length n ({clock}, log-log)",
    ko: "입력 길이 n에 따른 인코더 시간 ms({clock}, 로그-로그)",
  },
  "parallel.note.models": {
    en:
      "Random-init models (fixed seed, no dropout): timing does not depend on the weights. GRU: embedding = hidden = {width}, {gruLayers} layer, no attention ({gruParams} parameters). Transformer: d_model {width}, {heads} heads, {layers} encoder + {layers} decoder layers, FFN {ffn} ({transformerParams} parameters).",
    ko:
      "무작위 초기화 모델(고정 시드, 드롭아웃 없음)입니다. 시간은 가중치 값과 무관합니다. GRU: 임베딩 = 은닉 크기 = {width}, {gruLayers}층, 어텐션 없음(파라미터 {gruParams}개). Transformer: d_model {width}, 헤드 {heads}개, 인코더 {layers}층 + 디코더 {layers}층, FFN {ffn}(파라미터 {transformerParams}개).",
  },
  "parallel.note.steps": {
    en:
      "Dependent steps: the GRU's h_t needs h_(t-1), so n positions take n x {gruLayers} steps one after another; each Transformer layer handles all n positions in one pass ({layers} steps at any n). Dispatches are the kernels the engine launched for one encode, as it runs the GRU today.",
    ko:
      "의존 단계: GRU의 h_t는 h_(t-1)이 있어야 계산되므로 n개 위치에 n x {gruLayers}단계를 차례로 밟습니다. Transformer는 층마다 n개 위치를 한 번에 처리합니다(n과 상관없이 {layers}단계). 디스패치(dispatch)는 인코딩 한 번에 엔진이 실행한 커널 수이며, 지금 엔진이 GRU를 돌리는 방식 그대로 쟀습니다.",
  },
  "parallel.note.oneKernel": {
    en:
      "The engine runs the GRU's whole sequence in {dispatches} dispatches at every n: its n steps became a loop inside one kernel, which still runs them one after another (each step waits for the previous h).",
    ko:
      "엔진은 GRU의 전체 시퀀스를 n과 상관없이 디스패치 {dispatches}번으로 돌립니다. n개 단계가 커널 하나 안의 반복문이 되었을 뿐, 여전히 하나씩 차례로 실행됩니다(각 단계가 이전 h를 기다립니다).",
  },
  "parallel.note.kernelPerStep": {
    en:
      "The engine launches kernels for every GRU step: {first} dispatches at n = {shortest}, {last} at n = {longest}.",
    ko:
      "엔진은 GRU 단계마다 커널을 실행합니다. n = {shortest}에서 디스패치 {first}번, n = {longest}에서 {last}번입니다.",
  },
  "parallel.note.llvmpipe": {
    en:
      "llvmpipe is a software GPU: its parallel lanes are SIMD lanes on this machine's CPU cores, so attention has far less parallel hardware to fill than on a real GPU, and each dispatch costs tens of microseconds.",
    ko:
      "llvmpipe는 소프트웨어 GPU라서 병렬 레인(lane)이 이 컴퓨터 CPU 코어의 SIMD 레인입니다. 실제 GPU보다 어텐션이 채울 병렬 하드웨어가 훨씬 적고, 디스패치 하나에 수십 마이크로초가 듭니다.",
  },
} as const satisfies Catalog;
