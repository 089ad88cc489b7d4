/**
 * A BPE tokenizer in a checkpoint (docs/CONTRACT.md, GPT section): `tokenizer` = "bpe",
 * `__metadata__.bpe_merges` = a JSON array of [left, right] pairs in merge order, and the
 * vocabulary in `src_vocab` (a GPT has one vocabulary; `tgt_vocab`, when present, must be the
 * same list). The merges are untrusted text: their JSON shape is bounded before JSON.parse sees
 * it, every entry is checked, and the merges must fit the vocabulary (each merge joins tokens
 * that exist by then, and the vocabulary ends with the merged tokens in order). Every refusal is
 * one CheckpointError line.
 */
import { BpeTokenizer } from "../../data/tokenizers/bpe.ts";
import { CheckpointError, clip } from "./checkpoint_error.ts";
import { checkpointLimits } from "./checkpoint_limits.ts";
import { vocabFromMetadata } from "./checkpoint_vocab.ts";
import { previewJson } from "./json_preview.ts";
import { type JsonShapeLimits, jsonShapeProblem } from "./json_scan.ts";

/** The metadata key of the merges. */
export const BPE_MERGES_KEY = "bpe_merges";

/** Characters of one side of a merge, as written: a token of a long word fits many times. */
const MAX_SIDE_LENGTH = 1024;

/** What the merges' JSON may hold: an array of arrays of two strings. */
const MERGES_SHAPE: JsonShapeLimits = {
  maxDepth: 2,
  maxValues: 1 + 3 * checkpointLimits.vocab,
  maxKeyLength: checkpointLimits.nameLength,
  maxStringLength: MAX_SIDE_LENGTH,
};

/** The merges of a tokenizer as the metadata string to store. */
export function bpeMergesToMetadata(tokenizer: BpeTokenizer): string {
  return JSON.stringify(tokenizer.mergePairs());
}

/** Parses and validates a `bpe_merges` metadata string: [left, right] pairs of non-empty strings. */
export function bpeMergesFromMetadata(text: string | undefined): [string, string][] {
  if (text === undefined) throw new CheckpointError(`checkpoint metadata has no ${BPE_MERGES_KEY}`);
  const problem = jsonShapeProblem(text, MERGES_SHAPE);
  if (problem) {
    throw new CheckpointError(
      `checkpoint ${BPE_MERGES_KEY} ${problem}; expected a JSON array of at most ${checkpointLimits.vocab} [left, right] string pairs`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CheckpointError(
      `checkpoint ${BPE_MERGES_KEY} is not valid JSON (expected [left, right] pairs): ${
        clip(text)
      }`,
    );
  }
  if (!Array.isArray(raw)) {
    throw new CheckpointError(
      `checkpoint ${BPE_MERGES_KEY} must be a JSON array of [left, right] pairs, got ${
        previewJson(raw)
      }`,
    );
  }
  if (raw.length > checkpointLimits.vocab) {
    throw new CheckpointError(
      `checkpoint ${BPE_MERGES_KEY} has ${raw.length} merges, beyond attn's limit of ${checkpointLimits.vocab}`,
    );
  }
  raw.forEach((entry, i) => {
    const isPair = Array.isArray(entry) && entry.length === 2 &&
      entry.every((side) => typeof side === "string" && side !== "");
    if (!isPair) {
      throw new CheckpointError(
        `checkpoint ${BPE_MERGES_KEY} entry ${i} must be a pair of non-empty strings, got ${
          previewJson(entry)
        }`,
      );
    }
  });
  return raw;
}

/**
 * The BPE tokenizer a checkpoint's metadata describes: `tokenizer` "bpe", its merges and its
 * vocabulary, validated together. Throws a one-line CheckpointError.
 */
export function bpeTokenizerFromMetadata(metadata: Record<string, string>): BpeTokenizer {
  if (metadata.tokenizer !== "bpe") {
    throw new CheckpointError(
      `expected a checkpoint with tokenizer "bpe" (a GPT), got ${
        metadata.tokenizer === undefined ? "no tokenizer" : previewJson(metadata.tokenizer)
      }`,
    );
  }
  const vocab = vocabFromMetadata("src_vocab", metadata.src_vocab);
  if (metadata.tgt_vocab !== undefined && metadata.tgt_vocab !== metadata.src_vocab) {
    throw new CheckpointError(`checkpoint tgt_vocab must equal src_vocab for a BPE model`);
  }
  const merges = bpeMergesFromMetadata(metadata[BPE_MERGES_KEY]);
  try {
    return BpeTokenizer.fromVocab(vocab, merges);
  } catch (e) {
    throw new CheckpointError(`checkpoint ${BPE_MERGES_KEY}: ${(e as Error).message}`);
  }
}
