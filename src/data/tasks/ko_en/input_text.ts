/**
 * A learner's sentence made to look like the task's own: the ko-en data writes "?" as a token
 * of its own ("가니 ?") and never writes a period, a comma or an exclamation mark. Typed
 * punctuation is split off or dropped the same way before the word tokenizer sees the text, so
 * `나는 학생이다.` is read as `나는 학생이다`, not as the unknown word `학생이다.`.
 */

/** Punctuation the ko-en sentences never contain: dropped (ASCII and full-width forms). */
const DROPPED = /[.,!;:"'“”‘’。、，！．…·~]/gu;
/** Question marks, full-width too: the data's "?" token, with spaces around it. */
const QUESTION = /[?？]/gu;

/** `text` with punctuation split off or dropped as the ko-en data writes it. */
export function tidyKoEnInput(text: string): string {
  return text.replace(QUESTION, " ? ").replace(DROPPED, " ").replace(/\s+/gu, " ").trim();
}
