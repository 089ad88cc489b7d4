/** The sentences of `experiment cost` (src/experiments/cost/), by id. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const costMessages = {
  "cost.claim": {
    en:
      "Self-attention costs O(n^2 d) time and O(n^2) memory for its scores; an RNN costs O(n d^2).",
    ko:
      "셀프 어텐션(self-attention)은 시간 O(n^2 d), 점수 행렬 메모리 O(n^2)가 들고, RNN은 O(n d^2)가 든다.",
  },

  // The conclusion: one of four sentences around the same facts.
  "cost.conclusion.claim": {
    en:
      "The cost claim holds {where}: {facts}. Attention's time grows faster with n than the recurrence's; {flash}.",
    ko:
      "{where} 비용에 대한 주장이 맞습니다. {facts}. 어텐션의 시간은 순환(recurrence)보다 n에 따라 빠르게 늘어납니다. {flash}.",
  },
  "cost.conclusion.reversed": {
    en:
      "This run contradicts the claim {where}: {facts}. Here the GRU's time grew faster with n than attention's, and flash's memory faster than naive's.",
    ko:
      "{where} 이번 측정은 주장과 반대입니다. {facts}. 이번에는 GRU의 시간이 어텐션보다 n에 따라 빠르게 늘었고, 메모리도 flash 쪽이 naive보다 빠르게 늘었습니다.",
  },
  "cost.conclusion.noDifference": {
    en:
      "No cost difference shows {where}: {facts}. At these sizes attention's n^2 term does not dominate.",
    ko:
      "{where} 비용 차이가 보이지 않습니다. {facts}. 이 크기에서는 어텐션의 n^2 항이 지배적이지 않습니다.",
  },
  "cost.conclusion.mixed": {
    en:
      "The evidence is mixed {where}: {facts}. Time: {time}; memory: {memory}; outputs: {outputs}.",
    ko: "{where} 결과가 엇갈립니다. {facts}. 시간: {time}, 메모리: {memory}, 출력: {outputs}.",
  },
  "cost.verdict.asClaimed": { en: "as claimed", ko: "주장대로" },
  "cost.verdict.reversed": { en: "reversed", ko: "반대" },
  "cost.verdict.none": { en: "no difference", ko: "차이 없음" },
  "cost.outputs.equal": { en: "equal", ko: "같음" },
  "cost.outputs.unequal": { en: "not equal", ko: "다름" },
  "cost.flash.keepsTime": {
    en: "FlashAttention removes the n x n memory, not the n^2 time",
    ko: "FlashAttention은 n x n 메모리를 없애지만 n^2 시간은 그대로입니다",
  },
  "cost.flash.fasterToo": {
    en: "FlashAttention removes the n x n memory, and here its time grew more slowly too",
    ko: "FlashAttention은 n x n 메모리를 없앴고, 이번에는 시간도 더 완만하게 늘었습니다",
  },

  // The facts every conclusion states.
  "cost.facts": {
    en: "{time}; {cross}; {memory}; {equal}",
    ko: "{time}. {cross}. {memory}. {equal}",
  },
  "cost.fact.time": {
    en: "naive attention time grows as n^{naive} ({shape}), flash as n^{flash}, the GRU as n^{gru}",
    ko:
      "naive 어텐션 시간은 n^{naive}에 비례하고({shape}), flash는 n^{flash}, GRU는 n^{gru}에 비례합니다",
  },
  "cost.shape.quadratic": { en: "about quadratic", ko: "거의 제곱" },
  "cost.shape.flatter": {
    en: "less than quadratic: fixed costs still weigh at short n",
    ko: "제곱보다 완만함: 짧은 n에서는 고정 비용이 아직 큽니다",
  },
  "cost.shape.steeper": { en: "steeper than quadratic", ko: "제곱보다 가파름" },
  "cost.fact.flops": {
    en: "counting FLOPs, 4 n^2 d = 12 n d^2 at n = 3d = {n}",
    ko: "FLOP 수로는 4 n^2 d = 12 n d^2가 되는 n = 3d = {n}",
  },
  "cost.cross.naiveAlways": {
    en:
      "naive attention is faster than the GRU at every n from {shortest} to {longest} (no crossover in this range; {flops})",
    ko:
      "n = {shortest}부터 {longest}까지 내내 naive 어텐션이 GRU보다 빠릅니다(이 범위에는 교차점(crossover)이 없습니다. {flops})",
  },
  "cost.cross.gruAlways": {
    en:
      "the GRU is faster than naive attention at every n from {shortest} to {longest} (no crossover in this range; {flops})",
    ko:
      "n = {shortest}부터 {longest}까지 내내 GRU가 naive 어텐션보다 빠릅니다(이 범위에는 교차점(crossover)이 없습니다. {flops})",
  },
  "cost.cross.naiveThenGru": {
    en: "naive attention is faster than the GRU up to n = {n}, the GRU beyond ({flops})",
    ko: "n = {n}까지는 naive 어텐션이 GRU보다 빠르고 그 뒤로는 GRU가 빠릅니다({flops})",
  },
  "cost.cross.gruThenNaive": {
    en: "the GRU is faster than naive attention up to n = {n}, attention beyond ({flops})",
    ko: "n = {n}까지는 GRU가 naive 어텐션보다 빠르고 그 뒤로는 어텐션이 빠릅니다({flops})",
  },
  "cost.cross.many": {
    en:
      "the naive attention and GRU curves cross {count} times (n = {at}); from n = {n} on the {faster} is faster ({flops})",
    ko:
      "naive 어텐션과 GRU 곡선이 {count}번 교차하고(n = {at}), n = {n}부터는 {faster}이(가) 빠릅니다({flops})",
  },
  "cost.name.gru": { en: "GRU", ko: "GRU" },
  "cost.name.attention": { en: "attention", ko: "어텐션" },
  "cost.fact.memory": {
    en:
      "naive attention holds {naive} at n = {longest} ({scores} of it the n x n scores), growing as n^{naiveSlope}; flash holds {flash}, growing as n^{flashSlope}",
    ko:
      "naive 어텐션은 n = {longest}에서 {naive}를 쓰고(그중 n x n 점수 행렬이 {scores}) 메모리가 n^{naiveSlope}에 비례해 늘며, flash는 {flash}를 쓰고 n^{flashSlope}에 비례해 늡니다",
  },
  "cost.fact.equal": {
    en: "flash's outputs equal naive's (max |difference| {diff}, tolerance {tolerance})",
    ko: "flash의 출력은 naive와 같습니다(최대 |차이| {diff}, 허용 오차 {tolerance})",
  },
  "cost.fact.unequal": {
    en: "flash's outputs differ from naive's by up to {diff}, over the {tolerance} tolerance",
    ko: "flash의 출력이 naive와 최대 {diff}만큼 달라 허용 오차 {tolerance}를 넘습니다",
  },

  // Tables, charts and notes.
  "cost.table.time": {
    en:
      "time of one run by sequence length n (median, {clock}): naive and flash attention, one GRU layer of width {width}",
    ko:
      "시퀀스 길이 n별 1회 실행 시간(중앙값, {clock}): naive와 flash 어텐션, 폭 {width}인 GRU 한 층",
  },
  "cost.table.memory": {
    en:
      "memory by n, in bytes (KiB = 1024 bytes): the n x n score buffer ({heads} x n x n x 4 bytes; flash has none), the bytes each path's tensors hold after one run (measured), and max |diff|, the largest |flash - naive| over the output",
    ko:
      "n별 메모리(바이트, KiB = 1024바이트): n x n 점수 버퍼({heads} x n x n x 4바이트, flash는 없음), 한 번 실행한 뒤 각 방식의 텐서가 차지한 바이트(측정값), 출력 전체에서 가장 큰 |flash - naive|(max |diff|)",
  },
  "cost.chart.time": {
    en: "ms against sequence length n ({clock}, log-log)",
    ko: "시퀀스 길이 n에 따른 시간 ms({clock}, 로그-로그)",
  },
  "cost.chart.memory": {
    en: "bytes the attention's tensors hold against n (log-log)",
    ko: "n에 따른 어텐션 텐서의 메모리(로그-로그)",
  },
  "cost.note.setup": {
    en:
      "Self-attention of one sequence of n tokens, {heads} {headWord} of d_k {dk}, batch 1, no mask, inputs in [-1, 1): the attention itself, without the Q/K/V projections. naive writes the scores [h, n, n] and the softmax weights [h, n, n] (scaledDotProductAttention); flash (Dao et al. 2022) runs an online softmax over blocks of keys and keeps only the output and one log-sum-exp per row. GRU: one layer of hidden = input = {width}, batch 1: the input projection for all n steps, then the recurrence.",
    ko:
      "토큰 n개짜리 시퀀스 하나의 셀프 어텐션(self-attention)입니다. 헤드 {heads}개, d_k {dk}, 배치 1, 마스크 없음, 입력은 [-1, 1) 범위이며 Q/K/V 투영 없이 어텐션 자체만 쟀습니다. naive는 점수 [h, n, n]와 softmax 가중치 [h, n, n]를 메모리에 씁니다(scaledDotProductAttention). flash(Dao et al. 2022)는 키를 블록 단위로 훑는 온라인 softmax(online softmax)로 계산해 출력과 행마다 log-sum-exp 하나만 남깁니다. GRU: 은닉 크기 = 입력 크기 = {width}인 한 층, 배치 1이며, n단계 전체의 입력 투영 뒤에 순환(recurrence)을 돕니다.",
  },
  "cost.note.flops": {
    en:
      "Counting FLOPs, attention does 4 n^2 d (Q K^T and W V) and a GRU layer 12 n d^2 (W_ih x and W_hh h for 3 gates), equal at n = 3d = {n}. The GRU's n steps are also dependent (h_t needs h_(t-1)), so its time is latency, not FLOPs: the measured crossover need not sit there.",
    ko:
      "FLOP 수로 보면 어텐션은 4 n^2 d(Q K^T와 W V), GRU 한 층은 12 n d^2(게이트 3개의 W_ih x와 W_hh h)이고, 두 값은 n = 3d = {n}에서 같아집니다. 하지만 GRU의 n단계는 서로 의존하므로(h_t는 h_(t-1)이 있어야 계산됨) 시간은 FLOP이 아니라 지연(latency)이 좌우하고, 실제 교차점은 그 자리가 아닐 수 있습니다.",
  },
  "cost.note.longContext": {
    en:
      "For long contexts: FlashAttention removes the n x n memory but keeps the n^2 time; linear-time recurrent models such as RWKV (Peng et al. 2023) and Mamba (Gu and Dao 2023) keep a fixed-size state per step (O(n) time, no n x n buffer) and still train in parallel over the sequence.",
    ko:
      "긴 문맥(long context)에서는: FlashAttention은 n x n 메모리를 없애지만 n^2 시간은 그대로입니다. RWKV(Peng et al. 2023)나 Mamba(Gu and Dao 2023) 같은 선형 시간 순환 모델은 단계마다 고정 크기 상태만 유지하므로(O(n) 시간, n x n 버퍼 없음) 긴 시퀀스에 유리하면서도 학습은 시퀀스 전체를 병렬로 처리합니다.",
  },
  "cost.note.oneKernel": {
    en:
      "The GRU layer ran in {dispatches} dispatches at every n: its n steps loop inside one kernel, one after another.",
    ko:
      "GRU 층은 n과 상관없이 디스패치(dispatch) {dispatches}번으로 돌았습니다. n개 단계가 커널 하나 안에서 차례로 반복됩니다.",
  },
  "cost.note.kernelPerStep": {
    en:
      "The GRU layer launched kernels per step: {first} dispatches at n = {shortest}, {last} at n = {longest}.",
    ko:
      "GRU 층은 단계마다 커널을 실행했습니다. n = {shortest}에서 디스패치 {first}번, n = {longest}에서 {last}번입니다.",
  },
  "cost.note.leftOut": {
    en:
      "Left out: n = {lengths}, whose [{heads}, n, n] score buffer exceeds the device's {limit} storage binding limit.",
    ko:
      "n = {lengths}은(는) [{heads}, n, n] 점수 버퍼가 장치의 저장 버퍼 바인딩 한도 {limit}를 넘어 뺐습니다.",
  },
  "cost.note.llvmpipe": {
    en:
      "llvmpipe is a software GPU: a workgroup runs as SIMD lanes on one CPU core and there are only this machine's cores to fill, so tiling that pays on a real GPU (keeping blocks in fast on-chip memory) may not pay here.",
    ko:
      "llvmpipe는 소프트웨어 GPU입니다. 워크그룹(workgroup) 하나가 CPU 코어 하나의 SIMD 레인으로 돌고 채울 코어도 이 컴퓨터의 코어뿐이라, 실제 GPU에서 이득인 타일링(블록을 빠른 온칩 메모리에 두는 것)이 여기서는 이득이 아닐 수 있습니다.",
  },
} as const satisfies Catalog;
