/**
 * Runs bench/numpy_matmul.py (float32 products through numpy's BLAS) in the same run as
 * `bench matmul`, so both are measured under the same machine load. Needs
 * --allow-run=/usr/bin/python3, --allow-env (the child's environment is a filtered copy, see
 * anchor_process.ts) and Debian's python3-numpy; without any of them it says why.
 */

import { anchorOf, type ProbedBlas, runAnchorScript } from "./anchor_process.ts";
import type { Anchor, BenchReport, BenchResult } from "./types.ts";

const SCRIPT = new URL("../../bench/numpy_matmul.py", import.meta.url).pathname;

/** Options of runNumpyMatmul. */
export interface NumpyMatmulOptions {
  reps?: number;
  sizes?: readonly number[];
  /** Products besides the cubes (the model's shapes), timed under the same names. */
  shapes?: readonly ProductShape[];
  signal?: AbortSignal;
  /** Tests only: a stand-in for bench/numpy_matmul.py that prints the same JSON. */
  script?: string;
}

/** One product numpy times besides the cubes: op(A) [m, k] @ op(B) [k, n], named as attn's case. */
export interface ProductShape {
  name: string;
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

/**
 * The numpy report (the cubes, then the shapes) and the anchor it ran as, or the one-line reason it could
 * not be measured.
 */
export async function runNumpyMatmul(
  options: NumpyMatmulOptions = {},
): Promise<{ report: BenchReport; anchor: Anchor } | { unavailable: string }> {
  const script = options.script ?? SCRIPT;
  const args = ["--reps", String(options.reps ?? 7)];
  for (const n of options.sizes ?? []) args.push("--size", String(n));
  for (const s of options.shapes ?? []) {
    const dims = [s.m, s.k, s.n, s.transA ? 1 : 0, s.transB ? 1 : 0].join(",");
    args.push("--shape", `${s.name}=${dims}`);
  }
  const ran = await runAnchorScript(script, args, { signal: options.signal });
  if ("unavailable" in ran) return ran;
  const parsed = ran.output as {
    numpy: string;
    threads: number;
    blas: ProbedBlas;
    results: (Omit<BenchResult, "timing">)[];
  };
  return {
    report: {
      suite: "matmul",
      backend: `numpy ${parsed.numpy}`,
      adapter: null,
      results: parsed.results.map((r) => ({ ...r, timing: "wall" as const })),
    },
    anchor: anchorOf("numpy", parsed.numpy, parsed.threads, parsed.blas, ran),
  };
}

/** The cube sizes among a matmul report's cases (batch 1, m = k = n, no transposes). */
export function cubeSizes(report: BenchReport): number[] {
  const sizes = report.results.filter((r) => {
    const p = r.params;
    return p.batch === 1 && p.m === p.k && p.k === p.n && !p.transA && !p.transB &&
      r.name === `matmul ${p.m}x${p.m}x${p.m}`;
  }).map((r) => r.params.m as number);
  return [...new Set(sizes)];
}

/**
 * The single products among a matmul report's cases that are not cubes (the model's shapes and
 * their gradients), under their own names; cases run with a forced variant are left out (their
 * names carry the variant, and the unforced case is the one compared).
 */
export function productShapes(report: BenchReport): ProductShape[] {
  const cubes = new Set(cubeSizes(report).map((s) => `matmul ${s}x${s}x${s}`));
  return report.results.filter((r) => {
    const p = r.params;
    const forced = typeof p.variant === "string" && r.name.endsWith(` (${p.variant})`);
    return p.batch === 1 && !cubes.has(r.name) && !forced;
  }).map((r) => ({
    name: r.name,
    m: r.params.m as number,
    k: r.params.k as number,
    n: r.params.n as number,
    transA: r.params.transA === true,
    transB: r.params.transB === true,
  }));
}
