/**
 * The words of the `compare` view that the session language picks (src/platform/i18n/messages.ts).
 */
import type { Catalog } from "../platform/i18n/messages.ts";

/** compare view messages. */
export const compareMessages = {
  "compare.beyondTraining": {
    en:
      "(the input lies outside what the task trains on, {min}-{max} characters of {letters}: its models never saw one like it, so a wrong answer shows the limit of training, not of the task)",
    ko:
      "(입력이 이 과제가 학습하는 범위, {letters} 중 {min}-{max}글자를 벗어납니다. 모델은 이런 입력을 본 적이 없으니, 틀린 답은 과제가 아니라 학습의 한계를 보여 줍니다)",
  },
} as const satisfies Catalog;
