/** The words of the REPL's first lines (src/repl/banner.ts), by id. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const bannerMessages = {
  "banner.title": {
    en: "attn: attention, the Transformer and the RNN Seq2Seq it replaced",
    ko: "attn: 어텐션, 트랜스포머, 그리고 트랜스포머가 대신한 RNN Seq2Seq",
  },
  "banner.backend": { en: "backend {device}", ko: "백엔드 {device}" },
  "banner.model": { en: "model   {model}", ko: "모델   {model}" },
  "banner.cpu": { en: "cpu (TypeScript loops)", ko: "cpu (TypeScript 반복문)" },
  "banner.webgpu": { en: "webgpu on {adapter}", ko: "webgpu ({adapter})" },
  "banner.nobackend": { en: "no backend ({reason})", ko: "백엔드 없음 ({reason})" },
  "banner.nomodel": {
    en: "none yet (weights/ is empty; run TEXT --model FILE.safetensors)",
    ko: "아직 없음 (weights/가 비어 있음; run TEXT --model FILE.safetensors)",
  },
  "banner.help": {
    en:
      "Type help for commands, help <command> for examples; Tab completes; quit or Ctrl-D leaves.",
    ko: "명령 목록은 help, 예시는 help <명령>; Tab으로 완성; quit 또는 Ctrl-D로 나갑니다.",
  },
} as const satisfies Catalog;
