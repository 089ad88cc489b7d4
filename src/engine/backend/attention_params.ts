/**
 * The validation of AttentionParams that every backend's attention kernels share: whole sizes,
 * columns inside their row strides, and buffers of exactly the lengths the layouts imply.
 */
import type { AttentionParams } from "./contract.ts";

/** Throws unless the sizes are whole and every buffer is long enough; returns the row count. */
export function checkAttention(
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
  for (const key of whole) {
    if (!Number.isInteger(p[key]) || p[key] < 0) {
      throw new Error(`${op}: ${key} must be a non-negative integer, got ${p[key]}`);
    }
  }
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
