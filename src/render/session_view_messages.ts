/** The words of `use` and `set`, in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const sessionViewMessages = {
  "use.noModel": {
    en: "no model in use: weights/ holds none yet; use PATH.safetensors, or run TEXT --model PATH",
    ko:
      "사용 중인 모델이 없습니다. weights/가 비어 있습니다. use PATH.safetensors 또는 run 문장 --model PATH",
  },
  "use.chosen": { en: "using {model}{about}", ko: "사용 중인 모델: {model}{about}" },
  "use.default": {
    en: "using the default model {model}{about}",
    ko: "기본 모델 사용 중: {model}{about}",
  },
  "use.task": { en: "task {task}", ko: "과제 {task}" },
  "use.exactMatch": { en: "{percent}% test exact match", ko: "테스트 완전 일치 {percent}%" },
  "set.colormap": {
    en: "viridis, magma or gray: attention heatmaps",
    ko: "viridis, magma, gray: 어텐션 히트맵 색",
  },
  "set.values": {
    en: "on: print each weight in its heatmap cell",
    ko: "on: 히트맵 칸마다 가중치 값을 씁니다",
  },
  "set.color": {
    en: "auto (NO_COLOR, FORCE_COLOR), on, off, 0-3 (none, 16, 256, 24-bit)",
    ko: "auto (NO_COLOR, FORCE_COLOR), on, off, 0-3 (색 없음, 16색, 256색, 24비트)",
  },
  "set.backend": { en: "auto, webgpu or cpu", ko: "auto, webgpu, cpu" },
  "set.kernels": {
    en: "fast, or reference: textbook compositions, slower",
    ko: "fast, 또는 reference: 교과서식 조합, 더 느림",
  },
  "set.lang": {
    en: "ko or en: messages, help and lessons",
    ko: "ko 또는 en: 메시지, 도움말, 레슨",
  },
  "set.images": {
    en: "on: views draw their picture inline (kitty, iTerm2, sixel), if the terminal can",
    ko: "on: 터미널이 지원하면 뷰를 이미지로 그립니다 (kitty, iTerm2, sixel)",
  },
  "set.imagesWith": { en: "on ({protocol})", ko: "on ({protocol})" },
  "set.imagesTextOnly": { en: "on (text only)", ko: "on (텍스트만)" },
  "set.model": { en: "change with: use MODEL", ko: "바꾸기: use 모델" },
  "set.modelDefault": { en: "{model} (default)", ko: "{model} (기본)" },
  "set.none": { en: "(none)", ko: "(없음)" },
} as const satisfies Catalog;
