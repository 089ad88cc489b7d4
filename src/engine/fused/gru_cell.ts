/**
 * The GRU cell (Cho et al. 2014, PyTorch's gate order r, z, n) as one kernel forward and one
 * backward (Backend.gruCell), instead of the ~15 element-wise ops and splits of the cell
 * written out. Models write the cell's equations themselves (models/gru.ts) and let the
 * engine run this kernel in their place (ops.fuse "gru-cell"); tests hold the two equal.
 */
import { shapeText, type Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, wrap } from "../ops/checks.ts";

/**
 * One GRU step from the projected input xp = W_ih x + b_ih [B, 3H], hp = W_hh h + b_hh [B, 3H]
 * and the previous state h [B, H]:
 *   r = sigmoid(xr + hr), z = sigmoid(xz + hz), n = tanh(xn + r * hn), h' = n + z * (h - n).
 * xp may be a view whose rows of 3H lie apart (step t of a whole sequence's projection
 * [B, S, 3H]): the kernel reads it in place. Null when xp's rows are not contiguous (the
 * equations then run as ops).
 */
export function gruCell(xp: Tensor, hp: Tensor, h: Tensor): Tensor | null {
  const backend = backendOf("gruCell", xp, hp, h);
  const [batch, hidden] = h.shape;
  const fits = h.rank === 2 && hp.rank === 2 && xp.rank === 2 && hp.shape[0] === batch &&
    hp.shape[1] === 3 * hidden && xp.shape[0] === batch && xp.shape[1] === 3 * hidden;
  if (!fits) {
    throw new Error(
      `gruCell: expected xp [B, 3H], hp [B, 3H] and h [B, H], got xp ${shapeText(xp.shape)}, hp ${
        shapeText(hp.shape)
      }, h ${shapeText(h.shape)}`,
    );
  }
  const rowsContiguous = xp.isDense || xp.layout.strides[1] === 1;
  if (!rowsContiguous) return null;
  const xpStride = xp.isDense ? 3 * hidden : (batch === 1 ? 3 * hidden : xp.layout.strides[0]);
  const p = { batch, hidden, xpStride, xpOffset: xp.isDense ? 0 : xp.layout.offset };
  const xpData = xp.isDense ? xp.data : xp.storage;
  const out = wrap(backend, backend.gruCell(xpData, hp.data, h.data, p), [batch, hidden]);
  return recordOp("gruCell", out, [xp, hp, h], (dy) => {
    const g = backend.gruCellBackward(xpData, hp.data, h.data, dy.data, p);
    return [
      xp.needsGrad ? wrap(backend, g.dxp, xp.shape) : (backend.release(g.dxp), null),
      hp.needsGrad ? wrap(backend, g.dhp, hp.shape) : (backend.release(g.dhp), null),
      h.needsGrad ? wrap(backend, g.dh, h.shape) : (backend.release(g.dh), null),
    ];
  });
}
