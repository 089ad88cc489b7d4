/**
 * What `experiment scaling` measures with the engine's own matmul, softmax and backward on the
 * chosen backend: for each d_k, random Q [rows, d_k] and K [keys, d_k]; row entropy of
 * W = softmax(s * Q K^T) and the norm of d(sum(W * G))/dz at the softmax input z = s * Q K^T for
 * a random upstream gradient G, with s = 1 and s = 1/sqrt(d_k).
 */
import type { Backend } from "../../engine/backend/contract.ts";
import { ops, Tape, Tensor, tidy } from "../../engine/mod.ts";
import { Rng } from "../../engine/random.ts";
import { checkAborted, type ExperimentContext } from "../experiment.ts";
import { entropy } from "../stats.ts";
import type { ScalingPoint } from "./conclude.ts";

/** What {@link measureScaling} measures. */
export interface ScalingSettings {
  dks: number[];
  /** Query rows per draw. */
  rows: number;
  /** Keys each query attends over. */
  keys: number;
  /** Independent draws averaged per d_k. */
  draws: number;
  seed: number;
}

function randn(backend: Backend, rng: Rng, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = rng.normal();
  return Tensor.from(backend, values, shape);
}

/** Entropy (nats) and largest weight of each row of a [rows, keys] weight matrix, averaged. */
function rowStats(weights: Float32Array, keys: number): { entropy: number; maxWeight: number } {
  const rows = weights.length / keys;
  let sum = 0;
  let maxWeight = 0;
  for (let r = 0; r < rows; r++) {
    const row = weights.subarray(r * keys, (r + 1) * keys);
    sum += entropy(row);
    maxWeight += row.reduce((top, p) => Math.max(top, p), 0);
  }
  return { entropy: sum / rows, maxWeight: maxWeight / rows };
}

/**
 * Weights and the per-row norm of the gradient at the softmax's input z = s * Q K^T for one
 * draw at one scale: the softmax Jacobian diag(w) - w w^T, which is what goes to zero when w
 * turns one-hot, whatever comes before it.
 */
async function measureDraw(
  backend: Backend,
  draw: { q: Tensor; k: Tensor; g: Tensor },
  scale: number,
): Promise<{ entropy: number; maxWeight: number; grad: number }> {
  const keys = draw.k.shape[0];
  const rows = draw.q.shape[0];
  const scores = tidy(() => ops.keep(ops.matmul(draw.q, draw.k, { transB: true }))); // [rows, keys]
  const host = await scores.toArray();
  scores.dispose();
  for (let i = 0; i < host.length; i++) host[i] *= scale;
  const z = Tensor.from(backend, host, [rows, keys]); // the softmax input, a leaf
  z.requiresGrad = true;
  try {
    const tape = new Tape();
    const { weights, dz } = tidy(() => {
      const weights = tape.record(() => ops.softmax(z)); // [rows, keys]
      const loss = tape.record(() => ops.sum(ops.mul(weights, draw.g))); // [] = sum(W * G)
      const dz = tape.backward(loss, [z]).get(z)!; // [rows, keys]
      return { weights: ops.keep(weights), dz: ops.keep(dz) };
    });
    const [w, d] = await Promise.all([weights.toArray(), dz.toArray()]);
    weights.dispose();
    dz.dispose();
    let grad = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < keys; c++) s += d[r * keys + c] ** 2;
      grad += Math.sqrt(s);
    }
    return { ...rowStats(w, keys), grad: grad / rows };
  } finally {
    z.dispose();
  }
}

/** Entropy, largest weight and gradient norm at every d_k, scaled and unscaled. */
export async function measureScaling(
  ctx: ExperimentContext,
  settings: ScalingSettings,
): Promise<ScalingPoint[]> {
  const { backend } = ctx;
  const rng = new Rng(settings.seed);
  const points: ScalingPoint[] = [];
  const total = settings.dks.length * settings.draws;
  let done = 0;
  for (const dk of settings.dks) {
    const sums = { es: 0, eu: 0, ms: 0, mu: 0, gs: 0, gu: 0 };
    for (let d = 0; d < settings.draws; d++) {
      checkAborted(ctx.signal);
      ctx.progress(done++, total, `d_k ${dk}, draw ${d + 1}`);
      const draw = {
        q: randn(backend, rng, [settings.rows, dk]), // [rows, d_k]
        k: randn(backend, rng, [settings.keys, dk]), // [keys, d_k]
        g: randn(backend, rng, [settings.rows, settings.keys]), // upstream gradient of W
      };
      try {
        const scaled = await measureDraw(backend, draw, 1 / Math.sqrt(dk));
        const unscaled = await measureDraw(backend, draw, 1);
        sums.es += scaled.entropy;
        sums.eu += unscaled.entropy;
        sums.ms += scaled.maxWeight;
        sums.mu += unscaled.maxWeight;
        sums.gs += scaled.grad;
        sums.gu += unscaled.grad;
      } finally {
        draw.q.dispose();
        draw.k.dispose();
        draw.g.dispose();
      }
    }
    const n = settings.draws;
    points.push({
      dk,
      entropyScaled: sums.es / n,
      entropyUnscaled: sums.eu / n,
      maxWeightScaled: sums.ms / n,
      maxWeightUnscaled: sums.mu / n,
      gradScaled: sums.gs / n,
      gradUnscaled: sums.gu / n,
    });
  }
  ctx.progress(total, total, "done");
  return points;
}
