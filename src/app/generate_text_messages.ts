/** The refusals of `generate` (src/app/generate_text.ts), in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const generateTextMessages = {
  "generate.notGpt": {
    en: "generate needs a GPT (decoder-only) model; {model} is a {arch}. Choose one: --model NAME",
    ko:
      "generate에는 GPT(디코더 전용) 모델이 필요합니다. {model}은(는) {arch}입니다. --model 이름으로 고르세요",
  },
  "generate.noGpt": {
    en: "expected --model GPT.safetensors: weights/ holds no GPT yet (train one: train gpt ko-en)",
    ko:
      "--model GPT.safetensors가 필요합니다. weights/에 아직 GPT가 없습니다(학습: train gpt ko-en)",
  },
  "generate.temperature": {
    en: "expected --temperature a number >= 0 (0: greedy), got {got}",
    ko: "--temperature는 0 이상의 수여야 합니다(0: 탐욕). 받은 값: {got}",
  },
  "generate.topK": {
    en: "expected --top-k a whole number >= 1, got {got}",
    ko: "--top-k는 1 이상의 정수여야 합니다. 받은 값: {got}",
  },
  "generate.topP": {
    en: "expected --top-p a number in (0, 1], got {got}",
    ko: "--top-p는 (0, 1] 범위의 수여야 합니다. 받은 값: {got}",
  },
  "generate.seed": {
    en: "expected --seed a whole number >= 0, got {got}",
    ko: "--seed는 0 이상의 정수여야 합니다. 받은 값: {got}",
  },
  "generate.maxNew": {
    en: "expected --max-new a whole number from 1 to {max}, got {got}",
    ko: "--max-new는 1부터 {max}까지의 정수여야 합니다. 받은 값: {got}",
  },
  "generate.tooLong": {
    en:
      "the prompt is {got} tokens; this model reads at most {max} (max_len {maxLen} less one to generate)",
    ko:
      "프롬프트가 토큰 {got}개입니다. 이 모델은 최대 {max}개까지 읽습니다(max_len {maxLen}에서 생성할 한 자리를 뺀 수)",
  },
} as const satisfies Catalog;
