/**
 * What went wrong in submitted work, as one Error: the first batch whose error scopes caught
 * something (naming its kernels and those first compiled in it), else an error raised outside
 * every scope, else a failed map or wait.
 */

/** A submitted batch whose error scopes have not been looked at yet. */
export interface SubmittedBatch {
  serial: number;
  errors: Promise<GPUError | null>[];
  kernels: string[];
  compiled: string[];
}

/**
 * The first error of `batches` (in submit order), else the uncaptured errors (which are then
 * cleared from `uncaptured`), else null.
 */
export async function batchError(
  batches: SubmittedBatch[],
  uncaptured: string[],
): Promise<Error | null> {
  for (const batch of batches) {
    const errors = await Promise.all(batch.errors.map((p) => p.catch(() => null)));
    const found = errors.find((e) => e !== null);
    if (!found) continue;
    const kind = found instanceof GPUOutOfMemoryError ? "out of memory" : "validation error";
    const culprits = batch.compiled.length
      ? `; kernels first compiled in it: ${batch.compiled.join(", ")}`
      : "";
    const kernels = batch.kernels.slice(0, 12).join(", ") || "none";
    return new Error(
      `GPU ${kind} in submit ${batch.serial} (kernels: ${kernels}${culprits}): ` +
        found.message.trim().split("\n").slice(0, 6).join(" | "),
    );
  }
  if (uncaptured.length) {
    const message = uncaptured.splice(0).join(" | ");
    return new Error(`GPU error: ${message}`);
  }
  return null;
}

/** The first rejected wait as a one-line Error, or null when every wait succeeded. */
export function mapError(outcomes: PromiseSettledResult<unknown>[]): Error | null {
  const failed = outcomes.find((o) => o.status === "rejected") as
    | PromiseRejectedResult
    | undefined;
  if (!failed) return null;
  const why = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
  return new Error(`waiting for the GPU failed: ${why.split("\n")[0]}`);
}
