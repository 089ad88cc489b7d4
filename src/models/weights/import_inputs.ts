/**
 * The files a user writes beside a PyTorch state_dict for `import --format torch`
 * (docs/CONTRACT.md "Imported from PyTorch"): the config, a flat JSON object with a checkpoint's
 * config fields plus `tokenizer`; the vocabularies, one token per line (a Seq2Seq's source and
 * target); or a GPT's BPE tokenizer, a JSON object `{"vocab": [...], "merges": [[l, r], ...]}`.
 * Each is untrusted text: its JSON shape is bounded before JSON.parse sees it, and every refusal
 * is one CheckpointError line naming the field, the line or the entry.
 */
import type { AnyModelConfig } from "../config.ts";
import { BpeTokenizer } from "../../data/tokenizers/bpe.ts";
import { CheckpointError, clip, sayWeights } from "./checkpoint_error.ts";
import { checkpointLimits } from "./checkpoint_limits.ts";
import { configFromMetadata } from "./checkpoint_config.ts";
import { validateVocab } from "./checkpoint_vocab.ts";
import { bpeMergesFromMetadata } from "./checkpoint_bpe.ts";
import { previewJson } from "./json_preview.ts";
import { type JsonShapeLimits, jsonShapeProblemIn } from "./json_scan.ts";
import { importMessages } from "./import_messages.ts";
import { codedMessagesOf, messageOf } from "../../platform/i18n/bilingual_error.ts";
import type { TokenizerKind } from "./checkpoint.ts";

const say = codedMessagesOf(importMessages);

/** The config fields each architecture reads (checkpoint_config.ts), plus `tokenizer`. */
export const importConfigFields = {
  transformer: [
    "arch",
    "attention",
    "pe",
    "d_model",
    "heads",
    "encoder_layers",
    "decoder_layers",
    "dim_feedforward",
    "norm",
    "activation",
    "max_len",
    "task",
    "dropout",
    "tokenizer",
  ],
  gru: [
    "arch",
    "attention",
    "embed_dim",
    "hidden_size",
    "num_layers",
    "max_len",
    "task",
    "dropout",
    "tokenizer",
  ],
  gpt: [
    "arch",
    "attention",
    "pe",
    "d_model",
    "heads",
    "num_layers",
    "dim_feedforward",
    "attn_only",
    "norm",
    "activation",
    "tie_embeddings",
    "lm_head_bias",
    "max_len",
    "task",
    "dropout",
    "tokenizer",
  ],
} as const;

/** What a config's JSON may hold: one flat object of a few dozen fields. */
const CONFIG_SHAPE: JsonShapeLimits = {
  maxDepth: 1,
  maxValues: 1 + 64,
  maxKeyLength: checkpointLimits.nameLength,
  maxStringLength: checkpointLimits.nameLength,
};

/** A config file read: its architecture, its tokenizer and the text to build the config from. */
export interface ImportConfigText {
  arch: AnyModelConfig["arch"];
  tokenizer: TokenizerKind;
  text: string;
}

/**
 * Reads the architecture and tokenizer of a config file and refuses a field the architecture
 * does not read (a typo would otherwise be ignored silently); the rest is checked by
 * {@link importConfig} once the vocabulary sizes are known.
 */
export function readImportConfig(text: string): ImportConfigText {
  const problem = jsonShapeProblemIn(text, CONFIG_SHAPE);
  if (problem) throw new CheckpointError(sayWeights("weights.config.shape", { problem }));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CheckpointError(sayWeights("weights.config.notJson", { text: clip(text) }));
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new CheckpointError(sayWeights("weights.config.notObject", { text: previewJson(raw) }));
  }
  const fields = raw as Record<string, unknown>;
  const arches = ["transformer", "gru", "lstm", "gpt"] as const;
  const arch = arches.find((a) => a === fields.arch);
  if (arch === undefined) {
    throw new CheckpointError(
      fields.arch === undefined
        ? sayWeights("weights.config.missing", { key: "arch" })
        : sayWeights("weights.config.oneOf", {
          key: "arch",
          allowed: arches.join(", "),
          got: previewJson(fields.arch),
        }),
    );
  }
  const allowed: readonly string[] = importConfigFields[arch === "lstm" ? "gru" : arch];
  const unknown = Object.keys(fields).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw new CheckpointError(
      say("import.config.unknownKey", { key: unknown, arch, allowed: allowed.join(", ") }),
    );
  }
  const kinds: readonly TokenizerKind[] = arch === "gpt" ? ["bpe"] : ["char", "word"];
  const tokenizer = fields.tokenizer ?? (arch === "gpt" ? "bpe" : undefined);
  if (tokenizer === undefined) {
    throw new CheckpointError(sayWeights("weights.config.missing", { key: "tokenizer" }));
  }
  if (!kinds.includes(tokenizer as TokenizerKind)) {
    const got = previewJson(tokenizer);
    throw new CheckpointError(
      say("import.config.tokenizer", { allowed: kinds.join(", "), arch, got }),
    );
  }
  return { arch, tokenizer: tokenizer as TokenizerKind, text };
}

/** The model config of a config file, its vocabulary sizes taken from the vocabularies. */
export function importConfig(
  read: ImportConfigText,
  vocab: { srcVocab: readonly string[]; tgtVocab: readonly string[] },
): AnyModelConfig {
  return configFromMetadata(read.text, {
    srcVocab: vocab.srcVocab.length,
    tgtVocab: vocab.tgtVocab.length,
  });
}

/**
 * A vocabulary file: one token per line, the line's number - 1 its id, `\n` or `\r\n` line ends,
 * a last line end optional. The specials come first (checkpoint_vocab.ts), no line is empty,
 * no token twice.
 */
export function vocabFromLines(key: string, text: string): string[] {
  const lines = text.split("\n").map((line) => line.endsWith("\r") ? line.slice(0, -1) : line);
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  if (lines.length > checkpointLimits.vocab) validateVocab(key, lines); // the count, in one line
  const blank = lines.indexOf("");
  if (blank >= 0) {
    const reason = sayWeights("weights.vocab.emptyString", { key, i: blank });
    throw new CheckpointError(say("import.vocab.line", { line: blank + 1, reason }));
  }
  validateVocab(key, lines);
  return lines;
}

/** What a BPE tokenizer JSON may hold: vocab's strings, merges' pairs. */
const BPE_SHAPE: JsonShapeLimits = {
  maxDepth: 3,
  maxValues: 1 + 2 + checkpointLimits.vocab + 3 * checkpointLimits.vocab,
  maxKeyLength: checkpointLimits.nameLength,
  maxStringLength: 1024,
};

/** A GPT's tokenizer file: `{"vocab": [...], "merges": [[left, right], ...]}`, checked together. */
export function bpeFromJson(text: string): { vocab: string[]; merges: [string, string][] } {
  const problem = jsonShapeProblemIn(text, BPE_SHAPE);
  if (problem) throw new CheckpointError(say("import.bpe.shape", { problem }));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CheckpointError(say("import.bpe.notJson"));
  }
  const keys = raw !== null && typeof raw === "object" && !Array.isArray(raw)
    ? Object.keys(raw).sort().join(",")
    : "";
  if (keys !== "merges,vocab") {
    throw new CheckpointError(say("import.bpe.fields", { got: previewJson(raw) }));
  }
  const { vocab, merges: rawMerges } = raw as { vocab: unknown; merges: unknown };
  validateVocab("vocab", vocab);
  const merges = bpeMergesFromMetadata(JSON.stringify(rawMerges));
  try {
    BpeTokenizer.fromVocab(vocab, merges);
  } catch (e) {
    throw new CheckpointError(messageOf(e));
  }
  return { vocab, merges };
}
