/**
 * Runs bench/torch_train_step.py (the same training steps in PyTorch's CPU build) in the same
 * run as `bench train`, so the comparison is made under the same machine load. Needs
 * --allow-run=/usr/bin/python3, --allow-env (the child's environment is a filtered copy, with
 * OMP_WAIT_POLICY=PASSIVE unless set: see anchor_process.ts) and Debian's python3-torch;
 * without any of them it says why.
 */

import { anchorOf, OPENMP_PASSIVE, type ProbedBlas, runAnchorScript } from "./anchor_process.ts";
import type { Anchor, BenchReport } from "./types.ts";

const SCRIPT = new URL("../../bench/torch_train_step.py", import.meta.url).pathname;

/** Options of runTorchTrainSteps. */
export interface TorchTrainOptions {
  reps?: number;
  cases?: readonly string[];
  signal?: AbortSignal;
  /** Tests only: a stand-in for bench/torch_train_step.py that prints the same JSON. */
  script?: string;
}

/** The PyTorch report and the anchor it ran as, or the one-line reason it could not be measured. */
export async function runTorchTrainSteps(
  options: TorchTrainOptions = {},
): Promise<{ report: BenchReport; anchor: Anchor } | { unavailable: string }> {
  const script = options.script ?? SCRIPT;
  const args = ["--reps", String(options.reps ?? 7)];
  for (const c of options.cases ?? []) args.push("--case", c);
  const ran = await runAnchorScript(script, args, {
    signal: options.signal,
    defaults: OPENMP_PASSIVE,
  });
  if ("unavailable" in ran) return ran;
  const parsed = ran.output as {
    torch: string;
    threads: number;
    blas: ProbedBlas;
    results: { name: string; medianMs: number; minMs: number; maxMs: number }[];
  };
  return {
    report: {
      suite: "train",
      backend: `torch ${parsed.torch} cpu`,
      adapter: null,
      results: parsed.results.map((r) => ({ ...r, params: {}, timing: "wall" as const })),
    },
    anchor: anchorOf("PyTorch", parsed.torch, parsed.threads, parsed.blas, ran),
  };
}
