/**
 * The fused GRU cell as a differentiable op: one kernel for the step and one for its backward
 * (Backend.gruCell), instead of the ~15 element-wise ops and splits of the unfused cell.
 */
import { shapeText, Tensor } from "../tensor.ts";
import { AxisGradient, recordOp } from "../tape.ts";
import { backendOf, wrap } from "../ops/checks.ts";

/** Options of {@link gruCell}. */
export interface GruCellOptions {
  /** xp is a whole sequence's projection [B, S, 3H]: read step `step` of it, without a copy. */
  step?: number;
}

/**
 * One GRU step (nn.GRU's equations, gate order r, z, n) from the projected input
 * xp = W_ih x + b_ih ([B, 3H], or [B, S, 3H] with options.step), hp = W_hh h + b_hh [B, 3H]
 * and the previous state h [B, H]:
 *   r = sigmoid(xr + hr), z = sigmoid(xz + hz), n = tanh(xn + r * hn), h' = n + z * (h - n).
 */
export function gruCell(xp: Tensor, hp: Tensor, h: Tensor, options: GruCellOptions = {}): Tensor {
  const backend = backendOf("gruCell", xp, hp, h);
  const [batch, hidden] = h.shape;
  const sequence = options.step !== undefined;
  const steps = sequence ? xp.shape[1] : 1;
  const fits = h.rank === 2 && hp.rank === 2 && hp.shape[0] === batch &&
    hp.shape[1] === 3 * hidden && xp.shape[0] === batch &&
    xp.shape[xp.rank - 1] === 3 * hidden && xp.rank === (sequence ? 3 : 2);
  if (!fits) {
    throw new Error(
      `gruCell: expected xp [B, ${sequence ? "S, " : ""}3H], hp [B, 3H] and h [B, H], got xp ${
        shapeText(xp.shape)
      }, hp ${shapeText(hp.shape)}, h ${shapeText(h.shape)}`,
    );
  }
  const step = options.step ?? 0;
  if (!Number.isInteger(step) || step < 0 || step >= steps) {
    throw new Error(`gruCell: expected a step in 0..${steps - 1}, got ${step}`);
  }
  const p = { batch, hidden, xpStride: steps * 3 * hidden, xpOffset: step * 3 * hidden };
  const out = wrap(backend, backend.gruCell(xp.data, hp.data, h.data, p), [batch, hidden]);
  return recordOp("gruCell", out, [xp, hp, h], (dy) => {
    const g = backend.gruCellBackward(xp.data, hp.data, h.data, dy.data, p);
    // On a sequence, the gradient is this step's column only: the tape adds it in place.
    const dxp = sequence && steps > 1
      ? new AxisGradient(wrap(backend, g.dxp, [batch, 1, 3 * hidden]), {
        outer: batch,
        axisLen: steps,
        inner: 3 * hidden,
        start: step,
        len: 1,
      })
      : wrap(backend, g.dxp, xp.shape);
    return [
      dxp,
      hp.needsGrad ? wrap(backend, g.dhp, hp.shape) : (backend.release(g.dhp), null),
      h.needsGrad ? wrap(backend, g.dh, h.shape) : (backend.release(g.dh), null),
    ];
  });
}
