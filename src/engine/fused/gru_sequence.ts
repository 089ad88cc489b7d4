/**
 * A whole GRU layer over a sequence as one differentiable op: one primitive for the forward
 * (Backend.gruSequence) and one for the backward plus a matmul and a column sum for the recurrent
 * weights, instead of a matmul, a cell and the joining slices per time step each way.
 */
import { shapeText, Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, recording, wrap } from "../ops/checks.ts";

/** Options of {@link gruSequence} and lstmSequence. */
export interface RecurrentSequenceOptions {
  /**
   * Real length of each row (right padding, each in 0..S): at steps t >= lengths[b] row b keeps
   * its previous state, so its output at the last step is its final state. Default: all S.
   */
  lengths?: readonly number[];
}

/** Throws unless the shapes are those of a recurrent layer with `gates` gates per unit. */
export function checkRecurrentShapes(
  op: string,
  gates: number,
  tensors: { projected: Tensor; weightHh: Tensor; biasHh: Tensor; states: Tensor[] },
  lengths: readonly number[] | undefined,
): { batch: number; steps: number; hidden: number } {
  const { projected, weightHh, biasHh, states } = tensors;
  const [batch, hidden] = states[0].shape;
  const G = gates * hidden;
  const fits = projected.rank === 3 && projected.shape[0] === batch && projected.shape[2] === G &&
    weightHh.rank === 2 && weightHh.shape[0] === G && weightHh.shape[1] === hidden &&
    biasHh.rank === 1 && biasHh.shape[0] === G &&
    states.every((s) => s.rank === 2 && s.shape[0] === batch && s.shape[1] === hidden);
  if (!fits) {
    throw new Error(
      `${op}: expected projected [B, S, ${gates}H], weightHh [${gates}H, H], biasHh [${gates}H] ` +
        `and states [B, H], got projected ${shapeText(projected.shape)}, weightHh ${
          shapeText(weightHh.shape)
        }, biasHh ${shapeText(biasHh.shape)}, states ${
          states.map((s) => shapeText(s.shape)).join(", ")
        }`,
    );
  }
  const steps = projected.shape[1];
  if (lengths && lengths.length !== batch) {
    throw new Error(`${op}: expected ${batch} lengths (one per row), got ${lengths.length}`);
  }
  return { batch, steps, hidden };
}

/**
 * nn.GRU's layer over a sequence (gate order r, z, n) from the projected input
 * projected = W_ih x + b_ih [B, S, 3H], the recurrent weightHh [3H, H] and biasHh [3H], and the
 * initial state h0 [B, H]: every step's state [B, S, H], where at each step
 *   hp = W_hh h + b_hh, r = sigmoid(xr + hr), z = sigmoid(xz + hz), n = tanh(xn + r * hn),
 *   h' = n + z * (h - n).
 * Padded steps (options.lengths) repeat the row's state, so out[:, S-1] is every row's final state.
 */
export function gruSequence(
  projected: Tensor,
  weightHh: Tensor,
  biasHh: Tensor,
  h0: Tensor,
  options: RecurrentSequenceOptions = {},
): Tensor {
  const backend = backendOf("gruSequence", projected, weightHh, biasHh, h0);
  const inputs = [projected, weightHh, biasHh, h0];
  const sizes = checkRecurrentShapes(
    "gruSequence",
    3,
    { projected, weightHh, biasHh, states: [h0] },
    options.lengths,
  );
  const { batch: B, steps: S, hidden: H } = sizes;
  const save = recording(inputs);
  const p = { ...sizes, lengths: options.lengths, save };
  const { out, saved } = backend.gruSequence(
    projected.data,
    weightHh.data,
    biasHh.data,
    h0.data,
    p,
  );
  const output = wrap(backend, out, [B, S, H]);
  if (!saved) return output;
  const gates = wrap(backend, saved, [B, S, 4 * H]); // r, z, n, hn: lives in the enclosing scope
  return recordOp("gruSequence", output, inputs, (dy) => {
    const g = backend.gruSequenceBackward(
      gates.data,
      weightHh.data,
      output.data,
      h0.data,
      dy.data,
      {
        ...sizes,
        lengths: options.lengths,
      },
    );
    const rows = B * S;
    // dW_hh = sum over every (row, step) of dhp^T h_prev: one matmul over B * S rows.
    const dW = weightHh.needsGrad
      ? wrap(
        backend,
        backend.matmul(g.dhp, g.hPrev, { batch: 1, m: 3 * H, k: rows, n: H, transA: true }),
        weightHh.shape,
      )
      : null;
    const db = biasHh.needsGrad
      ? wrap(backend, backend.sumCols(g.dhp, { rows, cols: 3 * H }), biasHh.shape)
      : null;
    backend.release(g.dhp);
    backend.release(g.hPrev);
    const dxp = projected.needsGrad
      ? wrap(backend, g.dxp, projected.shape)
      : (backend.release(g.dxp), null);
    const dh0 = h0.needsGrad ? wrap(backend, g.dh0, h0.shape) : (backend.release(g.dh0), null);
    return [dxp, dW, db, dh0];
  });
}
