/**
 * The Adam optimizer (Kingma & Ba 2015) with decoupled weight decay (AdamW,
 * Loshchilov & Hutter 2019) and optional global grad-norm clipping, recorded
 * on the parameters' backend with no readback: a training step stays one GPU
 * round trip.
 */
import { keep, shapeText, Tensor } from "../tensor.ts";

/** Hyperparameters of {@link Adam}. */
export interface AdamOptions {
  /** Learning rate. */
  lr: number;
  /** Decay of the first-moment average. Default 0.9. */
  beta1?: number;
  /**
   * Decay of the second-moment average. Default 0.999 (PyTorch's); Vaswani
   * et al. 2017 trained the Transformer with 0.98.
   */
  beta2?: number;
  /** Added to the denominator for stability. Default 1e-8. */
  eps?: number;
  /** Decoupled weight decay per step, times lr. Default 0. */
  weightDecay?: number;
  /** When set, gradients are scaled so their global L2 norm is at most this. */
  clipNorm?: number;
}

/**
 * Adam over a fixed list of parameters. State (m, v) lives on the
 * parameters' backend, outside any tidy scope, until {@link Adam.dispose}.
 */
export class Adam {
  readonly params: readonly Tensor[];
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly clipNorm: number | undefined;
  /** Steps taken so far. */
  stepCount = 0;
  readonly #m: Tensor[];
  readonly #v: Tensor[];

  constructor(params: readonly Tensor[], options: AdamOptions) {
    if (params.length === 0) throw new Error("Adam: expected at least one parameter, got none");
    const backend = params[0].backend;
    for (const p of params) {
      if (p.backend !== backend) {
        throw new Error(
          `Adam: expected every parameter on one backend, got ${backend.name} and ${p.backend.name}`,
        );
      }
    }
    if (!(options.lr >= 0)) throw new Error(`Adam: expected lr >= 0, got ${options.lr}`);
    if (options.clipNorm !== undefined && !(options.clipNorm > 0)) {
      throw new Error(`Adam: expected clipNorm > 0, got ${options.clipNorm}`);
    }
    this.params = [...params];
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.clipNorm = options.clipNorm;
    this.#m = params.map((p) => keep(Tensor.zeros(backend, p.shape)));
    this.#v = params.map((p) => keep(Tensor.zeros(backend, p.shape)));
  }

  /** First- and second-moment estimates, in parameter order (for checkpoints and tests). */
  get state(): { m: readonly Tensor[]; v: readonly Tensor[] } {
    return { m: this.#m, v: this.#v };
  }

  /**
   * One update of every parameter that has a gradient in `grads` (as
   * returned by Tape.backward), in place. `lr` overrides the learning rate
   * for this step (schedules). Only records work; nothing is read back.
   */
  step(grads: Map<Tensor, Tensor>, options: { lr?: number } = {}): void {
    const backend = this.params[0].backend;
    this.stepCount++;
    const lr = options.lr ?? this.lr;
    const present = this.params.map((p) => {
      const g = grads.get(p);
      if (g) {
        g.assertLive();
        if (g.size !== p.size) {
          throw new Error(
            `Adam: expected a gradient of shape ${shapeText(p.shape)} for ${
              p.name || "a parameter"
            }, got ${shapeText(g.shape)}`,
          );
        }
      }
      return g;
    });
    let normSq: unknown = null;
    if (this.clipNorm !== undefined) {
      // The global norm squared on the device: one partial sum(g^2) per parameter (many per
      // dispatch), then their sum (one more).
      const grads = present.filter((g): g is Tensor => g !== undefined);
      if (grads.length === 0) {
        normSq = backend.full(1, 0);
      } else {
        const parts = backend.full(grads.length, 0); // [params]
        backend.sumSquaresIntoMany(parts, grads.map((g) => g.data), {
          ns: grads.map((g) => g.size),
          index: 0,
        });
        normSq = backend.sumRows(parts, { rows: 1, cols: grads.length }); // [1]
        backend.release(parts);
      }
    }
    this.params.forEach((p, i) => {
      const g = present[i];
      if (!g) return;
      backend.adam(p.data, g.data, this.#m[i].data, this.#v[i].data, normSq, {
        n: p.size,
        lr,
        beta1: this.beta1,
        beta2: this.beta2,
        eps: this.eps,
        step: this.stepCount,
        weightDecay: this.weightDecay,
        clip: this.clipNorm === undefined ? undefined : { maxNorm: this.clipNorm },
      });
    });
    if (normSq !== null) backend.release(normSq);
  }

  /** Frees the optimizer state. */
  dispose(): void {
    for (const t of [...this.#m, ...this.#v]) t.dispose();
  }
}

/**
 * Linear warmup to `base` over `warmup` steps, then inverse-square-root decay:
 * the schedule of Vaswani et al. 2017 (sec. 5.3), scaled so its peak is
 * `base` at step = warmup. Steps are 1-based.
 */
export function warmupLr(step: number, options: { base: number; warmup: number }): number {
  const { base, warmup } = options;
  if (!(step >= 1)) throw new Error(`warmupLr: expected a 1-based step, got ${step}`);
  if (!(warmup >= 1)) return base / Math.sqrt(step);
  return base * Math.min(step / warmup, Math.sqrt(warmup / step));
}
