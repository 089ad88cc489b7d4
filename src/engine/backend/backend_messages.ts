/**
 * Why attn runs on the cpu (no WebGPU adapter), in both languages: the reason a fallback notice
 * or a `--backend webgpu` refusal gives. Environment settings are quoted as written.
 */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const backendMessages = {
  "backend.noAdapter": { en: "no WebGPU adapter found", ko: "WebGPU 어댑터를 찾지 못했습니다" },
  "backend.noAdapterBecause": {
    en: "no WebGPU adapter found ({details})",
    ko: "WebGPU 어댑터를 찾지 못했습니다 ({details})",
  },
  "backend.vulkanByAttn": {
    en: "DENO_WEBGPU_BACKEND=vulkan, set by attn; set DENO_WEBGPU_BACKEND=gl to try OpenGL",
    ko:
      "attn이 DENO_WEBGPU_BACKEND=vulkan으로 정했습니다. OpenGL을 써 보려면 DENO_WEBGPU_BACKEND=gl",
  },
  "backend.noNavigatorGpu": {
    en: "this Deno has no navigator.gpu",
    ko: "이 Deno에는 navigator.gpu가 없습니다",
  },
  "backend.useCpu": { en: "{reason}; use --backend cpu", ko: "{reason}. --backend cpu를 쓰세요" },
  "backend.tuning.ignoring": {
    en: "ignoring {path}: {reason}; the matmul kernels are measured in each process",
    ko: "무시합니다: {path}: {reason}. matmul 커널은 프로세스마다 새로 측정합니다",
  },
  "backend.tuning.cannotSave": {
    en: "cannot save the matmul tuning to {path}: {reason}; it is measured again next time",
    ko: "matmul 튜닝을 저장할 수 없습니다: {path}: {reason}. 다음에 다시 측정합니다",
  },
} as const satisfies Catalog;
