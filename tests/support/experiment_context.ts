/** An ExperimentContext for tests: a chosen backend, no Ctrl-C, progress recorded. */
import type { ExperimentContext } from "../../src/experiments/experiment.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";

export function testContext(
  backend: Backend,
  options: { quick?: boolean; signal?: AbortSignal } = {},
): ExperimentContext & { calls: { done: number; total: number; what: string }[] } {
  const calls: { done: number; total: number; what: string }[] = [];
  return {
    backend,
    quick: options.quick ?? true,
    signal: options.signal ?? new AbortController().signal,
    progress: (done, total, what) => calls.push({ done, total, what }),
    calls,
  };
}
