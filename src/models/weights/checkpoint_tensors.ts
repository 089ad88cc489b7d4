/**
 * A checkpoint's tensors against what it claims: one embedding and generator row per
 * vocabulary token, exactly the tensors and shapes the config's model needs, finite values
 * (huge ones noted as a warning).
 */
import type { AnyModelConfig } from "../config.ts";
import { shapeText } from "../../engine/tensor.ts";
import { CheckpointError, sayWeights as say } from "./checkpoint_error.ts";
import type { Bilingual } from "../../platform/i18n/messages.ts";
import { parameterShapes } from "./param_shapes.ts";
import type { LoadedTensors } from "./param_store.ts";

/**
 * Weights above this magnitude get a warning at load. Attention scores and
 * LayerNorm's variance multiply activations by themselves and sum up to
 * 16,384 such products (the widest row, dim_feedforward): with values up
 * to 1e16 that stays below 1.7e36, inside float32's 3.4e38; beyond it the
 * products overflow to Infinity and the outputs turn to NaN. Trained attn
 * weights stay below 100.
 */
export const LARGE_WEIGHT = 1e16;

/** What the vocabulary checks read: the vocabularies and, when known, the architecture. */
type VocabularyOwner = {
  srcVocab: readonly string[];
  tgtVocab: readonly string[];
  config?: Pick<AnyModelConfig, "arch">;
};

/**
 * The vocabulary rows each tensor must have: embeddings and generator against the vocabularies
 * (a GPT: its token table and, when present, lm_head, against its one vocabulary, tgt_vocab).
 */
function vocabularyRows(vocab: VocabularyOwner): [string, string, number][] {
  const tgt = vocab.tgtVocab.length;
  if (vocab.config?.arch === "gpt") {
    return [
      ["tok_embed.weight", "tgt_vocab", tgt],
      ["lm_head.weight", "tgt_vocab", tgt],
      ["lm_head.bias", "tgt_vocab", tgt],
    ];
  }
  return [
    ["src_embed.weight", "src_vocab", vocab.srcVocab.length],
    ["tgt_embed.weight", "tgt_vocab", tgt],
    ["generator.weight", "tgt_vocab", tgt],
    ["generator.bias", "tgt_vocab", tgt],
  ];
}

/** Throws unless the embeddings and the generator have one row per vocabulary token. */
export function checkVocabularyRows(
  shapes: ReadonlyMap<string, readonly number[]>,
  vocab: VocabularyOwner,
): void {
  const gpt = vocab.config?.arch === "gpt";
  for (const [name, key, size] of vocabularyRows(vocab)) {
    const shape = shapes.get(name);
    if (!shape && gpt && name.startsWith("lm_head")) continue; // tied, or without a bias
    if (!shape) throw new CheckpointError(say("weights.tensor.missing", { name }));
    if (shape[0] !== size) {
      throw new CheckpointError(
        say("weights.tensor.rows", { key, size, name, rows: shape[0], shape: shape.join(", ") }),
      );
    }
  }
}

/**
 * Throws unless the file holds exactly the tensors `config`'s model asks
 * for, with their shapes: the same messages ParamStore gives when a model
 * is built, found here before any value is read.
 */
export function checkTensorsFitConfig(
  shapes: ReadonlyMap<string, readonly number[]>,
  config: AnyModelConfig,
): void {
  let expected: Map<string, number[]>;
  try {
    expected = parameterShapes(config);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new CheckpointError(say("weights.tensor.noModel", { reason }));
  }
  for (const [name, shape] of expected) {
    const found = shapes.get(name);
    if (!found) {
      throw new CheckpointError(
        say("weights.tensor.missingShape", { name, shape: shapeText(shape) }),
      );
    }
    if (found.length !== shape.length || found.some((d, i) => d !== shape[i])) {
      throw new CheckpointError(
        say("weights.tensor.shape", { name, found: shapeText(found), needed: shapeText(shape) }),
      );
    }
  }
  const unexpected = [...shapes.keys()].filter((name) => !expected.has(name));
  if (unexpected.length > 0) {
    const more = unexpected.length > 3
      ? say("weights.tensor.more", { count: unexpected.length - 3 })
      : "";
    throw new CheckpointError(say("weights.tensor.unexpected", {
      tensors: unexpected.length > 1 ? "tensors" : "tensor",
      names: unexpected.slice(0, 3).join(", "),
      more,
    }));
  }
}

/** Follows the values of a checkpoint's tensors: refuses non-finite ones, notes huge ones. */
export class WeightCheck {
  /** Tensors whose largest magnitude is above LARGE_WEIGHT, with that magnitude. */
  readonly large: { name: string; magnitude: number }[] = [];

  /** Looks at `values`, elements first.. of tensor `name`; throws on NaN or an infinity. */
  visit(name: string, values: Float32Array, first: number): void {
    const largest = largestMagnitude(values);
    if (Number.isNaN(largest)) {
      const i = values.findIndex((v) => !Number.isFinite(v));
      throw new CheckpointError(
        say("weights.tensor.notFinite", { name, value: String(values[i]), index: first + i }),
      );
    }
    if (largest > LARGE_WEIGHT) {
      const last = this.large.at(-1);
      if (last?.name === name) last.magnitude = Math.max(last.magnitude, largest);
      else this.large.push({ name, magnitude: largest });
    }
  }

  /** One warning line for the huge weights seen, or none. */
  warnings(): string[] {
    return this.messages().map((m) => m.en);
  }

  /** warnings() in both languages. */
  messages(): Bilingual[] {
    if (this.large.length === 0) return [];
    const worst = this.large.reduce((a, b) => (b.magnitude > a.magnitude ? b : a));
    const count = this.large.length - 1;
    const bound = LARGE_WEIGHT.toExponential(0).replace("+", "");
    const others = count > 0
      ? say("weights.tensor.largeOthers", {
        count,
        tensors: count > 1 ? "tensors" : "tensor",
        bound,
      })
      : "";
    const magnitude = worst.magnitude.toExponential(2);
    return [say("weights.tensor.large", { name: worst.name, magnitude, others, bound })];
  }
}

/**
 * The largest |v| in `values`, or NaN when one of them is NaN or infinite.
 * One comparison per value (a load scans every weight of the file).
 */
function largestMagnitude(values: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const magnitude = v < 0 ? -v : v;
    if (!(magnitude <= largest)) { // a new largest, or NaN
      if (!(magnitude < Infinity)) return NaN;
      largest = magnitude;
    }
  }
  return largest;
}

/**
 * Checks what can be checked without building the model: vocabulary sizes
 * against the embedding and generator shapes, and finite weights. Returns
 * warnings (huge weights). Missing or unexpected tensors and other shapes
 * are reported by ParamStore when the model is built (src/models/weights/param_store.ts);
 * loadCheckpoint checks them all before reading a file's values.
 */
export function validateTensors(tensors: LoadedTensors, vocab: VocabularyOwner): Bilingual[] {
  const shapes = new Map([...tensors].map(([name, t]) => [name, t.shape]));
  checkVocabularyRows(shapes, vocab);
  const check = new WeightCheck();
  for (const [name, t] of tensors) check.visit(name, t.data, 0);
  return check.messages();
}
