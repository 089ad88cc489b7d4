import type { AdamParams } from "../backend/contract.ts";

/**
 * In place AdamW step (Kingma & Ba 2015; decoupled weight decay, Loshchilov &
 * Hutter 2019) on param, m, v:
 *   param -= lr * wd * param                       (when weightDecay)
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   param -= lr * (m / (1 - b1^step)) / (sqrt(v / (1 - b2^step)) + eps)
 * With clip, g is first scaled by min(1, maxNorm / (sqrt(normSq[0]) + 1e-6)).
 */
export function adam(
  state: { param: Float32Array; grad: Float32Array; m: Float32Array; v: Float32Array },
  normSq: Float32Array | null,
  p: AdamParams,
): void {
  const { param, grad, m, v } = state;
  let gradScale = 1;
  if (p.clip && normSq) {
    gradScale = Math.min(1, p.clip.maxNorm / (Math.sqrt(normSq[0]) + 1e-6));
  }
  const { lr, beta1, beta2, eps } = p;
  const decay = p.weightDecay ?? 0;
  const correction1 = 1 - Math.pow(beta1, p.step);
  const correction2 = 1 - Math.pow(beta2, p.step);
  for (let i = 0; i < p.n; i++) {
    const g = grad[i] * gradScale;
    let w = param[i];
    if (decay) w -= lr * decay * w;
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] = w - lr * (mi / correction1) / (Math.sqrt(vi / correction2) + eps);
  }
}
