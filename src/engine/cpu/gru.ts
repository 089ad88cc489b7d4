/**
 * The fused GRU cell (Cho et al. 2014, nn.GRU's gate order r, z, n) and its backward: the
 * reference for kernels/gru.wgsl. Every intermediate is rounded to float32 (Math.fround) as
 * the unfused ops would store it, so fused and unfused cpu runs agree to the last bit.
 */
import type { GruCellParams } from "../backend/contract.ts";

const f = Math.fround;
const sigmoid = (v: number) => f(1 / (1 + Math.exp(-v)));

/** Where xp's rows lie: xpStride apart from xpOffset (default: a contiguous [B, 3H]). */
function layout(p: GruCellParams): { stride: number; offset: number } {
  return { stride: p.xpStride ?? 3 * p.hidden, offset: p.xpOffset ?? 0 };
}

/** h' [B, H] of one GRU step. */
export function gruCell(
  xp: Float32Array,
  hp: Float32Array,
  h: Float32Array,
  p: GruCellParams,
): Float32Array {
  const { batch: B, hidden: H } = p;
  const { stride, offset } = layout(p);
  const out = new Float32Array(B * H);
  for (let b = 0; b < B; b++) {
    const x0 = b * stride + offset;
    const h0 = b * 3 * H;
    for (let j = 0; j < H; j++) {
      const r = sigmoid(f(xp[x0 + j] + hp[h0 + j]));
      const z = sigmoid(f(xp[x0 + H + j] + hp[h0 + H + j]));
      const n = f(Math.tanh(f(xp[x0 + 2 * H + j] + f(r * hp[h0 + 2 * H + j]))));
      const hv = h[b * H + j];
      out[b * H + j] = f(n + f(z * f(hv - n)));
    }
  }
  return out;
}

/** dxp [B, 3H], dhp [B, 3H] and the direct dh [B, H] of one GRU step, given dh'. */
export function gruCellBackward(
  xp: Float32Array,
  hp: Float32Array,
  h: Float32Array,
  dhNext: Float32Array,
  p: GruCellParams,
): { dxp: Float32Array; dhp: Float32Array; dh: Float32Array } {
  const { batch: B, hidden: H } = p;
  const { stride, offset } = layout(p);
  const dxp = new Float32Array(B * 3 * H);
  const dhp = new Float32Array(B * 3 * H);
  const dh = new Float32Array(B * H);
  for (let b = 0; b < B; b++) {
    const x0 = b * stride + offset;
    const h0 = b * 3 * H;
    for (let j = 0; j < H; j++) {
      const hn = hp[h0 + 2 * H + j];
      const r = sigmoid(f(xp[x0 + j] + hp[h0 + j]));
      const z = sigmoid(f(xp[x0 + H + j] + hp[h0 + H + j]));
      const n = f(Math.tanh(f(xp[x0 + 2 * H + j] + f(r * hn))));
      const g = dhNext[b * H + j];
      const hv = h[b * H + j];
      // h' = n + z (h - n): dn = g (1 - z), dz = g (h - n), dh = g z.
      const dan = f(f(g * f(1 - z)) * f(1 - n * n)); // through tanh
      const daz = f(f(g * f(hv - n)) * f(z * f(1 - z))); // through sigmoid
      const dar = f(f(dan * hn) * f(r * f(1 - r)));
      dxp[h0 + j] = dar;
      dxp[h0 + H + j] = daz;
      dxp[h0 + 2 * H + j] = dan;
      dhp[h0 + j] = dar;
      dhp[h0 + H + j] = daz;
      dhp[h0 + 2 * H + j] = f(dan * r);
      dh[b * H + j] = f(g * z);
    }
  }
  return { dxp, dhp, dh };
}
