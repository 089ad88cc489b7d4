/**
 * Shared by the whole-sequence recurrent op tests (gru_sequence_test.ts, lstm_sequence_test.ts):
 * random inputs, the per-step composition of ops the sequence ops replace (a recurrent linear, the
 * cell and the padding blend per step, as src/models/recurrent.ts runs it step by step), and a runner
 * that returns the output and every input's gradient of sum(out * w).
 */
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { randomArray } from "../support/backends.ts";

export type Kind = "gru" | "lstm";

/** Sizes of one case; lengths undefined = every row runs every step. */
export interface SequenceCase {
  batch: number;
  steps: number;
  hidden: number;
  lengths?: number[];
}

/** Gates per unit. */
export const gatesOf = (kind: Kind) => (kind === "gru" ? 3 : 4);

/** Input shapes: projected, weightHh, biasHh, h0 (and c0 for an LSTM). */
export function shapesOf(kind: Kind, c: SequenceCase): number[][] {
  const { batch: B, steps: S, hidden: H } = c;
  const G = gatesOf(kind) * H;
  const shapes = [[B, S, G], [G, H], [G], [B, H]];
  return kind === "lstm" ? [...shapes, [B, H]] : shapes;
}

/** Deterministic inputs; the weights scaled by 1/sqrt(H) as nn.GRU / nn.LSTM initialize them. */
export function inputsOf(kind: Kind, c: SequenceCase, seed: number): Float32Array[] {
  const bound = 1 / Math.sqrt(c.hidden);
  return shapesOf(kind, c).map((shape, i) => {
    const n = shape.reduce((a, d) => a * d, 1);
    const scale = i === 1 || i === 2 ? bound : i === 0 ? 1.5 : 1;
    return randomArray(n, seed + 17 * i, -scale, scale);
  });
}

/** The output of the op under test: [B, S, H] (GRU) or [B, S, 2H] (LSTM, [h | c] per step). */
export type SequenceRun = (inputs: Tensor[], lengths: readonly number[] | undefined) => Tensor;

/** ops.gruSequence / ops.lstmSequence. */
export function sequenceOp(kind: Kind): SequenceRun {
  return (x, lengths) =>
    kind === "gru"
      ? ops.gruSequence(x[0], x[1], x[2], x[3], { lengths })
      : ops.lstmSequence(x[0], x[1], x[2], x[3], x[4], { lengths });
}

/**
 * The per-step path: per step a linear for W_hh h + b_hh and the cell (gruCell, or the LSTM
 * cell of src/models/lstm.ts), then keep * next + carry * prev for padded rows; the steps joined.
 */
export function perStepOp(kind: Kind): SequenceRun {
  return (x, lengths) => {
    const [projected, weightHh, biasHh] = x;
    const [B, S] = projected.shape;
    const H = x[3].shape[1];
    let h = x[3];
    let c = kind === "lstm" ? x[4] : null;
    const pieces: Tensor[] = [];
    for (let t = 0; t < S; t++) {
      const hp = ops.linear(h, weightHh, biasHh); // [B, G*H]
      let hNext: Tensor;
      let cNext: Tensor | null = null;
      if (kind === "gru") {
        hNext = ops.gruCell(ops.reshape(ops.slice(projected, 1, t, 1), [B, 3 * H]), hp, h)!;
      } else {
        const xp = ops.reshape(ops.slice(projected, 1, t, 1), [B, 4 * H]);
        const [i, f, g, o] = ops.split(ops.add(xp, hp), -1, [H, H, H, H]);
        cNext = ops.add(ops.mul(ops.sigmoid(f), c!), ops.mul(ops.sigmoid(i), ops.tanh(g)));
        hNext = ops.mul(ops.sigmoid(o), ops.tanh(cNext));
      }
      if (lengths && lengths.some((len) => t >= len)) {
        const keepValues = new Float32Array(B * H);
        lengths.forEach((len, b) => keepValues.fill(t < len ? 1 : 0, b * H, (b + 1) * H));
        const keep = Tensor.from(projected.backend, keepValues, [B, H]);
        const carry = Tensor.from(projected.backend, keepValues.map((v) => 1 - v), [B, H]);
        const mix = (a: Tensor, b: Tensor) => ops.add(ops.mul(keep, a), ops.mul(carry, b));
        hNext = mix(hNext, h);
        if (cNext) cNext = mix(cNext, c!);
      }
      h = hNext;
      c = cNext;
      const step = c ? ops.concat([h, c], -1) : h; // [B, H] or [B, 2H]
      pieces.push(ops.reshape(step, [B, 1, step.shape[1]]));
    }
    return pieces.length === 1 ? pieces[0] : ops.concat(pieces, 1);
  };
}

/**
 * Runs `run` on `backend` and returns [output, d(sum(out * w))/d input for every input], read
 * back; w is a fixed random tensor of the output's shape.
 */
export async function runWithGradients(
  backend: Backend,
  run: SequenceRun,
  kind: Kind,
  c: SequenceCase,
  values: Float32Array[],
): Promise<Float32Array[]> {
  const kept = tidy(() => {
    const inputs = shapesOf(kind, c).map((shape, i) => {
      const t = Tensor.from(backend, values[i], shape);
      t.requiresGrad = true;
      return t;
    });
    const tape = new Tape();
    const out = tape.record(() => run(inputs, c.lengths));
    const w = Tensor.from(backend, randomArray(out.size, 99), out.shape);
    const loss = tape.record(() => ops.sum(ops.mul(out, w)));
    const grads = tape.backward(loss, inputs);
    return [out, ...inputs.map((t) => grads.get(t)!)];
  });
  const read = await Promise.all(kept.map((t) => t.toArray()));
  for (const t of kept) t.dispose();
  return read;
}

/** The output alone, run without a tape (the inference entry points). */
export async function runForward(
  backend: Backend,
  run: SequenceRun,
  kind: Kind,
  c: SequenceCase,
  values: Float32Array[],
): Promise<Float32Array> {
  const out = tidy(() =>
    run(shapesOf(kind, c).map((s, i) => Tensor.from(backend, values[i], s)), c.lengths)
  );
  const read = await out.toArray();
  out.dispose();
  return read;
}

/**
 * Central differences of sum(op(inputs) * w) (summed in float64) for every element of every
 * input, on the given backend.
 */
export async function numericGradients(
  backend: Backend,
  run: SequenceRun,
  kind: Kind,
  c: SequenceCase,
  values: Float32Array[],
  eps = 1e-2,
): Promise<Float32Array[]> {
  let w: Float32Array | null = null;
  const loss = async (vals: Float32Array[]) => {
    const y = await runForward(backend, run, kind, c, vals);
    w ??= randomArray(y.length, 99);
    let total = 0;
    for (let i = 0; i < y.length; i++) total += y[i] * w[i];
    return total;
  };
  const grads: Float32Array[] = [];
  for (const [j, v] of values.entries()) {
    const g = new Float32Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const plus = values.map((a) => a.slice());
      const minus = values.map((a) => a.slice());
      plus[j][i] = v[i] + eps;
      minus[j][i] = v[i] - eps;
      g[i] = (await loss(plus) - await loss(minus)) / (plus[j][i] - minus[j][i]);
    }
    grads.push(g);
  }
  return grads;
}
