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
  signal?: AbortSignal;
  /** Tests only: a stand-in for bench/numpy_matmul.py that prints the same JSON. */
  script?: string;
}

/**
 * The numpy report (cube sizes only) and the anchor it ran as, or the one-line reason it could
 * not be measured.
 */
export async function runNumpyMatmul(
  options: NumpyMatmulOptions = {},
): Promise<{ report: BenchReport; anchor: Anchor } | { unavailable: string }> {
  const script = options.script ?? SCRIPT;
  const args = ["--reps", String(options.reps ?? 7)];
  for (const n of options.sizes ?? []) args.push("--size", String(n));
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
