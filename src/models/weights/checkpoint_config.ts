/**
 * A model config as checkpoint metadata: `configToMetadata` writes the snake_case object of
 * docs/CONTRACT.md, `configFromMetadata` reads one back, refusing anything attn cannot build
 * with a one-line message naming the field.
 */
import type {
  AnyModelConfig,
  GptConfig,
  ModelConfig,
  RnnConfig,
  TransformerConfig,
} from "../config.ts";
import { CheckpointError, clip, sayWeights as say } from "./checkpoint_error.ts";
import { checkpointLimits } from "./checkpoint_limits.ts";
import { previewJson } from "./json_preview.ts";
import { type JsonShapeLimits, jsonShapeProblemIn } from "./json_scan.ts";

/** What a config's JSON may hold: one flat object of a few dozen fields. */
const CONFIG_SHAPE: JsonShapeLimits = {
  maxDepth: 1,
  maxValues: 1 + 64,
  maxKeyLength: checkpointLimits.nameLength,
  maxStringLength: checkpointLimits.nameLength,
};

/** The `config` metadata object (snake_case keys, docs/CONTRACT.md) of a model config. */
export function configToMetadata(
  config: AnyModelConfig,
): Record<string, string | number | boolean> {
  if (config.arch === "gpt") return gptMetadata(config);
  if (config.arch === "transformer") {
    return {
      arch: config.arch,
      attention: config.attention,
      pe: config.pe,
      d_model: config.dModel,
      heads: config.heads,
      encoder_layers: config.encoderLayers,
      decoder_layers: config.decoderLayers,
      dim_feedforward: config.ffn,
      norm: config.norm,
      activation: config.activation,
      max_len: config.maxLen,
      task: config.task,
      dropout: config.dropout,
    };
  }
  return {
    arch: config.arch,
    attention: config.attention,
    embed_dim: config.embed,
    hidden_size: config.hidden,
    num_layers: config.layers,
    max_len: config.maxLen,
    task: config.task,
    dropout: config.dropout,
  };
}

/** A GPT's `config` metadata: its own keys, plus `norm: "pre"` (GPT-2's only placement). */
function gptMetadata(config: GptConfig): Record<string, string | number | boolean> {
  return {
    arch: config.arch,
    attention: config.attention,
    pe: config.pe,
    d_model: config.dModel,
    heads: config.heads,
    num_layers: config.layers,
    dim_feedforward: config.ffn,
    ...(config.attnOnly ? { attn_only: true } : {}), // written only when set: older files lack it
    norm: "pre",
    activation: config.activation,
    tie_embeddings: config.tied,
    lm_head_bias: config.lmHeadBias,
    max_len: config.maxLen,
    task: config.task,
    dropout: config.dropout,
  };
}

/**
 * Parses and validates a `config` metadata string; vocabulary sizes come
 * from the vocabularies (a GPT's one vocabulary is tgt_vocab). Throws a one-line
 * CheckpointError naming the field.
 */
export function configFromMetadata(
  text: string | undefined,
  vocabSizes: { srcVocab: number; tgtVocab: number },
): AnyModelConfig {
  const fields = new ConfigFields(parseConfigObject(text));
  const common = { ...vocabSizes, ...fields.common() };
  const arch = fields.oneOf("arch", ["transformer", "gru", "lstm", "gpt"] as const);
  if (arch === "gpt") return gptConfig(fields, vocabSizes.tgtVocab, fields.common());
  return arch === "transformer"
    ? transformerConfig(fields, common)
    : rnnConfig(fields, arch, common);
}

/** The fields every architecture shares, besides the vocabulary sizes. */
type CommonFields = Pick<ModelConfig, "maxLen" | "dropout" | "task">;

/** The config string as a flat JSON object, its size bounded before it is parsed. */
function parseConfigObject(text: string | undefined): Record<string, unknown> {
  if (text === undefined) {
    throw new CheckpointError(say("weights.metadata.missing", { key: "config" }));
  }
  const problem = jsonShapeProblemIn(text, CONFIG_SHAPE);
  if (problem) throw new CheckpointError(say("weights.config.shape", { problem }));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CheckpointError(say("weights.config.notJson", { text: clip(text) }));
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new CheckpointError(say("weights.config.notObject", { text: clip(text) }));
  }
  return raw as Record<string, unknown>;
}

/** Reads typed fields of a parsed config, each refused with a message naming its key. */
class ConfigFields {
  constructor(private readonly c: Record<string, unknown>) {}

  /** A string field that must be one of `allowed`. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const v = this.c[key];
    if (v === undefined) throw new CheckpointError(say("weights.config.missing", { key }));
    if (typeof v !== "string" || !allowed.includes(v as T)) {
      throw new CheckpointError(
        say("weights.config.oneOf", { key, allowed: allowed.join(", "), got: previewJson(v) }),
      );
    }
    return v as T;
  }

  /** A positive integer field no larger than `limit` (named `limitName` in the message). */
  size(key: string, limit: number, limitName = key): number {
    const v = this.c[key];
    if (v === undefined) throw new CheckpointError(say("weights.config.missing", { key }));
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
      throw new CheckpointError(say("weights.config.positive", { key, got: previewJson(v) }));
    }
    if (v > limit) {
      throw new CheckpointError(
        say("weights.config.beyond", { key, value: v, limit, limitName }),
      );
    }
    return v;
  }

  /** A true/false field; `absent` is its value when missing (else a missing one is refused). */
  flag(key: string, absent?: boolean): boolean {
    const v = this.c[key] === undefined ? absent : this.c[key];
    if (v === undefined) throw new CheckpointError(say("weights.config.missing", { key }));
    if (typeof v !== "boolean") {
      throw new CheckpointError(say("weights.config.flag", { key, got: previewJson(v) }));
    }
    return v;
  }

  /** max_len, dropout (default 0) and task (default ""). */
  common(): CommonFields {
    const c = this.c;
    const dropout = c.dropout ?? 0;
    if (typeof dropout !== "number" || !(dropout >= 0 && dropout < 1)) {
      throw new CheckpointError(say("weights.config.dropout", { got: previewJson(c.dropout) }));
    }
    const task = c.task ?? "";
    if (typeof task !== "string") {
      throw new CheckpointError(say("weights.config.task", { got: previewJson(task) }));
    }
    return { maxLen: this.size("max_len", checkpointLimits.maxLen), dropout, task };
  }
}

/** A Transformer's config: heads divide d_model, and rope gets an even head width. */
function transformerConfig(
  fields: ConfigFields,
  common: CommonFields & { srcVocab: number; tgtVocab: number },
): TransformerConfig {
  const dModel = fields.size("d_model", checkpointLimits.width);
  const heads = fields.size("heads", checkpointLimits.heads);
  if (dModel % heads !== 0) {
    throw new CheckpointError(say("weights.config.heads", { heads, dModel }));
  }
  const config: TransformerConfig = {
    arch: "transformer",
    attention: fields.oneOf("attention", ["scaled-dot"] as const),
    pe: fields.oneOf("pe", ["sinusoidal", "learned", "rope", "none"] as const),
    dModel,
    heads,
    encoderLayers: fields.size("encoder_layers", checkpointLimits.layers),
    decoderLayers: fields.size("decoder_layers", checkpointLimits.layers),
    ffn: fields.size("dim_feedforward", checkpointLimits.ffn),
    norm: fields.oneOf("norm", ["pre", "post"] as const),
    activation: fields.oneOf("activation", ["relu", "gelu"] as const),
    ...common,
  };
  if (config.pe === "rope" && (dModel / heads) % 2 !== 0) {
    throw new CheckpointError(say("weights.config.rope", { width: dModel / heads }));
  }
  return config;
}

/** The width d_model and the heads that divide it, with rope's even head width. */
function widthAndHeads(fields: ConfigFields, pe: string): { dModel: number; heads: number } {
  const dModel = fields.size("d_model", checkpointLimits.width);
  const heads = fields.size("heads", checkpointLimits.heads);
  if (dModel % heads !== 0) {
    throw new CheckpointError(say("weights.config.heads", { heads, dModel }));
  }
  if (pe === "rope" && (dModel / heads) % 2 !== 0) {
    throw new CheckpointError(say("weights.config.rope", { width: dModel / heads }));
  }
  return { dModel, heads };
}

/** A GPT's config: pre-norm only, learned or rope positions, a head tied or not. */
function gptConfig(fields: ConfigFields, vocab: number, common: CommonFields): GptConfig {
  const pe = fields.oneOf("pe", ["learned", "rope"] as const);
  fields.oneOf("norm", ["pre"] as const);
  return {
    arch: "gpt",
    attention: fields.oneOf("attention", ["scaled-dot"] as const),
    vocab,
    pe,
    ...widthAndHeads(fields, pe),
    layers: fields.size("num_layers", checkpointLimits.layers),
    ffn: fields.size("dim_feedforward", checkpointLimits.ffn),
    // attention-only blocks (no linear1/linear2/norm2 tensors): the tensor check follows
    ...(fields.flag("attn_only", false) ? { attnOnly: true } : {}),
    activation: fields.oneOf("activation", ["relu", "gelu"] as const),
    tied: fields.flag("tie_embeddings"),
    lmHeadBias: fields.flag("lm_head_bias"),
    ...common,
  };
}

/** A GRU or LSTM Seq2Seq's config. */
function rnnConfig(
  fields: ConfigFields,
  arch: RnnConfig["arch"],
  common: CommonFields & { srcVocab: number; tgtVocab: number },
): RnnConfig {
  return {
    arch,
    attention: fields.oneOf(
      "attention",
      ["none", "bahdanau", "luong-dot", "luong-general"] as const,
    ),
    embed: fields.size("embed_dim", checkpointLimits.width),
    hidden: fields.size("hidden_size", checkpointLimits.width),
    layers: fields.size("num_layers", checkpointLimits.layers),
    ...common,
  };
}
