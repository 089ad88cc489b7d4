/** The words of the `compare` view (src/render/compare_view.ts), by id. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const compareViewMessages = {
  "view.compare.beyondTraining": {
    en:
      "(the input lies outside what the task trains on, {min}-{max} characters of {letters}: its models never saw one like it, so a wrong answer shows the limit of training, not of the task)",
    ko:
      "(입력이 이 과제가 학습하는 범위, {letters} 중 {min}-{max}글자를 벗어납니다. 모델은 이런 입력을 본 적이 없으니, 틀린 답은 과제가 아니라 학습의 한계를 보여 줍니다)",
  },
  "view.compare.input": { en: "input", ko: "입력" },
  "view.compare.reference": { en: "reference", ko: "정답" },
  "view.compare.task": { en: "(task {task})", ko: "(과제 {task})" },
  "view.compare.unknown": {
    en: "unknown (the task never produces this input, so correct is '?')",
    ko: "알 수 없음 (과제가 만들지 않는 입력이라 맞았는지는 '?')",
  },
  "view.compare.model": { en: "model", ko: "모델" },
  "view.compare.output": { en: "output", ko: "출력" },
  "view.compare.correct": { en: "correct", ko: "정답 여부" },
  "view.compare.ms": { en: "ms", ko: "ms" },
  "view.compare.warm": {
    en:
      "ms: each model's time after one untimed warm-up run (loading and GPU kernel compilation left out)",
    ko:
      "ms: 모델마다 시간을 재지 않는 예열 실행을 한 번 한 뒤에 잰 시간 (모델 로딩과 GPU 커널 컴파일은 빠짐)",
  },
  "view.compare.yes": { en: "yes", ko: "맞음" },
  "view.compare.no": { en: "no", ko: "틀림" },
  "view.compare.nothing": { en: "(nothing)", ko: "(출력 없음)" },
} as const satisfies Catalog;
