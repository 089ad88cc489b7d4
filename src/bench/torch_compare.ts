/**
 * Runs bench/torch_train_step.py (the same training steps in PyTorch's CPU build) in the same
 * run as `bench train`, so the comparison is made under the same machine load. Needs
 * --allow-run=/usr/bin/python3 and Debian's python3-torch; without either it says why.
 */

import type { BenchReport } from "./types.ts";

const PYTHON = "/usr/bin/python3";
const SCRIPT = new URL("../../bench/torch_train_step.py", import.meta.url);

/** The PyTorch report, or the one-line reason it could not be measured. */
export async function runTorchTrainSteps(
  options: { reps?: number; cases?: readonly string[]; signal?: AbortSignal } = {},
): Promise<{ report: BenchReport } | { unavailable: string }> {
  const permission = await Deno.permissions.query({ name: "run", command: PYTHON });
  if (permission.state !== "granted") {
    return { unavailable: `running ${PYTHON} is not allowed (add --allow-run=${PYTHON})` };
  }
  const args = [SCRIPT.pathname, "--reps", String(options.reps ?? 7)];
  for (const c of options.cases ?? []) args.push("--case", c);
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(PYTHON, {
      args,
      stdout: "piped",
      stderr: "piped",
      signal: options.signal,
    })
      .output();
  } catch (e) {
    return { unavailable: `could not run ${PYTHON}: ${e instanceof Error ? e.message : e}` };
  }
  if (!output.success) {
    const why = new TextDecoder().decode(output.stderr).trim().split("\n").at(-1) ?? "";
    return { unavailable: `${PYTHON} ${SCRIPT.pathname} failed: ${why}` };
  }
  const parsed = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    torch: string;
    threads: number;
    results: { name: string; medianMs: number; minMs: number; maxMs: number }[];
  };
  return {
    report: {
      suite: "train",
      backend: `torch ${parsed.torch} cpu (${parsed.threads} threads)`,
      adapter: null,
      results: parsed.results.map((r) => ({ ...r, params: {}, timing: "wall" as const })),
    },
  };
}
