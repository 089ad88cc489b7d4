/**
 * The best parameters so far, kept as device-side copies (ops.assign: no readback) so that
 * training can go on past its best dev score and still end with the model that scored it.
 */
import { keep, ops, Tensor } from "../engine/mod.ts";
import type { Metrics } from "./evaluate.ts";

/** True when `dev` beats `best`: higher exact match, or the same and higher token accuracy. */
export function isBetter(dev: Metrics, best: Metrics | null): boolean {
  return best === null || dev.exactMatch > best.exactMatch ||
    (dev.exactMatch === best.exactMatch && dev.tokenAccuracy > best.tokenAccuracy);
}

/** Copies of `params` taken whenever a dev score beats the best so far. */
export class BestParameters {
  readonly #params: readonly Tensor[];
  readonly #copies: readonly Tensor[];
  #dev: Metrics | null = null;
  #step = 0;

  /** Allocates one copy per parameter (outside any tidy scope) until dispose(). */
  constructor(params: readonly Tensor[]) {
    this.#params = params;
    this.#copies = params.map((p) => keep(Tensor.zeros(p.backend, p.shape)));
  }

  /** The best dev score offered so far, null before the first. */
  get dev(): Metrics | null {
    return this.#dev;
  }

  /** The step whose parameters are kept (0 before the first offer). */
  get step(): number {
    return this.#step;
  }

  /** Keeps the current parameters when `dev` beats the best so far; says whether it did. */
  offer(step: number, dev: Metrics): boolean {
    if (!isBetter(dev, this.#dev)) return false;
    this.#dev = dev;
    this.#step = step;
    this.#params.forEach((p, i) => ops.assign(this.#copies[i], p));
    return true;
  }

  /** Writes the kept values back into the parameters. */
  restore(): void {
    if (this.#dev === null) throw new Error("BestParameters.restore: nothing was kept yet");
    this.#params.forEach((p, i) => ops.assign(p, this.#copies[i]));
  }

  /** Frees the copies. */
  dispose(): void {
    for (const t of this.#copies) t.dispose();
  }
}
