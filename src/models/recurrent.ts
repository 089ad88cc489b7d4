/**
 * What GRU and LSTM stacks share: the per-layer state, the interface a
 * stack offers, and the two ways to run one - a whole sequence layer by layer
 * (the encoder, and the decoder when its input does not depend on attention)
 * and one time step through every layer (the Bahdanau decoder).
 *
 * Running layer by layer lets each layer's input projection W_ih x + b_ih be
 * computed for every step in one matmul; only the recurrent part W_hh h is
 * sequential, which is the cost that made Transformers win (Vaswani et al.
 * 2017, sec. 4). That part runs as one primitive per layer (gruSequence,
 * lstmSequence: the time loop inside one kernel) when the stack and the
 * backend offer it, else step by step with the cell.
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
   * Optional: the same step reading step t of a whole sequence's projection [B, S, G * H]
   * directly (no per-step slice copy).
   */
  cellAt?(layer: number, projected: Tensor, t: number, prev: LayerState): LayerState;
  /**
   * Optional: layer `layer` over a whole sequence in one primitive, from its projection
   * [B, S, G * H] and initial state: every step's h [B, S, H] and the final state (padded rows
   * keep their state, as with paddingMasks). Null when the backend cannot (hidden too large).
   */
  runLayer?(
    layer: number,
    projected: Tensor,
    initial: LayerState,
    options: { lengths?: readonly number[] },
  ): LayerRun | null;
  /** All-zero state for every layer (PyTorch's default h0 / c0). */
  zeroState(batch: number): LayerState[];
}

/** What {@link RecurrentStack.runLayer} returns: every step's h [B, S, H] and the final state. */
export interface LayerRun {
  outputs: Tensor;
  final: LayerState;
}

/**
 * Per-step padding masks: keep [B, H] is 1 on rows whose sequence is still
 * running at this step and 0 on padding; carry = 1 - keep. A null step has
 * no padding in any row (nothing to blend).
 */
export type StepMask = { keep: Tensor; carry: Tensor } | null;

/**
 * The masks of a right-padded batch with the given real lengths, one per step
 * of a sequence of `steps` (null where every row is real): what the per-step
 * path blends with. Built on the host and uploaded: they are constants, not
 * learned. (The whole-sequence primitives take the lengths themselves.)
 */
export function paddingMasks(
  like: Tensor,
  lengths: readonly number[],
  options: { steps: number; hidden: number },
): StepMask[] {
  const { steps, hidden } = options;
  const batch = lengths.length;
  const masks: StepMask[] = [];
  for (let t = 0; t < steps; t++) {
    if (lengths.every((len) => t < len)) {
      masks.push(null);
      continue;
    }
    const keep = new Float32Array(batch * hidden);
    const carry = new Float32Array(batch * hidden);
    for (let b = 0; b < batch; b++) {
      const running = t < lengths[b] ? 1 : 0;
      keep.fill(running, b * hidden, (b + 1) * hidden);
      carry.fill(1 - running, b * hidden, (b + 1) * hidden);
    }
    masks.push({
      keep: Tensor.from(like.backend, keep, [batch, hidden]),
      carry: Tensor.from(like.backend, carry, [batch, hidden]),
    });
  }
  return masks;
}

/** The last step of x [B, S, H] as [B, H] (with padding: every row's final state). */
export function lastStep(x: Tensor): Tensor {
  const [batch, steps, hidden] = x.shape;
  const last = steps === 1 ? x : ops.slice(x, 1, steps - 1, 1); // [B, 1, H]
  return ops.reshape(last, [batch, hidden]);
}

/**
 * keep * next + carry * prev: padded rows keep their previous state, so the
 * final state of each row is the one after its real last token. With 0/1
 * masks the blend is exact (1 * x + 0 * y = x).
 */
function blend(next: LayerState, prev: LayerState, mask: StepMask): LayerState {
  if (!mask) return next;
  const mix = (a: Tensor, b: Tensor) => ops.add(ops.mul(mask.keep, a), ops.mul(mask.carry, b));
  const h = mix(next.h, prev.h); // [B, H]
  return next.c && prev.c ? { h, c: mix(next.c, prev.c) } : { h };
}

/** Joins per-step pieces [B, 1, ...] along time; a single piece is returned as is (no copy). */
export function joinSteps(pieces: Tensor[]): Tensor {
  return pieces.length === 1 ? pieces[0] : ops.concat(pieces, 1);
}

/** Options of {@link runSequence}. */
export interface SequenceOptions {
  /** State before the first step, per layer. Default zeros. */
  initial?: readonly LayerState[];
  /** Real length of each row of a right-padded batch; default: every row runs every step. */
  lengths?: readonly number[];
  /**
   * Per-step padding masks (see {@link paddingMasks}) instead of `lengths`: they can only be
   * blended step by step, so they force the per-step path. Prefer `lengths`.
   */
  masks?: readonly StepMask[];
  /** Applied to a layer's outputs before they feed the next layer (dropout). */
  between?: (x: Tensor, layer: number) => Tensor;
  /**
   * Step through time with the cell even where the stack has a whole-sequence primitive (tests
   * compare the two paths with it).
   */
  perStep?: boolean;
}

/** What {@link runSequence} returns. */
export interface SequenceResult {
  /** Every layer's state after every step: outputs[k] is [B, S, H]. */
  outputs: Tensor[];
  /** Each layer's state after the last (real) step. */
  final: LayerState[];
}

/**
 * Runs a stack over a whole sequence x [B, S, in], layer by layer: each layer
 * projects all of its inputs in one matmul, then runs the recurrent part - in
 * one whole-sequence primitive where the stack has one (runLayer), else step by
 * step. Returns every layer's outputs and final states, as nn.GRU / nn.LSTM's
 * forward does for the top layer.
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
  const [batch, steps] = x.shape;
  const { hidden, gates } = stack;
  const initial = options.initial ?? stack.zeroState(batch);
  if (options.masks && options.masks.length !== steps) {
    throw new Error(`${stack.kind}: expected ${steps} step masks, got ${options.masks.length}`);
  }
  if (options.lengths && options.lengths.length !== batch) {
    throw new Error(`${stack.kind}: expected ${batch} lengths, got ${options.lengths.length}`);
  }
  // Lengths drive the whole-sequence primitive; masks of unknown origin keep the per-step path.
  const lengths = options.lengths;
  const whole = !options.perStep && (lengths !== undefined || !options.masks);
  let masks = options.masks;
  const outputs: Tensor[] = [];
  const final: LayerState[] = [];
  let input = x; // [B, S, in]
  for (let layer = 0; layer < stack.layers; layer++) {
    if (layer > 0 && options.between) input = options.between(input, layer - 1);
    const projected = stack.projectInput(layer, input); // [B, S, G*H]
    const run = whole ? stack.runLayer?.(layer, projected, initial[layer], { lengths }) : null;
    if (run) {
      outputs.push(run.outputs); // [B, S, H]
      final.push(run.final);
      input = run.outputs;
      continue;
    }
    if (!masks && lengths) masks = paddingMasks(x, lengths, { steps, hidden });
    let state = initial[layer];
    const perStep: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const next = stack.cellAt ? stack.cellAt(layer, projected, t, state) : stack.cell(
        layer,
        ops.reshape(ops.slice(projected, 1, t, 1), [batch, gates * hidden]),
        state,
      ); // xp [B, G*H]
      state = blend(next, state, masks?.[t] ?? null);
      perStep.push(ops.reshape(state.h, [batch, 1, hidden])); // [B, 1, H]
    }
    const layerOutputs = joinSteps(perStep); // [B, S, H]
    outputs.push(layerOutputs);
    final.push(state);
    input = layerOutputs;
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
  abstract zeroState(batch: number): LayerState[];

  /** The stack's forward over x [B, S, in]: every layer's outputs [B, S, H] and final state. */
  forward(x: Tensor, options: SequenceOptions = {}): SequenceResult {
    return runSequence(this, x, options);
  }
}
