/**
 * What a key means at a pause of `step` or a lesson on a terminal: Enter or space the next
 * step, `a` all the rest, `q` stop. Any other key answers nothing (the pause keeps waiting):
 * a typed word is never taken as "next".
 */

/** A pause's answer. */
export type PauseAnswer = "next" | "all" | "quit";

/** The answer of one key (its text as typed), or null when the key is not an answer. */
export function pauseAnswerOfKey(text: string): PauseAnswer | null {
  if (text === "\r" || text === "\n" || text === " ") return "next";
  const key = text.toLowerCase();
  if (key === "a") return "all";
  if (key === "q") return "quit";
  return null;
}

/** What the learner sees after answering: the key pressed (Enter shows nothing), then a newline. */
export function pauseEcho(answer: PauseAnswer, text: string): string {
  return `${answer === "next" ? "" : text}\n`;
}
