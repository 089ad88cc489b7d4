/**
 * The learning-rate schedule: a linear warmup (Adam's second-moment estimates
 * are poor in the first steps, and a full learning rate then can wreck a
 * fresh Transformer: Vaswani et al. 2017, sec. 5.3; Liu et al. 2020), then a
 * cosine decay to a floor (Loshchilov & Hutter 2017). Training in attn is
 * short (hundreds to a few thousand steps), so the run ends at a small
 * learning rate, which is what turns "almost right" into exact matches.
 */

/** Options of {@link learningRate}. */
export interface ScheduleOptions {
  /** The peak learning rate, reached at the end of warmup. */
  base: number;
  /** Steps of linear warmup from base / warmup to base. */
  warmup: number;
  /** The step at which the decay reaches its floor (the planned training length). */
  total: number;
  /** The floor as a fraction of base. Default 0.05. */
  floor?: number;
}

/** The learning rate at 1-based `step`. */
export function learningRate(step: number, options: ScheduleOptions): number {
  const { base, warmup, total } = options;
  const floor = (options.floor ?? 0.05) * base;
  if (!(step >= 1)) throw new Error(`learningRate: expected a 1-based step, got ${step}`);
  if (step <= warmup) return (base * step) / warmup;
  if (step >= total) return floor;
  const progress = (step - warmup) / Math.max(1, total - warmup); // (0, 1)
  return floor + (base - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}
