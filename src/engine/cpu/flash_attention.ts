/**
 * FlashAttention forward (Dao et al. 2022, Algorithm 1), the reference for
 * kernels/flash_attention.wgsl: the same online softmax over blocks of keys, the same layouts
 * and masks as the attention primitive (AttentionParams), and no [tq, tk] array. Per query row
 * it keeps only the running max m, the running sum l = sum exp(z - m) and the accumulator
 * acc = sum exp(z - m) v of d_k numbers.
 */
import type { AttentionParams } from "../backend/contract.ts";

/** Keys per block, as the WebGPU kernel: the accumulator is rescaled once per block. */
export const FLASH_KEY_BLOCK = 8;

/** out [B, tq, heads * dk] and lse [B, heads, tq] (-Infinity for a row with every key hidden). */
export function flashAttention(
  q: Float32Array,
  kv: Float32Array,
  mask: Float32Array | null,
  p: AttentionParams,
): { out: Float32Array; lse: Float32Array } {
  const { batch, heads, tq, tk, dk, scale } = p;
  const d = heads * dk;
  const out = new Float32Array(batch * tq * d);
  const lse = new Float32Array(batch * heads * tq);
  const acc = new Float64Array(dk);
  const qs = new Float64Array(dk);
  const block = new Float64Array(FLASH_KEY_BLOCK); // scores of one block of keys
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let t = 0; t < tq; t++) {
        const visible = p.causal ? Math.max(0, Math.min(tk, t + (p.causalOffset ?? 0) + 1)) : tk;
        const mg = (p.maskGroups ?? 1) === 1 ? 0 : b;
        const mr = (p.maskRows ?? 1) === 1 ? 0 : t;
        const maskBase = (mg * (p.maskRows ?? 1) + mr) * tk;
        const qb = (b * tq + t) * p.qStride + p.qOffset + h * dk;
        for (let c = 0; c < dk; c++) qs[c] = q[qb + c] * scale;
        let m = -Infinity; // running max of the visible scores
        let l = 0; // running sum of exp(z - m)
        acc.fill(0);
        for (let j0 = 0; j0 < visible; j0 += FLASH_KEY_BLOCK) {
          const size = Math.min(FLASH_KEY_BLOCK, visible - j0);
          // 1. The block's scores (-Infinity for hidden keys) and the new max.
          let mNew = m;
          for (let i = 0; i < size; i++) {
            const kb = (b * tk + j0 + i) * p.kvStride + p.kOffset + h * dk;
            let z = 0;
            for (let c = 0; c < dk; c++) z += qs[c] * kv[kb + c];
            if (mask) {
              z = mask[maskBase + j0 + i] === -Infinity ? -Infinity : z + mask[maskBase + j0 + i];
            }
            block[i] = z;
            if (z > mNew) mNew = z;
          }
          if (mNew === -Infinity) continue; // nothing visible yet
          // 2. Rescale what was summed under the old max, 3. add the block.
          const correction = Math.exp(m - mNew); // 0 when m is still -Infinity
          l *= correction;
          for (let c = 0; c < dk; c++) acc[c] *= correction;
          for (let i = 0; i < size; i++) {
            if (block[i] === -Infinity) continue;
            const e = Math.exp(block[i] - mNew);
            l += e;
            const vb = (b * tk + j0 + i) * p.kvStride + p.vOffset + h * dk;
            for (let c = 0; c < dk; c++) acc[c] += e * kv[vb + c];
          }
          m = mNew;
        }
        const ob = (b * tq + t) * d + h * dk;
        for (let c = 0; c < dk; c++) out[ob + c] = l > 0 ? acc[c] / l : 0;
        lse[(b * heads + h) * tq + t] = l > 0 ? m + Math.log(l) : -Infinity;
      }
    }
  }
  return { out, lse };
}
