import type { Tensor } from "../engine/tensor.ts";

/** Which attention a matrix belongs to (docs/CONTRACT.md `run --json` `kind`). */
export type AttentionSite = "encoder" | "decoder" | "cross" | "alignment";

/** One recorded attention tensor: weights [B, heads, Tq, Tk] (RNN alignment: heads = 1). */
export interface AttentionRecord {
  kind: AttentionSite;
  layer: number;
  weights: Tensor;
}

/**
 * One recorded block of hidden states [B, T, D]: a Transformer layer's output
 * for all positions, or an RNN layer's states for one or more steps. Records
 * with the same (where, layer) are concatenated along T in recording order.
 */
export interface HiddenRecord {
  where: "encoder" | "decoder";
  layer: number;
  values: Tensor;
}

/** The input of a stack [B, T, D]: what its first layer reads (gradient x input saliency). */
export interface InputRecord {
  where: "encoder" | "decoder";
  values: Tensor;
}

/**
 * The heads' outputs of one attention before W^O, side by side: Concat(head_1, ..., head_h)
 * [B, Tq, d] (recorded only when asked: mean ablation averages them).
 */
export interface HeadOutputRecord {
  kind: AttentionSite;
  layer: number;
  merged: Tensor;
}

/**
 * Collects what a model run shows the learner, as GPU tensors; the caller
 * reads them all back at once (one round trip) after the run.
 */
export class TraceRecorder {
  readonly attention: AttentionRecord[] = [];
  readonly hidden: HiddenRecord[] = [];
  /** A language model's logits, one record per forward or generation step ([B, T, V] or [B, V]). */
  readonly logits: Tensor[] = [];
  /** Each stack's input (the embeddings a saliency gradient is taken against). */
  readonly inputs: InputRecord[] = [];
  /** Every attention's merged head outputs, when constructed with `{ headOutputs: true }`. */
  readonly headOutputs: HeadOutputRecord[] | null;

  constructor(options: { headOutputs?: boolean } = {}) {
    this.headOutputs = options.headOutputs ? [] : null;
  }

  recordAttention(kind: AttentionSite, layer: number, weights: Tensor): void {
    this.attention.push({ kind, layer, weights });
  }

  recordHidden(where: "encoder" | "decoder", layer: number, values: Tensor): void {
    this.hidden.push({ where, layer, values });
  }

  recordInput(where: "encoder" | "decoder", values: Tensor): void {
    this.inputs.push({ where, values });
  }

  recordHeadOutputs(kind: AttentionSite, layer: number, merged: Tensor): void {
    this.headOutputs?.push({ kind, layer, merged });
  }

  recordLogits(logits: Tensor): void {
    this.logits.push(logits);
  }
}
