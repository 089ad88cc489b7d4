/** The words of the stage timings under `run` (timings_view.ts). */
import type { Catalog } from "../platform/i18n/messages.ts";

export const timingsMessages = {
  "timings.title": { en: "timings", ko: "시간" },
  "timings.stage": { en: "{name} {wall} ms", ko: "{name} {wall} ms" },
  "timings.stage.gpu": { en: "{name} {wall} ms (GPU {gpu})", ko: "{name} {wall} ms (GPU {gpu})" },
  "timings.encoder": {
    en: "encoder: reads the source once",
    ko: "encoder: 입력 문장을 한 번 읽음",
  },
  "timings.decoder": {
    en: "decoder: picks the output tokens, one step at a time",
    ko: "decoder: 출력 토큰을 한 단계씩 고름",
  },
  "timings.trace": {
    en: "trace: one more pass over the chosen tokens that records the attention and hidden states",
    ko: "trace: 고른 토큰으로 한 번 더 계산해 어텐션과 은닉 상태를 기록함",
  },
  "timings.clock": {
    en:
      "ms: wall time from the stage's start until its GPU work was done (a first run also compiles the GPU kernels)",
    ko: "ms: 단계 시작부터 GPU 작업이 끝날 때까지의 실제 시간(첫 실행은 GPU 커널 컴파일 포함)",
  },
  "timings.clock.gpu": {
    en: "GPU: the GPU's own time inside that span, never more than it",
    ko: "GPU: 그 시간 안에서 GPU가 계산한 시간(ms보다 크지 않음)",
  },
} as const satisfies Catalog;
