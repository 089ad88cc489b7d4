import type { RowParams, SoftmaxParams } from "../backend/contract.ts";

/**
 * Row softmax of z = x * scale + mask over x [rows, cols], x viewed as
 * [groups, heads, tq, cols] so masks broadcast (see SoftmaxParams). Computed
 * in float64 with the row max subtracted; a row with every column masked
 * gives zeros rather than NaN.
 */
export function softmax(
  x: Float32Array,
  mask: Float32Array | null,
  p: SoftmaxParams,
): Float32Array {
  const { rows, cols } = p;
  const scale = p.scale ?? 1;
  const heads = p.heads ?? 1;
  const tq = p.tq ?? (rows === 0 ? 1 : rows / heads);
  const causalOffset = p.causalOffset ?? 0;
  const maskGroups = p.maskGroups ?? 1;
  const maskRows = p.maskRows ?? 1;

  const out = new Float32Array(rows * cols);
  const z = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const q = r % tq; // query position
    const g = Math.floor(r / (heads * tq)); // group (batch entry)
    const maskOffset = ((maskGroups === 1 ? 0 : g) * maskRows + (maskRows === 1 ? 0 : q)) * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) {
      let v = x[r * cols + j] * scale;
      if (mask) v += mask[maskOffset + j];
      if (p.causal && j > q + causalOffset) v = -Infinity;
      z[j] = v;
      if (v > max) max = v;
    }
    if (max === -Infinity) continue; // fully masked row: zeros
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      z[j] = Math.exp(z[j] - max);
      sum += z[j];
    }
    for (let j = 0; j < cols; j++) out[r * cols + j] = z[j] / sum;
  }
  return out;
}

/** dx = scale * y * (dy - sum_j(dy_j * y_j)) row-wise, the softmax Jacobian applied to dy. */
export function softmaxBackward(
  y: Float32Array,
  dy: Float32Array,
  p: RowParams & { scale?: number },
): Float32Array {
  const { rows, cols } = p;
  const scale = p.scale ?? 1;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dy[r * cols + j] * y[r * cols + j];
    for (let j = 0; j < cols; j++) {
      const i = r * cols + j;
      out[i] = scale * y[i] * (dy[i] - dot);
    }
  }
  return out;
}

/** log(softmax(x)) row-wise as x - max - log(sum exp(x - max)); an all -Infinity row stays so. */
export function logSoftmax(x: Float32Array, p: RowParams): Float32Array {
  const { rows, cols } = p;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const lse = logSumExp(x.subarray(r * cols, (r + 1) * cols));
    for (let j = 0; j < cols; j++) {
      out[r * cols + j] = lse === -Infinity ? -Infinity : x[r * cols + j] - lse;
    }
  }
  return out;
}

/** log(sum_j exp(v_j)) in float64 with the max subtracted first (never overflows). */
export function logSumExp(v: Float32Array): number {
  let max = -Infinity;
  for (let j = 0; j < v.length; j++) if (v[j] > max) max = v[j];
  if (max === -Infinity || max === Infinity) return max;
  let sum = 0;
  for (let j = 0; j < v.length; j++) sum += Math.exp(v[j] - max);
  return max + Math.log(sum);
}
