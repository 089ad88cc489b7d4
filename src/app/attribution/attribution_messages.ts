/** The refusals of `rollout` and `saliency` (src/app/attribution/), in both languages. */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const attributionMessages = {
  "attribution.rolloutRnn": {
    en:
      "rollout needs a stack of self-attention layers; {model} is an RNN ({arch}), whose one attention reads the encoder's states once per step: see which source tokens its output depends on with saliency <text> --model {model}",
    ko:
      "rollout에는 셀프 어텐션 층을 쌓은 모델이 필요합니다. {model}은(는) RNN({arch})이라 어텐션이 단계마다 인코더 상태를 한 번 읽을 뿐입니다. 출력이 어느 입력 토큰에 기대는지는 saliency <문장> --model {model}로 보세요",
  },
} as const satisfies Catalog;
