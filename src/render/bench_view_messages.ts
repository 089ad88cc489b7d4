/** The words of the `bench` view (src/render/bench_view.ts), by id. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const benchViewMessages = {
  "view.bench.title": {
    en: "bench {suite} on {where}: {timing}, median of timed repetitions, warm-up excluded",
    ko: "bench {suite} ({where}): {timing}, 반복 측정의 중앙값, 워밍업 제외",
  },
  "view.bench.timing.mixed": {
    en: "time per op: GPU (timestamp queries) or wall clock, as the clock column says",
    ko: "연산당 시간: clock 열이 말하는 대로 GPU(타임스탬프 쿼리) 또는 벽시계",
  },
  "view.bench.timing.gpu": {
    en: "GPU time per op (timestamp queries)",
    ko: "연산당 GPU 시간(타임스탬프 쿼리)",
  },
  "view.bench.timing.wall": { en: "wall time per op", ko: "연산당 벽시계 시간" },
  "view.bench.head.case": { en: "case", ko: "케이스" },
  "view.bench.head.median": { en: "median ms", ko: "중앙값 ms" },
  "view.bench.head.min": { en: "min ms", ko: "최소 ms" },
  "view.bench.head.max": { en: "max ms", ko: "최대 ms" },
  "view.bench.head.value": { en: "value", ko: "값" },
  "view.bench.head.buffers": { en: "n×n buffers", ko: "n×n 버퍼" },
  "view.bench.head.peak": { en: "peak device", ko: "장치 최대" },
  "view.bench.head.clock": { en: "clock", ko: "clock" },
  "view.bench.baseline": {
    en:
      "{base} ms: the median of {full} in the same run; vs {base}: its median / this median (above 1: this is faster)",
    ko:
      "{base} ms: 같은 실행에서 잰 {full}의 중앙값; vs {base}: 그 중앙값 / 이 중앙값 (1보다 크면 이쪽이 빠름)",
  },
  "view.bench.buffers": {
    en: "n×n buffers: bytes of the [heads, n, n] buffers the case allocates",
    ko: "n×n 버퍼: 각 케이스가 할당하는 [heads, n, n] 버퍼의 크기",
  },
  "view.bench.peak": {
    en:
      "peak device: the most bytes of tensors live at once during one run of the case (inputs, intermediates, scratch, output); the buffer pool held {pool} on the device at the end",
    ko:
      "장치 최대: 케이스를 한 번 실행하는 동안 동시에 살아 있던 텐서 바이트의 최댓값(입력, 중간값, 임시 버퍼, 출력). 끝날 때 버퍼 풀이 장치에 잡고 있던 크기는 {pool}",
  },
  "view.bench.compared": {
    en: "outputs compared before timing: largest |path - naive| {diff} ({name})",
    ko: "시간을 재기 전에 출력을 비교함: 가장 큰 |path - naive| {diff} ({name})",
  },
  "view.bench.disagree": {
    en: ": the paths disagree, one of them computes wrong values",
    ko: ": 방식끼리 결과가 다릅니다. 그중 하나가 틀린 값을 계산합니다",
  },
  "view.bench.leftout": { en: "left out: {what}", ko: "빠짐: {what}" },
  "view.bench.notorch": {
    en: "no PyTorch comparison: {why}",
    ko: "PyTorch 비교 없음: {why}",
  },
  "view.bench.nonumpy": { en: "no numpy comparison: {why}", ko: "numpy 비교 없음: {why}" },
  "view.bench.chart": {
    en: "{sweep}{part}: median ms against n, log-log",
    ko: "{sweep}{part}: n에 따른 중앙값 ms (로그-로그)",
  },
  "view.bench.part": { en: " ({k} of {n})", ko: " ({n}개 중 {k})" },
  "view.bench.thread": { en: "{n} thread", ko: "스레드 {n}개" },
  "view.bench.threads": { en: "{n} threads", ko: "스레드 {n}개" },
  "view.bench.kernels": { en: "{core} kernels", ko: "{core} 커널" },
  "view.bench.itsBlas": { en: " (its BLAS: {threads})", ko: " (그 BLAS: {threads})" },
  "view.bench.unknownBlas": {
    en: "a BLAS that could not be identified",
    ko: "알아낼 수 없는 BLAS",
  },
  "view.bench.anchor": {
    en: "anchor: {name} {version} on {on}, {details}",
    ko: "기준: {name} {version} ({on} 위), {details}",
  },
  "view.bench.anchorEnv": { en: "anchor environment: {vars}", ko: "기준의 환경 변수: {vars}" },
  "view.bench.anchorSet": {
    en:
      "anchor ran with {vars} (set by attn: its idle threads sleep instead of spinning, which a machine busy with other work punishes)",
    ko:
      "기준은 attn이 설정한 {vars} 아래에서 돌았습니다 (놀고 있는 스레드가 헛돌지 않고 잠듭니다. 다른 일로 바쁜 기계에서는 헛도는 스레드가 손해이기 때문입니다)",
  },
  "view.bench.anchorUnset": {
    en:
      "anchor ran without {vars} (from attn's environment), so OpenBLAS picked its own kernels and cache sizes for this CPU",
    ko:
      "기준은 attn의 환경에 있던 {vars} 없이 돌았으므로, OpenBLAS가 이 CPU에 맞는 커널과 캐시 크기를 스스로 골랐습니다",
  },
  "view.bench.and": { en: " and ", ko: ", " },
  "view.bench.slowBlas": {
    en:
      "WARNING: {name} ran on {blas}, which is not built for speed: this is not a comparison against a fast anchor. Install libopenblas0-pthread (Debian) and run again.",
    ko:
      "경고: {name} 기준은 속도를 위해 만들지 않은 BLAS({blas}) 위에서 돌았습니다. 빠른 기준과 비교한 것이 아닙니다. libopenblas0-pthread(Debian)를 설치하고 다시 실행하세요.",
  },
} as const satisfies Catalog;
