/**
 * The checks of the attention kernels: whole sizes, q, k and v columns inside their row strides,
 * and buffers of the lengths the layouts imply.
 */
import type { AttentionParams } from "../contract.ts";
import { integer, size } from "./assert.ts";
import type { CheckGroup } from "./types.ts";

/** Whole sizes, q, k and v columns inside their row strides, buffers of the layouts' lengths. */
function attentionSizes(
  op: string,
  p: AttentionParams,
  lengths: { q: number; kv: number; mask?: number; weights?: number; dOut?: number },
): void {
  const whole = [
    "batch",
    "heads",
    "tq",
    "tk",
    "dk",
    "qStride",
    "qOffset",
    "kvStride",
    "kOffset",
    "vOffset",
  ] as const;
  for (const key of whole) size(op, key, p[key]);
  if (typeof p.scale !== "number") {
    throw new Error(`${op}: expected a number scale, got ${p.scale}`);
  }
  integer(op, "causalOffset", p.causalOffset ?? 0);
  const d = p.heads * p.dk;
  if (p.qOffset + d > p.qStride || p.kOffset + d > p.kvStride || p.vOffset + d > p.kvStride) {
    throw new Error(
      `${op}: expected q, k and v columns (offset + heads * dk = offset + ${d}) within their row strides, got qStride ${p.qStride} (offset ${p.qOffset}), kvStride ${p.kvStride} (offsets ${p.kOffset}, ${p.vOffset})`,
    );
  }
  const need = (name: string, got: number, n: number) => {
    if (got !== n) throw new Error(`${op}: ${name} has ${got} elements, expected ${n}`);
  };
  need("q", lengths.q, p.batch * p.tq * p.qStride);
  need("kv", lengths.kv, p.batch * p.tk * p.kvStride);
  if (lengths.mask !== undefined) {
    const groups = p.maskGroups ?? 1;
    const rows = p.maskRows ?? 1;
    if (!(groups === 1 || groups === p.batch) || !(rows === 1 || rows === p.tq)) {
      throw new Error(
        `${op}: expected maskGroups in {1, ${p.batch}} and maskRows in {1, ${p.tq}}, got ${groups} and ${rows}`,
      );
    }
    need("mask", lengths.mask, groups * rows * p.tk);
  }
  if (lengths.weights !== undefined) {
    need("weights", lengths.weights, p.batch * p.heads * p.tq * p.tk);
  }
  if (lengths.dOut !== undefined) need("dOut", lengths.dOut, p.batch * p.tq * d);
}

/** The checks of the attention kernels (strided, backward and flash). */
export const attentionChecks = {
  attention(q, kv, mask, p) {
    attentionSizes("attention", p, { q: q.length, kv: kv.length, mask: mask?.length });
  },
  attentionBackward(q, kv, weights, dOut, p) {
    attentionSizes("attentionBackward", p, {
      q: q.length,
      kv: kv.length,
      weights: weights.length,
      dOut: dOut.length,
    });
  },
  flashAttention(q, kv, mask, p) {
    attentionSizes("flashAttention", p, { q: q.length, kv: kv.length, mask: mask?.length });
  },
} satisfies CheckGroup;
