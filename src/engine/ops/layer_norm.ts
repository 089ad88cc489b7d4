/** Layer normalization (Ba, Kiros & Hinton 2016) over the last axis, as torch.nn.LayerNorm. */
import { shapeText, Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, recording, wrap } from "./checks.ts";

/** Options of {@link layerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance before the square root. Default 1e-5 (PyTorch's). */
  eps?: number;
}

/**
 * y = (x - mean) / sqrt(var + eps) * gamma + beta over the last axis:
 * x [..., C], gamma [C], beta [C] -> [..., C] (biased variance, as PyTorch).
 */
export function layerNorm(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  options: LayerNormOptions = {},
): Tensor {
  const backend = backendOf("layerNorm", x, gamma, beta);
  if (x.rank < 1) throw new Error(`layerNorm: expected x [..., C], got a scalar`);
  const cols = x.shape[x.rank - 1];
  for (const [name, t] of [["gamma", gamma], ["beta", beta]] as const) {
    if (t.rank !== 1 || t.shape[0] !== cols) {
      throw new Error(
        `layerNorm: expected ${name} of shape [${cols}] for x ${shapeText(x.shape)}, got ${
          shapeText(t.shape)
        }`,
      );
    }
  }
  const rows = x.size / cols;
  const eps = options.eps ?? 1e-5;
  const { y, mean, rstd } = backend.layerNorm(x.data, gamma.data, beta.data, { rows, cols, eps });
  const out = wrap(backend, y, x.shape);
  if (!recording([x, gamma, beta])) {
    backend.release(mean);
    backend.release(rstd);
    return out;
  }
  // Saved for backward; they live in the enclosing scope like other intermediates.
  const meanT = wrap(backend, mean, [rows]);
  const rstdT = wrap(backend, rstd, [rows]);
  return recordOp("layerNorm", out, [x, gamma, beta], (dy) => {
    const g = backend.layerNormBackward(x.data, gamma.data, meanT.data, rstdT.data, dy.data, {
      rows,
      cols,
    });
    const keep = [x.needsGrad, gamma.needsGrad, beta.needsGrad];
    const grads = [g.dx, g.dgamma, g.dbeta].map((s, i) => {
      if (keep[i]) return wrap(backend, s, [x.shape, gamma.shape, beta.shape][i]);
      backend.release(s);
      return null;
    });
    return grads;
  });
}
