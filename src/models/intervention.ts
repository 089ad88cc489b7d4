/**
 * What an analysis changes inside a forward pass, as opposed to what it only records (the
 * {@link TraceRecorder}): switching attention heads off. A head is ablated after attention and
 * before W^O, where the heads sit side by side (head i owns columns i * dk .. (i + 1) * dk of
 * Concat(head_1, ..., head_h)), so its contribution to the residual stream is gone and the
 * other heads are untouched:
 *
 *   zero ablation (Michel et al. 2019, "Are Sixteen Heads Really Better than One?"):
 *     head_i := 0
 *   mean ablation (as in Wang et al. 2022's path patching; TransformerLens's mean hooks):
 *     head_i := its mean output over a reference batch, so the layer after still sees a
 *     typical input and only the information the head carried is lost
 *
 * An RNN's attention is one "head" (site "alignment", layer 0): ablating it removes the
 * context vector c_t the decoder reads (zero) or replaces it with its mean.
 *
 * The edit is a multiply and an add on [..., d] with two vectors [d] (keep: 1 on kept columns,
 * 0 on ablated ones; fill: 0, or the mean on ablated columns), broadcast over the leading dims.
 */
import { keep as keepAlive, ops, Tensor } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import type { AttentionSite } from "./trace.ts";

/** One attention head: which attention, which layer, which head. */
export interface HeadRef {
  site: AttentionSite;
  layer: number;
  head: number;
}

/** The edit of one attention's merged head outputs [..., d] -> [..., d]. */
export type HeadEdit = (merged: Tensor) => Tensor;

/**
 * Mean head outputs of a reference batch, by attention: key `${site}.${layer}`, value the
 * mean of Concat(head_1, ..., head_h) over every real position [d].
 */
export type HeadMeans = ReadonlyMap<string, Float32Array>;

/** The key of one attention (site and layer) in {@link HeadMeans}. */
export function attentionKey(site: AttentionSite, layer: number): string {
  return `${site}.${layer}`;
}

/** Heads to switch off in a run; `means` given: mean ablation, else zero ablation. */
export class HeadAblation {
  readonly heads: readonly HeadRef[];
  readonly means: HeadMeans | null;
  readonly #edits = new Map<string, { keep: Tensor; fill: Tensor }>();

  constructor(heads: readonly HeadRef[], means: HeadMeans | null = null) {
    this.heads = heads;
    this.means = means;
  }

  /**
   * The edit of the attention at (site, layer) with `heads` heads of width d / heads, or
   * undefined when none of its heads is ablated (the attention runs untouched).
   */
  editAt(site: AttentionSite, layer: number, heads: number): HeadEdit | undefined {
    const mine = this.heads.filter((h) => h.site === site && h.layer === layer);
    if (mine.length === 0) return undefined;
    return (merged) => {
      const { keep, fill } = this.#vectors(merged.backend, site, layer, heads, merged);
      return ops.add(ops.mul(merged, keep), fill); // [..., d]
    };
  }

  /** Frees the keep and fill vectors uploaded so far. */
  dispose(): void {
    for (const v of this.#edits.values()) {
      v.keep.dispose();
      v.fill.dispose();
    }
    this.#edits.clear();
  }

  #vectors(
    backend: Backend,
    site: AttentionSite,
    layer: number,
    heads: number,
    merged: Tensor,
  ): { keep: Tensor; fill: Tensor } {
    const key = attentionKey(site, layer);
    const known = this.#edits.get(key);
    if (known) return known;
    const d = merged.shape[merged.rank - 1];
    const dk = d / heads;
    const keep = new Float32Array(d).fill(1);
    const fill = new Float32Array(d);
    const mean = this.means?.get(key);
    if (this.means && (!mean || mean.length !== d)) {
      throw new Error(`expected the mean head outputs [${d}] of ${key}, got ${mean?.length ?? 0}`);
    }
    for (const h of this.heads) {
      if (h.site !== site || h.layer !== layer) continue;
      if (!Number.isInteger(h.head) || h.head < 0 || h.head >= heads) {
        throw new Error(`expected a head in 0..${heads - 1} of ${key}, got ${h.head}`);
      }
      keep.fill(0, h.head * dk, (h.head + 1) * dk);
      if (mean) fill.set(mean.subarray(h.head * dk, (h.head + 1) * dk), h.head * dk);
    }
    // Kept out of the caller's tidy(): they serve every forward pass of this ablation.
    const vectors = {
      keep: keepAlive(Tensor.from(backend, keep, [d])),
      fill: keepAlive(Tensor.from(backend, fill, [d])),
    };
    this.#edits.set(key, vectors);
    return vectors;
  }
}
