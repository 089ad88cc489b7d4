/** The words of the `device` and `export` views (device_view.ts, export_view.ts). */
import type { Catalog } from "../platform/i18n/messages.ts";

/** Row names and values of `device`; the line and notes of `export`. */
export const deviceExportMessages = {
  "view.device.backend": { en: "backend", ko: "백엔드" },
  "view.device.adapter": { en: "adapter", ko: "어댑터" },
  "view.device.noAdapter": {
    en: "none (plain TypeScript loops on the CPU)",
    ko: "없음 (CPU에서 도는 평범한 TypeScript 반복문)",
  },
  "view.device.whyCpu": { en: "why cpu", ko: "CPU인 이유" },
  "view.device.smallWork": { en: "small work", ko: "작은 작업" },
  "view.device.smallWorkRule": {
    en:
      "cpu: `run` of one sentence through a model of at most {size}, `generate` and `experiment sampling` with such a GPT (no GPU compile nor round trip to pay); --backend webgpu forces webgpu",
    ko:
      "cpu: {size} 이하 모델에 문장 하나를 넣는 `run`, 그런 GPT의 `generate`와 `experiment sampling`은 CPU가 더 빠릅니다 (GPU 컴파일도 왕복도 없음). --backend webgpu로 webgpu를 강제합니다",
  },
  "view.device.timestamps": { en: "timestamps", ko: "타임스탬프" },
  "view.device.hasTimestamps": { en: "yes (GPU timings per stage)", ko: "있음 (단계별 GPU 시간)" },
  "view.device.noTimestamps": { en: "no (wall time)", ko: "없음 (벽시계 시간)" },
  "view.device.features": { en: "features", ko: "기능" },
  "view.device.none": { en: "none", ko: "없음" },
  "view.export.wrote": {
    en: "wrote {out}: {tensors} tensors of {model} under PyTorch state_dict names",
    ko: "{model}의 텐서 {tensors}개를 PyTorch state_dict 이름으로 {out}에 썼습니다",
  },
  "view.export.note": { en: "note: {note}", ko: "참고: {note}" },
  // The notes src/models/weights/export_torch.ts gives, word for word, and their Korean.
  "view.export.gptRope": {
    en: "nn.TransformerEncoder does not apply RoPE: rotate q and k yourself in self-attention",
    ko: "nn.TransformerEncoder는 RoPE를 적용하지 않습니다: 셀프 어텐션에서 q와 k를 직접 회전하세요",
  },
  "view.export.rope": {
    en: "nn.Transformer does not apply RoPE: rotate q and k yourself in self-attention, see README",
    ko:
      "nn.Transformer는 RoPE를 적용하지 않습니다: 셀프 어텐션에서 q와 k를 직접 회전하세요 (README 참고)",
  },
  "view.export.noPe": {
    en: "this model has no positional encoding: add none to the embeddings",
    ko: "이 모델에는 위치 인코딩이 없습니다: 임베딩에 아무것도 더하지 마세요",
  },
} as const satisfies Catalog;
