import type { Timing } from "../../engine/backend/contract.ts";

/**
 * Stage timings summed by name, in first-seen order: a decode that runs in several submits
 * (beam search's steps, a long greedy decode's chunks) reports one "decoder" stage.
 */
export class TimingSum {
  readonly #byName = new Map<string, Timing>();

  add(timings: readonly Timing[]): void {
    for (const t of timings) {
      const sum = this.#byName.get(t.name);
      if (!sum) {
        this.#byName.set(t.name, { ...t });
        continue;
      }
      sum.wallMs += t.wallMs;
      if (t.gpuMs !== undefined) sum.gpuMs = (sum.gpuMs ?? 0) + t.gpuMs;
    }
  }

  list(): Timing[] {
    return [...this.#byName.values()];
  }
}
