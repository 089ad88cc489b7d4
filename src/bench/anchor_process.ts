/**
 * Runs a comparison script (bench/numpy_matmul.py, bench/torch_train_step.py) with Debian's
 * python3 and reads the anchor it describes. A benchmark anchor must run as fast as it can here,
 * so the child's environment is attn's with two changes, both reported with the results:
 * - without the variables that pin OpenBLAS to other kernels or cache sizes than the ones it
 *   picks for this CPU (ANCHOR_UNSET): a workplace may set them on purpose, for other programs;
 * - for PyTorch, with OMP_WAIT_POLICY=PASSIVE unless attn's environment says otherwise
 *   (OPENMP_PASSIVE): PyTorch's OpenMP threads otherwise spin at every barrier, and when other
 *   processes hold the cores the spinning thread waits for one that is not running. Measured on
 *   the 2-core machine under load (2026-12-06, load average 3-7), a Transformer step took
 *   1650-3300 ms spinning and 110-180 ms passive. OMP_WAIT_POLICY=ACTIVE in attn's environment
 *   measures the spinning default.
 * Only the child's environment changes; attn's own process keeps its variables.
 */

import { labelBlas } from "./blas_label.ts";
import type { Anchor } from "./types.ts";

/** Debian's python3 (with python3-numpy and python3-torch); a pyenv shim on PATH lacks them. */
export const PYTHON = "/usr/bin/python3";

/** Variables removed from the anchor's environment (see the module comment). */
export const ANCHOR_UNSET = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"] as const;

/** PyTorch's defaults: OpenMP threads sleep when idle (see the module comment). */
export const OPENMP_PASSIVE: Readonly<Record<string, string>> = { OMP_WAIT_POLICY: "PASSIVE" };

/** What anchorEnvironment() changed, as the anchor's report shows it. */
export interface AnchorEnvironmentChanges {
  /** Variables of `parent` left out, with their values. */
  unset: Record<string, string>;
  /** Defaults that `parent` did not set. */
  set: Record<string, string>;
}

/** The anchor's environment: `parent` without ANCHOR_UNSET, plus the `defaults` it lacks. */
export function anchorEnvironment(
  parent: Record<string, string>,
  defaults: Readonly<Record<string, string>> = {},
): { env: Record<string, string> } & AnchorEnvironmentChanges {
  const env = { ...parent };
  const unset: Record<string, string> = {};
  const set: Record<string, string> = {};
  for (const name of ANCHOR_UNSET) {
    if (name in env) {
      unset[name] = env[name];
      delete env[name];
    }
  }
  for (const [name, value] of Object.entries(defaults)) {
    if (!(name in env)) env[name] = set[name] = value;
  }
  return { env, unset, set };
}

/** The "blas" object the scripts print (bench/blas_probe.py). */
export interface ProbedBlas {
  paths: string[];
  config: string | null;
  core: string | null;
  threads: number | null;
  environment: Record<string, string>;
  builtin?: string;
}

/** The Anchor of a script's report. */
export function anchorOf(
  name: string,
  version: string,
  threads: number,
  blas: ProbedBlas,
  changes: AnchorEnvironmentChanges,
): Anchor {
  const { kind, label } = labelBlas(blas.paths, { config: blas.config, builtin: blas.builtin });
  return {
    name,
    version,
    blas: label,
    blasKind: kind,
    blasCore: blas.core,
    blasThreads: blas.threads,
    blasPaths: blas.paths,
    threads,
    environment: blas.environment,
    unset: changes.unset,
    set: changes.set,
  };
}

/**
 * Runs `python3 script args...` in the anchor's environment (with `defaults`, see
 * anchorEnvironment) and parses the JSON it prints, or returns the one-line reason it could not
 * (no permission to run python3 or to read the environment, python3 missing, the script
 * failing, e.g. without numpy).
 */
export async function runAnchorScript(
  script: string,
  args: readonly string[],
  options: { signal?: AbortSignal; defaults?: Readonly<Record<string, string>> } = {},
): Promise<({ output: unknown } & AnchorEnvironmentChanges) | { unavailable: string }> {
  const run = await Deno.permissions.query({ name: "run", command: PYTHON });
  if (run.state !== "granted") {
    return { unavailable: `running ${PYTHON} is not allowed (add --allow-run=${PYTHON})` };
  }
  // Removing variables needs the whole environment (Deno.Command can only add or replace).
  const env = await Deno.permissions.query({ name: "env" });
  if (env.state !== "granted") {
    return {
      unavailable: `reading the environment is not allowed (add --allow-env): the comparison ` +
        `runs ${PYTHON} without ${ANCHOR_UNSET.join(" and ")}, so it must copy the rest`,
    };
  }
  const { env: childEnv, unset, set } = anchorEnvironment(
    Deno.env.toObject(),
    options.defaults,
  );
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(PYTHON, {
      args: [script, ...args],
      env: childEnv,
      clearEnv: true,
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
    return { unavailable: `${PYTHON} ${script} failed: ${why}` };
  }
  const text = new TextDecoder().decode(output.stdout);
  try {
    return { output: JSON.parse(text), unset, set };
  } catch {
    return {
      unavailable: `${PYTHON} ${script} printed no JSON report: expected one object, got '${
        text.trim().slice(0, 80)
      }'`,
    };
  }
}
