/**
 * `bench matmul`: matrix product throughput (GFLOP/s) on cubes, on the shapes the models use,
 * and on batched attention products. On webgpu each case runs the kernel variant the adapter's
 * tuning picks, or each of `variants` in turn.
 */

import type { Backend, MatmulParams } from "../engine/backend/contract.ts";
import type { WebGpuBackend } from "../engine/webgpu/backend.ts";
import {
  type MatmulVariant,
  matmulVariantFor,
  setMatmulOverride,
} from "../engine/webgpu/matmul_tuning.ts";
import { measureOp } from "../measure/measure_op.ts";
import type { BenchReport, BenchResult, SuiteOptions } from "./types.ts";

/** One benchmarked product. */
export interface MatmulCase {
  name: string;
  p: MatmulParams;
}

const cube = (s: number): MatmulCase => ({
  name: `matmul ${s}x${s}x${s}`,
  p: { batch: 1, m: s, k: s, n: s },
});

/**
 * The default cases. Cubes up to 1024 (4 MiB per float32 matrix, far below the 128 MiB storage
 * binding every WebGPU adapter allows); `bench matmul --numpy` times the same cubes in numpy.
 * Model shapes: 768 = batch 64 x 12 tokens, d_model 64, d_ff 256; the transposed ones are the
 * weight and input gradients of the 64 -> 256 layer, then of the 256 -> 64 and 64 -> 64 ones
 * (`--numpy` times every batch-1 shape in numpy too, under the same name). Attention: batch 8 x 4 heads, 12 (or 64)
 * positions, head dim 16.
 */
export const MATMUL_CASES: readonly MatmulCase[] = [
  cube(64),
  cube(128),
  cube(256),
  cube(512),
  cube(1024),
  { name: "ffn up [768,64]x[64,256]", p: { batch: 1, m: 768, k: 64, n: 256 } },
  { name: "ffn down [768,256]x[256,64]", p: { batch: 1, m: 768, k: 256, n: 64 } },
  { name: "projection [768,64]x[64,64]", p: { batch: 1, m: 768, k: 64, n: 64 } },
  {
    name: "weight grad [768,64]^T x [768,256]",
    p: { batch: 1, m: 64, k: 768, n: 256, transA: true },
  },
  {
    name: "input grad [768,256]x[64,256]^T",
    p: { batch: 1, m: 768, k: 256, n: 64, transB: true },
  },
  {
    name: "weight grad [768,256]^T x [768,64]",
    p: { batch: 1, m: 256, k: 768, n: 64, transA: true },
  },
  {
    name: "input grad [768,64]x[256,64]^T",
    p: { batch: 1, m: 768, k: 64, n: 256, transB: true },
  },
  {
    name: "weight grad [768,64]^T x [768,64]",
    p: { batch: 1, m: 64, k: 768, n: 64, transA: true },
  },
  {
    name: "input grad [768,64]x[64,64]^T",
    p: { batch: 1, m: 768, k: 64, n: 64, transB: true },
  },
  {
    name: "scores [32,12,16]x[32,12,16]^T",
    p: { batch: 32, m: 12, k: 16, n: 12, transB: true },
  },
  { name: "values [32,12,12]x[32,12,16]", p: { batch: 32, m: 12, k: 12, n: 16 } },
  {
    name: "scores [32,64,16]x[32,64,16]^T",
    p: { batch: 32, m: 64, k: 16, n: 64, transB: true },
  },
];

/** Options of runMatmulSuite. */
export interface MatmulSuiteOptions extends SuiteOptions {
  /** Cases to run instead of MATMUL_CASES. */
  cases?: readonly MatmulCase[];
  /** webgpu only: run every case once per variant (forced), instead of the tuned choice. */
  variants?: readonly MatmulVariant[];
}

/** Deterministic operand data in [-1, 1). */
function operand(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Runs the matmul suite on a backend. */
export async function runMatmulSuite(
  backend: Backend,
  options: MatmulSuiteOptions = {},
): Promise<BenchReport> {
  const { reps = 5, signal, cases = MATMUL_CASES } = options;
  const gpu = backend.name === "webgpu" ? (backend as WebGpuBackend) : null;
  const variants: (MatmulVariant | null)[] = gpu && options.variants?.length
    ? [...options.variants]
    : [null];
  const results: BenchResult[] = [];
  for (const { name, p } of cases) {
    const a = backend.upload(operand((p.broadcastA ? 1 : p.batch) * p.m * p.k, 1));
    const b = backend.upload(operand((p.broadcastB ? 1 : p.batch) * p.k * p.n, 2));
    try {
      for (const forced of variants) {
        const previous = forced ? setMatmulOverride(forced) : null;
        try {
          const variant = gpu ? (forced ?? matmulVariantFor(gpu.deviceName, p)) : null;
          const m = await measureOp(backend, () => backend.release(backend.matmul(a, b, p)), {
            reps,
            signal,
          });
          const flops = 2 * p.batch * p.m * p.n * p.k;
          const params: BenchResult["params"] = {
            batch: p.batch,
            m: p.m,
            k: p.k,
            n: p.n,
            transA: p.transA ?? false,
            transB: p.transB ?? false,
            opsPerSubmit: m.batch,
          };
          if (variant) params.variant = variant;
          results.push({
            name: variant && forced ? `${name} (${variant})` : name,
            params,
            medianMs: m.medianMs,
            minMs: m.minMs,
            maxMs: m.maxMs,
            value: flops / (m.medianMs * 1e6),
            unit: "GFLOP/s",
            timing: m.timing,
            wallMedianMs: m.wallMedianMs,
          });
        } finally {
          if (forced) setMatmulOverride(previous);
        }
      }
    } finally {
      backend.release(a);
      backend.release(b);
    }
  }
  return {
    suite: "matmul",
    backend: backend.name,
    adapter: gpu ? gpu.deviceName : null,
    results,
  };
}
