/**
 * A whole LSTM layer over a sequence as one differentiable op (the fused LSTM cell for every
 * step, Backend.lstmSequence): one primitive for the forward, one for the backward plus a matmul
 * and a column sum for the recurrent weights.
 */
import type { Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, recording, wrap } from "../ops/checks.ts";
import { checkRecurrentShapes, type RecurrentSequenceOptions } from "./gru_sequence.ts";

/**
 * nn.LSTM's layer over a sequence (gate order i, f, g, o) from the projected input
 * projected = W_ih x + b_ih [B, S, 4H], the recurrent weightHh [4H, H] and biasHh [4H], and the
 * initial state h0, c0 [B, H]: every step's [h | c] as one tensor [B, S, 2H], where at each step
 *   a = projected + W_hh h + b_hh, i, f, o = sigmoid(a_i, a_f, a_o), g = tanh(a_g),
 *   c' = f * c + i * g, h' = o * tanh(c').
 * Padded steps (options.lengths) repeat the row's state, so [:, S-1] is every row's final state.
 * Slice the h half for the layer's outputs ([..., :H]) and the c half for the cell states.
 */
export function lstmSequence(
  projected: Tensor,
  weightHh: Tensor,
  biasHh: Tensor,
  h0: Tensor,
  c0: Tensor,
  options: RecurrentSequenceOptions = {},
): Tensor {
  const backend = backendOf("lstmSequence", projected, weightHh, biasHh, h0, c0);
  const inputs = [projected, weightHh, biasHh, h0, c0];
  const sizes = checkRecurrentShapes(
    "lstmSequence",
    4,
    { projected, weightHh, biasHh, states: [h0, c0] },
    options.lengths,
  );
  const { batch: B, steps: S, hidden: H } = sizes;
  const save = recording(inputs);
  const { out, saved } = backend.lstmSequence(
    projected.data,
    weightHh.data,
    biasHh.data,
    h0.data,
    c0.data,
    { ...sizes, lengths: options.lengths, save },
  );
  const states = wrap(backend, out, [B, S, 2 * H]);
  if (!saved) return states;
  const gates = wrap(backend, saved, [B, S, 4 * H]); // i, f, g, o: lives in the enclosing scope
  return recordOp("lstmSequence", states, inputs, (dy) => {
    const g = backend.lstmSequenceBackward(
      gates.data,
      weightHh.data,
      states.data,
      h0.data,
      c0.data,
      dy.data,
      { ...sizes, lengths: options.lengths },
    );
    const rows = B * S;
    // dW_hh = sum over every (row, step) of dgates^T h_prev: one matmul over B * S rows.
    const dW = weightHh.needsGrad
      ? wrap(
        backend,
        backend.matmul(g.dgates, g.hPrev, { batch: 1, m: 4 * H, k: rows, n: H, transA: true }),
        weightHh.shape,
      )
      : null;
    const db = biasHh.needsGrad
      ? wrap(backend, backend.sumCols(g.dgates, { rows, cols: 4 * H }), biasHh.shape)
      : null;
    backend.release(g.hPrev);
    const dxp = projected.needsGrad
      ? wrap(backend, g.dgates, projected.shape)
      : (backend.release(g.dgates), null);
    const dh0 = h0.needsGrad ? wrap(backend, g.dh0, h0.shape) : (backend.release(g.dh0), null);
    const dc0 = c0.needsGrad ? wrap(backend, g.dc0, c0.shape) : (backend.release(g.dc0), null);
    return [dxp, dW, db, dh0, dc0];
  });
}
