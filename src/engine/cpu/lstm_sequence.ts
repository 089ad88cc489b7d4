/**
 * A whole LSTM layer over a sequence and its backward (Hochreiter & Schmidhuber 1997 with the
 * forget gate of Gers et al. 2000; nn.LSTM's gate order i, f, g, o): the reference for
 * kernels/lstm_sequence.wgsl. Each step computes what the per-step ops compute - the
 * pre-activations xp + (W_hh h + b_hh), the gates, c' = f * c + i * g, h' = o * tanh(c') - with
 * every intermediate rounded to float32 as those ops store it.
 */
import type { SequenceParams } from "../backend/contract.ts";
import { sequenceLengths } from "../backend/checks/recurrent.ts";

const f32 = Math.fround;
const sigmoid = (v: number) => f32(1 / (1 + Math.exp(-v)));

/**
 * out [B, S, 2H]: each step's [h | c] (padded steps repeat the row's last state) and, with
 * p.save, saved [B, S, 4H]: the gates i, f, g, o of every step.
 */
export function lstmSequence(
  xp: Float32Array,
  weightHh: Float32Array,
  biasHh: Float32Array,
  h0: Float32Array,
  c0: Float32Array,
  p: SequenceParams,
): { out: Float32Array; saved: Float32Array | null } {
  const { batch: B, steps: S, hidden: H } = p;
  const lengths = sequenceLengths(p);
  const out = new Float32Array(B * S * 2 * H);
  const saved = p.save ? new Float32Array(B * S * 4 * H) : null;
  const pre = new Float32Array(4 * H);
  for (let b = 0; b < B; b++) {
    let h = h0.subarray(b * H, (b + 1) * H);
    let c = c0.subarray(b * H, (b + 1) * H);
    for (let t = 0; t < S; t++) {
      const o = (b * S + t) * 2 * H;
      if (t >= lengths[b]) {
        out.set(h, o); // padding: the row keeps h and c
        out.set(c, o + H);
      } else {
        const x0 = (b * S + t) * 4 * H;
        for (let j = 0; j < 4 * H; j++) {
          let acc = 0; // float64, as cpu/matmul.ts
          for (let k = 0; k < H; k++) acc += h[k] * weightHh[j * H + k];
          pre[j] = f32(xp[x0 + j] + f32(f32(acc) + biasHh[j]));
        }
        for (let j = 0; j < H; j++) {
          const i = sigmoid(pre[j]);
          const fg = sigmoid(pre[H + j]);
          const g = f32(Math.tanh(pre[2 * H + j]));
          const og = sigmoid(pre[3 * H + j]);
          const cNext = f32(f32(fg * c[j]) + f32(i * g));
          out[o + H + j] = cNext;
          out[o + j] = f32(og * f32(Math.tanh(cNext)));
          if (saved) {
            const s0 = (b * S + t) * 4 * H;
            saved[s0 + j] = i;
            saved[s0 + H + j] = fg;
            saved[s0 + 2 * H + j] = g;
            saved[s0 + 3 * H + j] = og;
          }
        }
      }
      h = out.subarray(o, o + H);
      c = out.subarray(o + H, o + 2 * H);
    }
  }
  return { out, saved };
}

/**
 * Gradients of lstmSequence given dOut [B, S, 2H] (w.r.t. each step's [h | c]), walking
 * t = S-1..0 with dL/dh and dL/dc carried back: dgates [B, S, 4H] (w.r.t. the pre-activations),
 * dh0 and dc0 [B, H], and hPrev [B, S, H] (the h each step started from).
 */
export function lstmSequenceBackward(
  saved: Float32Array,
  weightHh: Float32Array,
  out: Float32Array,
  h0: Float32Array,
  c0: Float32Array,
  dOut: Float32Array,
  p: SequenceParams,
): { dgates: Float32Array; dh0: Float32Array; dc0: Float32Array; hPrev: Float32Array } {
  const { batch: B, steps: S, hidden: H } = p;
  const lengths = sequenceLengths(p);
  const dgates = new Float32Array(B * S * 4 * H);
  const dh0 = new Float32Array(B * H);
  const dc0 = new Float32Array(B * H);
  const hPrev = new Float32Array(B * S * H);
  const dh = new Float32Array(H); // dL/dh and dL/dc after the step being walked
  const dc = new Float32Array(H);
  for (let b = 0; b < B; b++) {
    dh.fill(0);
    dc.fill(0);
    for (let t = S - 1; t >= 0; t--) {
      const o = (b * S + t) * 2 * H;
      const prevH = t === 0 ? h0.subarray(b * H, (b + 1) * H) : out.subarray(o - 2 * H, o - H);
      const prevC = t === 0 ? c0.subarray(b * H, (b + 1) * H) : out.subarray(o - H, o);
      hPrev.set(prevH, (b * S + t) * H);
      for (let j = 0; j < H; j++) {
        dh[j] = f32(dh[j] + dOut[o + j]);
        dc[j] = f32(dc[j] + dOut[o + H + j]);
      }
      if (t >= lengths[b]) continue; // padding carried h and c: their gradients pass through
      const s0 = (b * S + t) * 4 * H;
      for (let j = 0; j < H; j++) {
        const i = saved[s0 + j];
        const fg = saved[s0 + H + j];
        const g = saved[s0 + 2 * H + j];
        const og = saved[s0 + 3 * H + j];
        const tc = f32(Math.tanh(out[o + H + j]));
        // h' = o tanh(c'), c' = f c + i g.
        const dcTotal = f32(dc[j] + f32(f32(dh[j] * og) * f32(1 - tc * tc)));
        dgates[s0 + j] = f32(f32(dcTotal * g) * f32(i * f32(1 - i))); // through sigmoid
        dgates[s0 + H + j] = f32(f32(dcTotal * prevC[j]) * f32(fg * f32(1 - fg)));
        dgates[s0 + 2 * H + j] = f32(f32(dcTotal * i) * f32(1 - g * g)); // through tanh
        dgates[s0 + 3 * H + j] = f32(f32(dh[j] * tc) * f32(og * f32(1 - og)));
        dc[j] = f32(dcTotal * fg);
      }
      // Through W_hh h + b_hh: dh = W_hh^T dgates (a float64 dot product, as cpu/matmul.ts).
      for (let k = 0; k < H; k++) {
        let acc = 0;
        for (let j = 0; j < 4 * H; j++) acc += dgates[s0 + j] * weightHh[j * H + k];
        dh[k] = f32(acc);
      }
    }
    dh0.set(dh, b * H);
    dc0.set(dc, b * H);
  }
  return { dgates, dh0, dc0, hPrev };
}
