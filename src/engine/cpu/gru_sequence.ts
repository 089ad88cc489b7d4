/**
 * A whole GRU layer over a sequence and its backward: the reference for
 * kernels/gru_sequence.wgsl. Each step does what the per-step path does - hp = W_hh h + b_hh as
 * linear() computes it (a float64 dot product stored as float32, then the bias), then the fused
 * cell of cpu/gru.ts - with every intermediate rounded to float32 the same way, so both paths
 * agree to rounding.
 */
import type { SequenceParams } from "../backend/contract.ts";
import { sequenceLengths } from "../backend/checks/recurrent.ts";

const f = Math.fround;
const sigmoid = (v: number) => f(1 / (1 + Math.exp(-v)));

/**
 * out [B, S, H] (every step's state; padded steps repeat the row's last state) and, with
 * p.save, saved [B, S, 4H]: r, z, n and hn = W_hn h + b_hn of every step.
 */
export function gruSequence(
  xp: Float32Array,
  weightHh: Float32Array,
  biasHh: Float32Array,
  h0: Float32Array,
  p: SequenceParams,
): { out: Float32Array; saved: Float32Array | null } {
  const { batch: B, steps: S, hidden: H } = p;
  const lengths = sequenceLengths(p);
  const out = new Float32Array(B * S * H);
  const saved = p.save ? new Float32Array(B * S * 4 * H) : null;
  const hp = new Float32Array(3 * H);
  for (let b = 0; b < B; b++) {
    let h = h0.subarray(b * H, (b + 1) * H);
    for (let t = 0; t < S; t++) {
      const o = (b * S + t) * H;
      if (t >= lengths[b]) {
        out.set(h, o); // padding: the row keeps its state
        h = out.subarray(o, o + H);
        continue;
      }
      for (let j = 0; j < 3 * H; j++) {
        let acc = 0; // float64, as cpu/matmul.ts
        for (let k = 0; k < H; k++) acc += h[k] * weightHh[j * H + k];
        hp[j] = f(f(acc) + biasHh[j]);
      }
      const x0 = (b * S + t) * 3 * H;
      for (let j = 0; j < H; j++) {
        const hn = hp[2 * H + j];
        const r = sigmoid(f(xp[x0 + j] + hp[j]));
        const z = sigmoid(f(xp[x0 + H + j] + hp[H + j]));
        const n = f(Math.tanh(f(xp[x0 + 2 * H + j] + f(r * hn))));
        out[o + j] = f(n + f(z * f(h[j] - n)));
        if (saved) {
          const s0 = (b * S + t) * 4 * H;
          saved[s0 + j] = r;
          saved[s0 + H + j] = z;
          saved[s0 + 2 * H + j] = n;
          saved[s0 + 3 * H + j] = hn;
        }
      }
      h = out.subarray(o, o + H);
    }
  }
  return { out, saved };
}

/**
 * Gradients of gruSequence given dOut [B, S, H], walking t = S-1..0 with dL/dh carried back:
 * dxp and dhp [B, S, 3H], dh0 [B, H] and hPrev [B, S, H] (the state each step started from).
 */
export function gruSequenceBackward(
  saved: Float32Array,
  weightHh: Float32Array,
  out: Float32Array,
  h0: Float32Array,
  dOut: Float32Array,
  p: SequenceParams,
): { dxp: Float32Array; dhp: Float32Array; dh0: Float32Array; hPrev: Float32Array } {
  const { batch: B, steps: S, hidden: H } = p;
  const lengths = sequenceLengths(p);
  const dxp = new Float32Array(B * S * 3 * H);
  const dhp = new Float32Array(B * S * 3 * H);
  const dh0 = new Float32Array(B * H);
  const hPrev = new Float32Array(B * S * H);
  const dh = new Float32Array(H); // dL/dh after the step being walked
  for (let b = 0; b < B; b++) {
    dh.fill(0);
    for (let t = S - 1; t >= 0; t--) {
      const o = (b * S + t) * H;
      const prev = t === 0 ? h0.subarray(b * H, (b + 1) * H) : out.subarray(o - H, o);
      hPrev.set(prev, o);
      for (let j = 0; j < H; j++) dh[j] = f(dh[j] + dOut[o + j]);
      if (t >= lengths[b]) continue; // padding carried the state: dh passes through, no gates
      const s0 = (b * S + t) * 4 * H;
      const g0 = (b * S + t) * 3 * H;
      for (let j = 0; j < H; j++) {
        const r = saved[s0 + j];
        const z = saved[s0 + H + j];
        const n = saved[s0 + 2 * H + j];
        const hn = saved[s0 + 3 * H + j];
        const g = dh[j];
        // h' = n + z (h - n): dn = g (1 - z), dz = g (h - n), dh = g z (as cpu/gru.ts).
        const dan = f(f(g * f(1 - z)) * f(1 - n * n)); // through tanh
        const daz = f(f(g * f(prev[j] - n)) * f(z * f(1 - z))); // through sigmoid
        const dar = f(f(dan * hn) * f(r * f(1 - r)));
        dxp[g0 + j] = dar;
        dxp[g0 + H + j] = daz;
        dxp[g0 + 2 * H + j] = dan;
        dhp[g0 + j] = dar;
        dhp[g0 + H + j] = daz;
        dhp[g0 + 2 * H + j] = f(dan * r);
        dh[j] = f(g * z);
      }
      // Through hp = W_hh h + b_hh: dh += W_hh^T dhp (a float64 dot product, as cpu/matmul.ts).
      for (let k = 0; k < H; k++) {
        let acc = 0;
        for (let j = 0; j < 3 * H; j++) acc += dhp[g0 + j] * weightHh[j * H + k];
        dh[k] = f(dh[k] + f(acc));
      }
    }
    dh0.set(dh, b * H);
  }
  return { dxp, dhp, dh0, hPrev };
}
