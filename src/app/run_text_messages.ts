/** The words of `run`'s use case (src/app/run_text.ts): warnings about what the model read. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const runTextMessages = {
  "run.unknown": {
    en: "not in the vocabulary of {model}, read as <unk>: {words}; {fix}",
    ko: "{model}의 어휘에 없어 <unk>로 읽은 토큰: {words}; {fix}",
  },
  "run.unknown.fix.word": {
    en: "write words as the {task} sentences do (spelling, spacing), e.g. {example}",
    ko: "{task} 문장처럼 철자와 띄어쓰기를 맞춰 쓰세요. 예: {example}",
  },
  "run.unknown.fix.char": {
    en: "use only the characters of the {task} task, e.g. {example}",
    ko: "{task} 과제의 문자만 쓰세요. 예: {example}",
  },
  "run.unknown.fix.none": {
    en: "use only words or characters the model was trained on",
    ko: "모델이 학습한 단어나 문자만 쓰세요",
  },
} as const satisfies Catalog;
