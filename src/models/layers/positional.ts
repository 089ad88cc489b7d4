/**
 * Where a token is: the positional encodings a Transformer can use.
 * - sinusoidal (Vaswani et al. 2017, §3.5): a fixed table added to the stack
 *   input, PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d));
 * - learned (Gehring et al. 2017): a trained table `pos_embed.weight` [max_len, d];
 * - rope (Su et al. 2021, RoFormer): nothing is added; queries and keys are
 *   rotated by their position inside self-attention, so q . k depends on the
 *   positions only through their offset;
 * - none: attention is order-blind (a set function).
 */
import { ops } from "../../engine/mod.ts";
import { keep, Tensor } from "../../engine/mod.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import type { PositionalKind } from "../config.ts";
import type { ParamStore } from "../weights/param_store.ts";

/** The sinusoidal table [length, d] as PE[p, 2i] = sin(p w_i), PE[p, 2i+1] = cos(p w_i). */
export function sinusoidalTable(length: number, d: number): Float32Array {
  const table = new Float32Array(length * d);
  for (let p = 0; p < length; p++) {
    for (let i = 0; 2 * i < d; i++) {
      const angle = p / Math.pow(10000, (2 * i) / d); // wavelengths 2 pi .. 10000 * 2 pi
      table[p * d + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < d) table[p * d + 2 * i + 1] = Math.cos(angle);
    }
  }
  return table;
}

/** Adds position information to a stack input x [B, T, d] (or leaves it to attention). */
export interface Positions {
  readonly kind: PositionalKind;
  /** True for RoPE: self-attention must rotate q and k (see {@link rotate}). */
  readonly rotary: boolean;
  /** x + PE[0..T): [B, T, d] -> [B, T, d]; x itself when nothing is added. */
  add(x: Tensor): Tensor;
  /** Frees constant tables (not parameters). */
  dispose(): void;
}

/** Sizes {@link makePositions} needs. */
export interface PositionsOptions {
  maxLen: number;
  dModel: number;
}

/**
 * The positional encoding of `kind`. "learned" creates `pos_embed.weight`
 * [max_len, d] in the store (normal(0, 0.02) at init, as GPT-2's position
 * table: small next to the unit-scale token input, so positions are learned
 * rather than imposed).
 */
export function makePositions(
  kind: PositionalKind,
  store: ParamStore,
  options: PositionsOptions,
): Positions {
  switch (kind) {
    case "sinusoidal":
      return new SinusoidalPositions(store.backend, options);
    case "learned":
      return new LearnedPositions(store, options);
    case "rope":
    case "none":
      return {
        kind,
        rotary: kind === "rope",
        add: (x) => {
          checkLength(x, options.maxLen);
          return x;
        },
        dispose: () => {},
      };
  }
}

function checkLength(x: Tensor, maxLen: number): number {
  const t = x.shape[1];
  if (x.rank !== 3 || t > maxLen) {
    throw new Error(
      `expected a sequence of at most ${maxLen} tokens as x [B, T, d], got ${
        x.rank === 3 ? `${t} tokens` : `shape [${x.shape.join(", ")}]`
      }`,
    );
  }
  return t;
}

/** The fixed sinusoidal table, uploaded once; slices per length are cached (constants). */
class SinusoidalPositions implements Positions {
  readonly kind = "sinusoidal" as const;
  readonly rotary = false;
  readonly #backend: Backend;
  readonly #maxLen: number;
  readonly #dModel: number;
  readonly #byLength = new Map<number, Tensor>();

  constructor(backend: Backend, options: PositionsOptions) {
    this.#backend = backend;
    this.#maxLen = options.maxLen;
    this.#dModel = options.dModel;
  }

  add(x: Tensor): Tensor {
    const t = checkLength(x, this.#maxLen);
    let pe = this.#byLength.get(t);
    if (!pe) {
      pe = keep(Tensor.from(this.#backend, sinusoidalTable(t, this.#dModel), [t, this.#dModel]));
      this.#byLength.set(t, pe);
    }
    return ops.add(x, pe); // [B, T, d] + [T, d]
  }

  dispose(): void {
    for (const t of this.#byLength.values()) t.dispose();
    this.#byLength.clear();
  }
}

/** A trained table `pos_embed.weight` [max_len, d], shared by encoder and decoder. */
class LearnedPositions implements Positions {
  readonly kind = "learned" as const;
  readonly rotary = false;
  readonly weight: Tensor; // [max_len, d]

  constructor(store: ParamStore, options: PositionsOptions) {
    this.weight = store.param("pos_embed.weight", [options.maxLen, options.dModel], {
      kind: "normal",
      std: 0.02,
    });
  }

  add(x: Tensor): Tensor {
    const t = checkLength(x, this.weight.shape[0]);
    const pe = ops.slice(this.weight, 0, 0, t); // [T, d]
    return ops.add(x, pe); // [B, T, d] + [T, d]
  }

  dispose(): void {}
}

/**
 * RoPE (Su et al. 2021, eq. 34) on queries and keys [B, h, T, dk] at
 * positions offset.., pair (2i, 2i+1) turning by p * 10000^(-2i/dk). Only
 * self-attention rotates: in cross-attention queries and keys index
 * different sequences, so their offset means nothing.
 */
export function rotate(
  q: Tensor,
  k: Tensor,
  options: { offset?: number } = {},
): { q: Tensor; k: Tensor } {
  return { q: ops.rope(q, options), k: ops.rope(k, options) }; // [B, h, T, dk] each
}
