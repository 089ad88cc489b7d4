/**
 * Fused scaled dot-product attention and its backward (Vaswani et al. 2017, eq. 1): the
 * reference for kernels/attention.wgsl, with the same layouts (AttentionParams) and the same
 * masking rules as the softmax primitive.
 */
import type { AttentionParams } from "../backend/contract.ts";

/** out [B, tq, heads * dk] and weights [B, heads, tq, tk]. */
export function attention(
  q: Float32Array,
  kv: Float32Array,
  mask: Float32Array | null,
  p: AttentionParams,
): { out: Float32Array; weights: Float32Array } {
  const { batch, heads, tq, tk, dk } = p;
  const d = heads * dk;
  const out = new Float32Array(batch * tq * d);
  const weights = new Float32Array(batch * heads * tq * tk);
  const z = new Float64Array(tk);
  const keep = new Array<boolean>(tk);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let t = 0; t < tq; t++) {
        const w0 = ((b * heads + h) * tq + t) * tk;
        const visible = p.causal ? Math.max(0, Math.min(tk, t + (p.causalOffset ?? 0) + 1)) : tk;
        const mg = (p.maskGroups ?? 1) === 1 ? 0 : b;
        const mr = (p.maskRows ?? 1) === 1 ? 0 : t;
        const maskBase = (mg * (p.maskRows ?? 1) + mr) * tk;
        const qb = (b * tq + t) * p.qStride + p.qOffset + h * dk;
        let max = -Infinity;
        for (let j = 0; j < tk; j++) {
          keep[j] = j < visible;
          if (!keep[j]) continue;
          const kb = (b * tk + j) * p.kvStride + p.kOffset + h * dk;
          let dot = 0;
          for (let c = 0; c < dk; c++) dot += q[qb + c] * kv[kb + c];
          let s = Math.fround(dot) * p.scale;
          if (mask) {
            const m = mask[maskBase + j];
            if (m === -Infinity) keep[j] = false;
            s += m;
          }
          if (s === -Infinity) keep[j] = false;
          z[j] = s;
          if (keep[j] && s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < tk; j++) {
          const e = keep[j] ? Math.exp(z[j] - max) : 0;
          z[j] = e;
          sum += e;
        }
        for (let j = 0; j < tk; j++) weights[w0 + j] = sum > 0 ? z[j] / sum : 0;
        const ob = (b * tq + t) * d + h * dk;
        for (let c = 0; c < dk; c++) {
          let acc = 0;
          for (let j = 0; j < tk; j++) {
            acc += weights[w0 + j] * kv[(b * tk + j) * p.kvStride + p.vOffset + h * dk + c];
          }
          out[ob + c] = acc;
        }
      }
    }
  }
  return { out, weights };
}

/** dq [B, tq, heads * dk], dk and dv [B, tk, heads * dk]. */
export function attentionBackward(
  q: Float32Array,
  kv: Float32Array,
  weights: Float32Array,
  dOut: Float32Array,
  p: AttentionParams,
): { dq: Float32Array; dk: Float32Array; dv: Float32Array } {
  const { batch, heads, tq, tk, dk } = p;
  const d = heads * dk;
  const dq = new Float32Array(batch * tq * d);
  const dK = new Float32Array(batch * tk * d);
  const dV = new Float32Array(batch * tk * d);
  const ds = new Float64Array(tk);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let t = 0; t < tq; t++) {
        const w0 = ((b * heads + h) * tq + t) * tk;
        const gb = (b * tq + t) * d + h * dk;
        const qb = (b * tq + t) * p.qStride + p.qOffset + h * dk;
        let rowdot = 0;
        for (let j = 0; j < tk; j++) {
          const vb = (b * tk + j) * p.kvStride + p.vOffset + h * dk;
          let dw = 0;
          for (let c = 0; c < dk; c++) dw += dOut[gb + c] * kv[vb + c];
          ds[j] = dw;
          rowdot += weights[w0 + j] * dw;
        }
        for (let j = 0; j < tk; j++) ds[j] = p.scale * weights[w0 + j] * (ds[j] - rowdot);
        for (let j = 0; j < tk; j++) {
          const kb = (b * tk + j) * p.kvStride + p.kOffset + h * dk;
          const kOut = (b * tk + j) * d + h * dk;
          for (let c = 0; c < dk; c++) {
            dq[gb + c] += ds[j] * kv[kb + c];
            dK[kOut + c] += ds[j] * q[qb + c];
            dV[kOut + c] += weights[w0 + j] * dOut[gb + c];
          }
        }
      }
    }
  }
  return { dq, dk: dK, dv: dV };
}
