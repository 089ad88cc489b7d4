/**
 * What GRU and LSTM stacks share: the per-layer state, the interface a
 * stack offers, and the two ways to run one - a whole sequence layer by layer
 * (the encoder, and the decoder when its input does not depend on attention)
 * and one time step through every layer (the Bahdanau decoder).
 *
 * Running layer by layer lets each layer's input projection W_ih x + b_ih be
 * computed for every step in one matmul; only the recurrent part W_hh h is
 * sequential, which is the cost that made Transformers win (Vaswani et al.
 * 2017, sec. 4). That part is written step by step with the cell (stepThrough);
 * the engine may run a whole layer's loop as one kernel instead (ops.fuse
 * "gru-sequence", "lstm-sequence"), which tests hold to the steps.
 */
import { ops } from "../engine/mod.ts";
import { shapeText, Tensor } from "../engine/mod.ts";
import type { ParamStore } from "./weights/param_store.ts";

/** One layer's recurrent state: h [B, H], and for an LSTM also the cell c [B, H]. */
export interface LayerState {
  h: Tensor;
  c?: Tensor;
}

/** The parameters of one layer, named as PyTorch's nn.GRU / nn.LSTM state_dict. */
export interface LayerParams {
  weightIh: Tensor; // [G * H, in]
  weightHh: Tensor; // [G * H, H]
  biasIh: Tensor; // [G * H]
  biasHh: Tensor; // [G * H]
}

/** A multi-layer, unidirectional GRU or LSTM (batch_first, as PyTorch). */
export interface RecurrentStack {
  readonly kind: "gru" | "lstm";
  readonly inputSize: number;
  readonly hidden: number;
  readonly layers: number;
  /** Gates per unit: 3 (GRU: r, z, n) or 4 (LSTM: i, f, g, o). */
  readonly gates: number;
  readonly params: readonly LayerParams[];
  /** W_ih x + b_ih of layer `layer` for any number of steps at once: x [..., in] -> [..., G * H]. */
  projectInput(layer: number, x: Tensor): Tensor;
  /** One step of layer `layer` from its projected input xp [B, G * H] and previous state. */
  cell(layer: number, xp: Tensor, prev: LayerState): LayerState;
  /**
   * Layer `layer` over a whole sequence from its projection [B, S, G * H] and initial state:
   * every step's h [B, S, H] and the final state (padded rows keep their state).
   */
  sequence(
    layer: number,
    projected: Tensor,
    initial: LayerState,
    options: { lengths?: readonly number[] },
  ): LayerRun;
  /** All-zero state for every layer (PyTorch's default h0 / c0). */
  zeroState(batch: number): LayerState[];
}

/** What {@link RecurrentStack.sequence} returns: every step's h [B, S, H] and the final state. */
export interface LayerRun {
  outputs: Tensor;
  final: LayerState;
}

/**
 * The last step of x [B, S, H] as [B, H] (with padding: every row's final state, since
 * padded steps repeat it). A view.
 */
export function lastStep(x: Tensor): Tensor {
  const [batch, steps, hidden] = x.shape;
  const last = steps === 1 ? x : ops.slice(x, 1, steps - 1, 1); // [B, 1, H]
  return ops.reshape(last, [batch, hidden]);
}

/** Joins per-step pieces [B, 1, ...] along time; a single piece is returned as is (no copy). */
export function joinSteps(pieces: Tensor[]): Tensor {
  return pieces.length === 1 ? pieces[0] : ops.concat(pieces, 1);
}

/**
 * One layer over a sequence, step by step: the recurrence as the papers write it. `step` is
 * the layer's cell; xp = the layer's projected input [B, S, G * H]. Rows of a right-padded
 * batch keep their state once their sequence has ended (`lengths`), so each row's final state
 * is the one after its last real token. Returns every step's h [B, S, H] and the final state.
 */
export function stepThrough(
  projected: Tensor,
  initial: LayerState,
  lengths: readonly number[] | undefined,
  step: (xp: Tensor, prev: LayerState) => LayerState,
): { outputs: Tensor; final: LayerState } {
  const [batch, steps, width] = projected.shape;
  let state = initial;
  const perStep: Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const xp = ops.reshape(ops.slice(projected, 1, t, 1), [batch, width]); // [B, G*H], a view
    state = keepFinished(step(xp, state), state, t, lengths);
    perStep.push(ops.reshape(state.h, [batch, 1, state.h.shape[1]])); // [B, 1, H]
  }
  return { outputs: joinSteps(perStep), final: state };
}

/**
 * keep * next + (1 - keep) * prev, keep = 1 on rows still running at step t: padded rows keep
 * their previous state. With 0/1 masks the blend is exact (1 * x + 0 * y = x).
 */
function keepFinished(
  next: LayerState,
  prev: LayerState,
  t: number,
  lengths: readonly number[] | undefined,
): LayerState {
  if (!lengths || lengths.every((len) => t < len)) return next;
  const [batch, hidden] = next.h.shape;
  const keep = new Float32Array(batch * hidden);
  lengths.forEach((len, b) => keep.fill(t < len ? 1 : 0, b * hidden, (b + 1) * hidden));
  const k = Tensor.from(next.h.backend, keep, [batch, hidden]); // [B, H] constant
  const carry = ops.sub(Tensor.full(next.h.backend, [batch, hidden], 1), k); // 1 - keep
  const mix = (a: Tensor, b: Tensor) => ops.add(ops.mul(k, a), ops.mul(carry, b));
  const h = mix(next.h, prev.h); // [B, H]
  return next.c && prev.c ? { h, c: mix(next.c, prev.c) } : { h };
}

/** Options of {@link runSequence}. */
export interface SequenceOptions {
  /** State before the first step, per layer. Default zeros. */
  initial?: readonly LayerState[];
  /** Real length of each row of a right-padded batch; default: every row runs every step. */
  lengths?: readonly number[];
  /** Applied to a layer's outputs before they feed the next layer (dropout). */
  between?: (x: Tensor, layer: number) => Tensor;
}

/** What {@link runSequence} returns. */
export interface SequenceResult {
  /** Every layer's state after every step: outputs[k] is [B, S, H]. */
  outputs: Tensor[];
  /** Each layer's state after the last (real) step. */
  final: LayerState[];
}

/**
 * Runs a stack over a whole sequence x [B, S, in], layer by layer: each layer projects all of
 * its inputs in one matmul (W_ih x + b_ih for every step), then runs its recurrence
 * (stack.sequence: the engine may run a whole layer as one kernel). Returns every layer's
 * outputs and final states, as nn.GRU / nn.LSTM's forward does for the top layer.
 */
export function runSequence(
  stack: RecurrentStack,
  x: Tensor,
  options: SequenceOptions = {},
): SequenceResult {
  if (x.rank !== 3 || x.shape[2] !== stack.inputSize) {
    throw new Error(
      `${stack.kind}: expected input [B, S, ${stack.inputSize}], got ${shapeText(x.shape)}`,
    );
  }
  const [batch] = x.shape;
  const initial = options.initial ?? stack.zeroState(batch);
  if (options.lengths && options.lengths.length !== batch) {
    throw new Error(`${stack.kind}: expected ${batch} lengths, got ${options.lengths.length}`);
  }
  const outputs: Tensor[] = [];
  const final: LayerState[] = [];
  let input = x; // [B, S, in]
  for (let layer = 0; layer < stack.layers; layer++) {
    if (layer > 0 && options.between) input = options.between(input, layer - 1);
    const projected = stack.projectInput(layer, input); // W_ih x + b_ih [B, S, G*H]
    const run = stack.sequence(layer, projected, initial[layer], { lengths: options.lengths });
    outputs.push(run.outputs); // [B, S, H]
    final.push(run.final);
    input = run.outputs;
  }
  return { outputs, final };
}

/**
 * One time step through every layer. Layer 0 gets its already projected
 * input xp0 [B, G * H] (the caller may build it from parts); layer k > 0 gets
 * layer k - 1's new h, through `between` (dropout).
 */
export function stepLayers(
  stack: RecurrentStack,
  xp0: Tensor,
  states: readonly LayerState[],
  options: { between?: (x: Tensor, layer: number) => Tensor } = {},
): LayerState[] {
  const next: LayerState[] = [];
  let xp = xp0; // [B, G*H]
  for (let layer = 0; layer < stack.layers; layer++) {
    if (layer > 0) {
      const below = next[layer - 1].h; // [B, H]
      xp = stack.projectInput(layer, options.between ? options.between(below, layer - 1) : below);
    }
    next.push(stack.cell(layer, xp, states[layer])); // h [B, H]
  }
  return next;
}

/** Creates a layer's four tensors with PyTorch's names and init: U(-1/sqrt(H), 1/sqrt(H)). */
export function layerParams(
  store: ParamStore,
  prefix: string,
  options: { layer: number; inputSize: number; hidden: number; gates: number },
): LayerParams {
  const { layer, inputSize, hidden, gates } = options;
  const init = { kind: "uniform" as const, bound: 1 / Math.sqrt(hidden) };
  return {
    weightIh: store.param(`${prefix}.weight_ih_l${layer}`, [gates * hidden, inputSize], init),
    weightHh: store.param(`${prefix}.weight_hh_l${layer}`, [gates * hidden, hidden], init),
    biasIh: store.param(`${prefix}.bias_ih_l${layer}`, [gates * hidden], init),
    biasHh: store.param(`${prefix}.bias_hh_l${layer}`, [gates * hidden], init),
  };
}

/** Sizes of a GRU or LSTM stack. */
export interface StackSizes {
  inputSize: number;
  hidden: number;
  layers: number;
}

/**
 * What a GRU and an LSTM stack share: nn.GRU / nn.LSTM's parameters per layer,
 * the input projection for any number of steps, and the whole-sequence run.
 * Subclasses supply the cell (the gate equations) and the zero state.
 */
export abstract class RecurrentLayers implements RecurrentStack {
  abstract readonly kind: "gru" | "lstm";
  readonly gates: number;
  readonly inputSize: number;
  readonly hidden: number;
  readonly layers: number;
  readonly params: readonly LayerParams[];

  constructor(store: ParamStore, prefix: string, sizes: StackSizes & { gates: number }) {
    const { inputSize, hidden, layers, gates } = sizes;
    if (!(layers >= 1)) throw new Error(`${prefix}: expected at least 1 layer, got ${layers}`);
    this.gates = gates;
    this.inputSize = inputSize;
    this.hidden = hidden;
    this.layers = layers;
    this.params = Array.from({ length: layers }, (_, layer) =>
      layerParams(store, prefix, {
        layer,
        inputSize: layer === 0 ? inputSize : hidden,
        hidden,
        gates,
      }));
  }

  projectInput(layer: number, x: Tensor): Tensor {
    const p = this.params[layer];
    return ops.linear(x, p.weightIh, p.biasIh); // [..., G * H]
  }

  abstract cell(layer: number, xp: Tensor, prev: LayerState): LayerState;
  abstract sequence(
    layer: number,
    projected: Tensor,
    initial: LayerState,
    options: { lengths?: readonly number[] },
  ): LayerRun;
  abstract zeroState(batch: number): LayerState[];

  /** The stack's forward over x [B, S, in]: every layer's outputs [B, S, H] and final state. */
  forward(x: Tensor, options: SequenceOptions = {}): SequenceResult {
    return runSequence(this, x, options);
  }
}
