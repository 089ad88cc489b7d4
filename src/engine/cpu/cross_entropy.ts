import type { CrossEntropyParams } from "../backend/contract.ts";
import { logSumExp } from "./softmax.ts";

/**
 * Per row, the target class or -1 when the row is ignored. A target that is
 * neither ignoreIndex nor a class in [0, cols) is a bug upstream, so it throws
 * (the sizes were checked by engine/backend/validate.ts).
 */
function rowTargets(op: string, targets: Float32Array, p: CrossEntropyParams): Int32Array {
  const out = new Int32Array(p.rows);
  for (let r = 0; r < p.rows; r++) {
    const t = targets[r];
    if (t === p.ignoreIndex) {
      out[r] = -1;
    } else if (Number.isInteger(t) && t >= 0 && t < p.cols) {
      out[r] = t;
    } else {
      throw new Error(
        `${op}: expected the target of row ${r} in [0, ${p.cols}) ` +
          `or ignoreIndex ${p.ignoreIndex}, got ${t}`,
      );
    }
  }
  return out;
}

/**
 * Mean cross-entropy over non-ignored rows (0 when every row is ignored). With
 * label smoothing eps, as torch.nn.CrossEntropyLoss(label_smoothing=eps):
 * row loss = (1 - eps) * (-log p_target) + eps * mean_j(-log p_j).
 */
export function crossEntropy(
  logits: Float32Array,
  targets: Float32Array,
  p: CrossEntropyParams,
): Float32Array {
  const t = rowTargets("crossEntropy", targets, p);
  const { rows, cols } = p;
  const eps = p.labelSmoothing ?? 0;
  let total = 0;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    if (t[r] < 0) continue;
    const row = logits.subarray(r * cols, (r + 1) * cols);
    const lse = logSumExp(row);
    const nll = lse - row[t[r]];
    let meanNegLogP = 0;
    for (let j = 0; j < cols; j++) meanNegLogP += lse - row[j];
    meanNegLogP /= cols;
    total += (1 - eps) * nll + eps * meanNegLogP;
    count++;
  }
  return Float32Array.of(count === 0 ? 0 : total / count);
}

/**
 * d(loss)/d(logits) * dLoss[0]: (softmax(row) - target distribution) / count
 * for non-ignored rows, zeros for ignored ones. The target distribution is
 * (1 - eps) on the target plus eps / cols everywhere.
 */
export function crossEntropyBackward(
  logits: Float32Array,
  targets: Float32Array,
  dLoss: Float32Array,
  p: CrossEntropyParams,
): Float32Array {
  const t = rowTargets("crossEntropyBackward", targets, p);
  const { rows, cols } = p;
  const eps = p.labelSmoothing ?? 0;
  let count = 0;
  for (let r = 0; r < rows; r++) if (t[r] >= 0) count++;
  const out = new Float32Array(rows * cols);
  if (count === 0) return out;
  const factor = dLoss[0] / count;
  for (let r = 0; r < rows; r++) {
    if (t[r] < 0) continue;
    const row = logits.subarray(r * cols, (r + 1) * cols);
    const lse = logSumExp(row);
    for (let j = 0; j < cols; j++) {
      const target = (j === t[r] ? 1 - eps : 0) + eps / cols;
      out[r * cols + j] = (Math.exp(row[j] - lse) - target) * factor;
    }
  }
  return out;
}
