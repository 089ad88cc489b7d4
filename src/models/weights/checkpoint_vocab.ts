/**
 * A checkpoint's vocabularies (`src_vocab` / `tgt_vocab` metadata): a bounded JSON array of
 * distinct token strings that starts with the special tokens.
 */
import { specialTokens } from "../../data/vocab.ts";
import { CheckpointError, clip, sayWeights as say } from "./checkpoint_error.ts";
import { checkpointLimits } from "./checkpoint_limits.ts";
import { previewJson } from "./json_preview.ts";
import { type JsonShapeLimits, jsonShapeProblemIn } from "./json_scan.ts";

/** What a vocabulary's JSON may hold: one flat array of token strings. */
const VOCAB_SHAPE: JsonShapeLimits = {
  maxDepth: 1,
  maxValues: 1 + checkpointLimits.vocab,
  maxKeyLength: checkpointLimits.nameLength, // not in an array, but JSON.parse says it better
  maxStringLength: checkpointLimits.metadataValueLength,
};

/** Parses and validates a `src_vocab` / `tgt_vocab` metadata string. */
export function vocabFromMetadata(key: string, text: string | undefined): string[] {
  if (text === undefined) throw new CheckpointError(say("weights.metadata.missing", { key }));
  const problem = jsonShapeProblemIn(text, VOCAB_SHAPE);
  if (problem) {
    throw new CheckpointError(
      say("weights.vocab.shape", { key, problem, limit: checkpointLimits.vocab }),
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CheckpointError(say("weights.vocab.notJson", { key, text: clip(text) }));
  }
  validateVocab(key, raw);
  return raw;
}

/** Throws unless `vocab` is a list of distinct strings starting with the special tokens. */
export function validateVocab(key: string, vocab: unknown): asserts vocab is string[] {
  if (!Array.isArray(vocab)) {
    throw new CheckpointError(say("weights.vocab.notArray", { key }));
  }
  if (vocab.length === 0) throw new CheckpointError(say("weights.vocab.empty", { key }));
  if (vocab.length > checkpointLimits.vocab) {
    throw new CheckpointError(
      say("weights.vocab.tooMany", { key, count: vocab.length, limit: checkpointLimits.vocab }),
    );
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < vocab.length; i++) {
    const token = vocab[i];
    if (typeof token !== "string") {
      throw new CheckpointError(
        say("weights.vocab.notString", { key, i, got: previewJson(token) }),
      );
    }
    if (token === "") throw new CheckpointError(say("weights.vocab.emptyString", { key, i }));
    const first = seen.get(token);
    if (first !== undefined) {
      throw new CheckpointError(
        say("weights.vocab.twice", { key, token: previewJson(token), first, i }),
      );
    }
    seen.set(token, i);
  }
  const specials = specialTokens.join(", ");
  if (specialTokens.some((s, i) => vocab[i] !== s)) {
    const got = vocab.slice(0, specialTokens.length).map((t) => previewJson(t)).join(", ");
    throw new CheckpointError(say("weights.vocab.specials", { key, specials, got }));
  }
}
