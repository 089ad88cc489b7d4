/**
 * One case of `bench attention`: the same q, k and v (deterministic values) in both layouts,
 * each path's output, and one untimed first run that is also the warm-up and the check
 * against naive.
 */
import type { Backend, BackendStats } from "../engine/backend/contract.ts";
import { ops } from "../engine/mod.ts";
import { Tensor, tidy } from "../engine/mod.ts";

/** The ways of computing attention the suite compares. */
export type AttentionPath = "naive" | "fused" | "flash";

/** Every path, in the order the suite runs and lists them. */
export const ATTENTION_PATHS: readonly AttentionPath[] = ["naive", "fused", "flash"];

/** Deterministic values in [-1, 1) (an LCG: cheap enough for n = 4096). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** [n, h, dk] (the projections' row layout) -> [h, n, dk] (split heads). */
function splitHeads(x: Float32Array, n: number, h: number, dk: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let t = 0; t < n; t++) {
    for (let i = 0; i < h; i++) {
      out.set(x.subarray((t * h + i) * dk, (t * h + i + 1) * dk), (i * n + t) * dk);
    }
  }
  return out;
}

/** The inputs of one case on a backend, in both layouts. */
export interface CaseInputs {
  /** Split heads, for the naive path: [1, h, n, dk] each. */
  q: Tensor;
  k: Tensor;
  v: Tensor;
  /** Row layout, for the fused path: q [1, n, h dk], k and v packed [1, n, 2 h dk]. */
  qRows: Tensor;
  kvRows: Tensor;
  dispose(): void;
}

/** Builds a case's inputs of n tokens, h heads of width dk on `backend`. */
export function caseInputs(backend: Backend, n: number, h: number, dk: number): CaseInputs {
  const d = h * dk;
  const q = values(n * d, 1); // [n, h, dk]
  const k = values(n * d, 2); // [n, h, dk]
  const v = values(n * d, 3); // [n, h, dk]
  const kv = new Float32Array(2 * n * d); // [n, 2d]: k's heads, then v's
  for (let t = 0; t < n; t++) {
    kv.set(k.subarray(t * d, (t + 1) * d), t * 2 * d);
    kv.set(v.subarray(t * d, (t + 1) * d), t * 2 * d + d);
  }
  const tensors = {
    q: Tensor.from(backend, splitHeads(q, n, h, dk), [1, h, n, dk]),
    k: Tensor.from(backend, splitHeads(k, n, h, dk), [1, h, n, dk]),
    v: Tensor.from(backend, splitHeads(v, n, h, dk), [1, h, n, dk]),
    qRows: Tensor.from(backend, q, [1, n, d]),
    kvRows: Tensor.from(backend, kv, [1, n, 2 * d]),
  };
  return {
    ...tensors,
    dispose() {
      for (const t of Object.values(tensors)) t.dispose();
    },
  };
}

/** Output of one path: naive [1, h, n, dk], fused and flash [1, n, h dk]. */
export function attend(path: AttentionPath, x: CaseInputs, h: number, dk: number): Tensor {
  const columns = { heads: h, kOffset: 0, vOffset: h * dk };
  switch (path) {
    case "naive":
      return ops.referenceAttention(x.q, x.k, x.v).output; // matmul, softmax, matmul
    case "fused":
      return ops.fusedAttention(x.qRows, x.kvRows, h * dk, columns).output;
    case "flash":
      return ops.flashAttention(x.qRows, x.kvRows, h * dk, columns).output;
  }
}

/** [h, n, dk] (split heads) -> [n, h, dk] (rows), to compare naive with the others. */
function mergeHeads(x: Float32Array, n: number, h: number, dk: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < h; i++) {
    for (let t = 0; t < n; t++) {
      out.set(x.subarray((i * n + t) * dk, (i * n + t + 1) * dk), (t * h + i) * dk);
    }
  }
  return out;
}

/**
 * What the device held for a case (webgpu only: the runtime counts it): the high-water mark of
 * live tensor bytes during one run (inputs, intermediates, scratch, outputs) and the bytes the
 * buffer pool holds after it (free buffers kept for reuse included).
 */
export interface DeviceBytes {
  peakLiveBytes?: number;
  poolBytes?: number;
}

/**
 * One untimed run of a path (also its warm-up): the output in row layout [n, h, dk], the
 * bytes the run's tensors hold before anything is disposed, and on webgpu its DeviceBytes.
 */
export async function firstRun(
  backend: Backend,
  path: AttentionPath,
  x: CaseInputs,
  [n, h, dk]: [number, number, number],
): Promise<{ rows: Float32Array; allocatedBytes: number } & DeviceBytes> {
  let allocatedBytes = 0;
  const stats = backend.stats as BackendStats & Partial<DeviceBytes & { poolBytes: number }>;
  const counted = stats.peakLiveBytes !== undefined;
  if (counted) stats.peakLiveBytes = stats.liveBytes; // the high-water mark from here
  const output = tidy(() => {
    const before = backend.stats.liveBytes;
    const y = attend(path, x, h, dk);
    allocatedBytes = backend.stats.liveBytes - before;
    return y;
  });
  try {
    const y = await output.toArray();
    const rows = path === "naive" ? mergeHeads(y, n, h, dk) : y;
    const device = counted
      ? { peakLiveBytes: stats.peakLiveBytes!, poolBytes: stats.poolBytes! }
      : {};
    return { rows, allocatedBytes, ...device };
  } finally {
    output.dispose();
  }
}

/** max |a - b| (NaN if either has one). */
export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i] - b[i]);
    if (Number.isNaN(diff)) return NaN; // a NaN anywhere is a disagreement, whatever follows
    if (diff > max) max = diff;
  }
  return max;
}
