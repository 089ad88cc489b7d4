/**
 * The explanation of a `mask` or `pe` result in both languages, from what the result holds:
 * the use cases keep the English in their results (--json), the views print the session's.
 */
import { type Bilingual, messagesOf } from "../platform/i18n/messages.ts";
import { explainMessages } from "./explain_messages.ts";

const say = messagesOf(explainMessages);

/** Where the `train ... --pe learned` command suggested when no model has a learned table saves. */
export const learnedPeOut = "~/.local/state/attn/ko-en-learned.safetensors";

/** What a mask of `kind` does. */
export function explainMask(kind: "causal" | "padding"): Bilingual {
  return say(kind === "causal" ? "explain.mask.causal" : "explain.mask.padding");
}

/**
 * What a positional table means: sinusoidal, rope, or a learned table of `model` (trained on
 * `task`), or, without a model, how to make one.
 */
export function explainPe(
  r: { kind: "sinusoidal" | "learned" | "rope"; model?: string; task?: string },
): Bilingual {
  if (r.kind === "sinusoidal") return say("explain.pe.sinusoidal");
  if (r.kind === "rope") return say("explain.pe.rope");
  const learned = say("explain.pe.learned");
  if (r.model === undefined) return say("explain.pe.learnedNone", { learned, out: learnedPeOut });
  return say("explain.pe.learnedOf", {
    learned,
    model: r.model,
    task: r.task ?? say("explain.pe.itsTask"),
  });
}
