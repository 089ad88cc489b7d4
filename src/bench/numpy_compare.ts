/**
 * Runs bench/numpy_matmul.py (float32 products through numpy's BLAS) in the same run as
 * `bench matmul`, so both are measured under the same machine load. Needs
 * --allow-run=/usr/bin/python3 and Debian's python3-numpy; without either it says why.
 */

import type { BenchReport, BenchResult } from "./types.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = new URL("../../bench/numpy_matmul.py", import.meta.url);

/** The numpy report (cube sizes only), or the one-line reason it could not be measured. */
export async function runNumpyMatmul(
  options: { reps?: number; sizes?: readonly number[]; signal?: AbortSignal } = {},
): Promise<{ report: BenchReport } | { unavailable: string }> {
  const permission = await Deno.permissions.query({ name: "run", command: PYTHON });
  if (permission.state !== "granted") {
    return { unavailable: `running ${PYTHON} is not allowed (add --allow-run=${PYTHON})` };
  }
  const args = [SCRIPT.pathname, "--reps", String(options.reps ?? 7)];
  for (const n of options.sizes ?? []) args.push("--size", String(n));
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(PYTHON, {
      args,
      stdout: "piped",
      stderr: "piped",
      signal: options.signal,
    }).output();
  } catch (e) {
    options.signal?.throwIfAborted();
    return { unavailable: `could not run ${PYTHON}: ${e instanceof Error ? e.message : e}` };
  }
  if (!output.success) {
    options.signal?.throwIfAborted();
    const why = new TextDecoder().decode(output.stderr).trim().split("\n").at(-1) ?? "";
    return { unavailable: `${PYTHON} ${SCRIPT.pathname} failed: ${why}` };
  }
  const parsed = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    numpy: string;
    blas: string | null;
    results: (Omit<BenchResult, "timing">)[];
  };
  return {
    report: {
      suite: "matmul",
      backend: `numpy ${parsed.numpy} (${parsed.blas ? blasName(parsed.blas) : "BLAS unknown"})`,
      adapter: null,
      results: parsed.results.map((r) => ({ ...r, timing: "wall" as const })),
    },
  };
}

/** "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0" -> "libblas.so.3.11.0". */
function blasName(paths: string): string {
  return paths.split(", ").map((p) => p.split("/").at(-1)).join(", ");
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
