import type { RowParams } from "../backend/contract.ts";

/**
 * Layer normalization (Ba et al. 2016) of each row of x [rows, cols]:
 * y = (x - mean) * rstd * gamma + beta with rstd = 1 / sqrt(var + eps) and
 * the biased variance (divide by cols), as PyTorch. mean and rstd [rows] are
 * returned for the backward pass.
 */
export function layerNorm(
  x: Float32Array,
  affine: { gamma: Float32Array; beta: Float32Array },
  p: RowParams & { eps: number },
): { y: Float32Array; mean: Float32Array; rstd: Float32Array } {
  const { rows, cols } = p;
  const y = new Float32Array(rows * cols);
  const mean = new Float32Array(rows);
  const rstd = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += x[o + j];
    const mu = sum / cols;
    let sq = 0;
    for (let j = 0; j < cols; j++) sq += (x[o + j] - mu) ** 2;
    const rs = 1 / Math.sqrt(sq / cols + p.eps);
    for (let j = 0; j < cols; j++) {
      y[o + j] = (x[o + j] - mu) * rs * affine.gamma[j] + affine.beta[j];
    }
    mean[r] = mu;
    rstd[r] = rs;
  }
  return { y, mean, rstd };
}

/**
 * Gradients of layerNorm. With xhat = (x - mean) * rstd and g = dy * gamma:
 * dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), dgamma = sum over rows of
 * dy * xhat, dbeta = sum over rows of dy.
 */
export function layerNormBackward(
  saved: { x: Float32Array; gamma: Float32Array; mean: Float32Array; rstd: Float32Array },
  dy: Float32Array,
  p: RowParams,
): { dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array } {
  const { rows, cols } = p;
  const { x, gamma, mean, rstd } = saved;
  const dx = new Float32Array(rows * cols);
  const dgamma = new Float64Array(cols);
  const dbeta = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let meanG = 0;
    let meanGXhat = 0;
    for (let j = 0; j < cols; j++) {
      const xhat = (x[o + j] - mean[r]) * rstd[r];
      const g = dy[o + j] * gamma[j];
      meanG += g;
      meanGXhat += g * xhat;
      dgamma[j] += dy[o + j] * xhat;
      dbeta[j] += dy[o + j];
    }
    meanG /= cols;
    meanGXhat /= cols;
    for (let j = 0; j < cols; j++) {
      const xhat = (x[o + j] - mean[r]) * rstd[r];
      dx[o + j] = rstd[r] * (dy[o + j] * gamma[j] - meanG - xhat * meanGXhat);
    }
  }
  return { dx, dgamma: Float32Array.from(dgamma), dbeta: Float32Array.from(dbeta) };
}
