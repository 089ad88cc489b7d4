/**
 * The two attentions an RNN decoder uses to look back at the encoder's
 * outputs h_j, instead of squeezing the whole source into one final state:
 *
 * - Bahdanau et al. 2014 ("additive"): the score of source position j for the
 *   next target word uses the decoder's previous state s_{t-1},
 *   e_tj = v . tanh(W s_{t-1} + U h_j), and the context c_t feeds the decoder.
 * - Luong et al. 2015 ("multiplicative"): the score uses the current state s_t,
 *   s_t . h_j ("dot") or s_t . W_a h_j ("general"), and the context is combined
 *   with s_t after the step: h~_t = tanh(W_c [c_t; s_t]).
 *
 * In both, alpha_t = softmax_j(e_tj) over the real source positions (padding
 * is masked with -Infinity, so it gets exactly 0) and c_t = sum_j alpha_tj h_j.
 * The part that depends only on the source (U h_j + b, W_a h_j) is computed
 * once per sequence by `keys`, not at every step.
 */
import { ops } from "../engine/mod.ts";
import { shapeText, Tensor } from "../engine/mod.ts";
import { Linear } from "./layers/linear.ts";
import type { ParamStore } from "./weights/param_store.ts";

/** What the encoder side offers every decoding step. */
export interface AttentionMemory {
  /** The encoder's top-layer outputs h_j [B, S, H]: what the context averages. */
  values: Tensor;
  /** What queries are scored against, precomputed once: U h_j + b, W_a h_j or h_j [B, S, H]. */
  keys: Tensor;
  /** Additive mask [B, 1, S]: 0 on real source positions, -Infinity on padding. */
  mask: Tensor;
}

/** Attention weights and the context they give, for Tq decoder steps. */
export interface Alignment {
  weights: Tensor; // [B, Tq, S], rows sum to 1
  context: Tensor; // [B, Tq, H]
}

/** alpha = softmax(scores + mask) and c = alpha @ h: scores [B, Tq, S] -> weights and context. */
function align(scores: Tensor, memory: AttentionMemory): Alignment {
  const weights = ops.softmax(scores, { mask: memory.mask }); // [B, Tq, S]
  const context = ops.matmul(weights, memory.values); // [B, Tq, H]
  return { weights, context };
}

/** A [out, in] Linear initialized as torch.nn.Linear's weight: U(-1/sqrt(in), 1/sqrt(in)). */
function torchLinear(
  store: ParamStore,
  name: string,
  options: { inFeatures: number; outFeatures: number; bias: boolean },
): Linear {
  return new Linear(store, name, {
    ...options,
    init: { kind: "uniform", bound: 1 / Math.sqrt(options.inFeatures) },
  });
}

/**
 * Additive attention (Bahdanau et al. 2014, eq. 6 and appendix A.1.2):
 * e_tj = v . tanh(W s_{t-1} + U h_j), parameters `attention.W.weight` [H, H],
 * `attention.U.weight` [H, H] + `attention.U.bias` [H], `attention.v.weight` [1, H].
 */
export class BahdanauAttention {
  readonly W: Linear;
  readonly U: Linear;
  readonly v: Linear;

  constructor(store: ParamStore, options: { hidden: number }) {
    const H = options.hidden;
    this.W = torchLinear(store, "attention.W", { inFeatures: H, outFeatures: H, bias: false });
    this.U = torchLinear(store, "attention.U", { inFeatures: H, outFeatures: H, bias: true });
    this.v = torchLinear(store, "attention.v", { inFeatures: H, outFeatures: 1, bias: false });
  }

  /** U h_j + b for every source position, once per sequence: [B, S, H] -> [B, S, H]. */
  keys(encoderOutputs: Tensor): Tensor {
    return this.U.forward(encoderOutputs); // [B, S, H]
  }

  /** Weights [B, 1, S] and context [B, 1, H] for one step, from the previous state s [B, H]. */
  attend(previous: Tensor, memory: AttentionMemory): Alignment {
    const [B, S, H] = memory.keys.shape;
    if (previous.rank !== 2 || previous.shape[0] !== B || previous.shape[1] !== H) {
      throw new Error(
        `bahdanau attention: expected a decoder state [${B}, ${H}], got ${
          shapeText(previous.shape)
        }`,
      );
    }
    const query = ops.reshape(this.W.forward(previous), [B, 1, H]); // [B, 1, H]
    // Repeat W s_{t-1} over the S source positions (ones [S, 1] @ query): the
    // element-wise ops broadcast over leading dims only.
    const ones = Tensor.full(previous.backend, [S, 1], 1); // [S, 1]
    const queryPerPosition = ops.matmul(ones, query); // [B, S, H]
    const energy = ops.tanh(ops.add(memory.keys, queryPerPosition)); // [B, S, H]
    const scores = ops.reshape(this.v.forward(energy), [B, 1, S]); // [B, 1, S]
    return align(scores, memory);
  }
}

/**
 * Multiplicative attention (Luong et al. 2015, sec. 3.1): score(s_t, h_j) =
 * s_t . h_j ("dot") or s_t . W_a h_j ("general", `attention.W.weight` [H, H]);
 * then the attentional state h~_t = tanh(W_c [c_t; s_t]) with
 * `attention.combine.weight` [H, 2H] (eq. 5). No biases.
 */
export class LuongAttention {
  readonly score: "dot" | "general";
  readonly W: Linear | null;
  readonly combine: Linear;

  constructor(store: ParamStore, options: { hidden: number; score: "dot" | "general" }) {
    const H = options.hidden;
    this.score = options.score;
    this.W = options.score === "general"
      ? torchLinear(store, "attention.W", { inFeatures: H, outFeatures: H, bias: false })
      : null;
    this.combine = torchLinear(store, "attention.combine", {
      inFeatures: 2 * H,
      outFeatures: H,
      bias: false,
    });
  }

  /** W_a h_j (general) or h_j itself (dot), once per sequence: [B, S, H]. */
  keys(encoderOutputs: Tensor): Tensor {
    return this.W ? this.W.forward(encoderOutputs) : encoderOutputs; // [B, S, H]
  }

  /**
   * Weights [B, T, S] and contexts [B, T, H] for T decoder states s [B, T, H]
   * at once: Luong's scores use the current state, so in teacher forcing all
   * steps can be scored in one matmul after the decoder has run.
   */
  attend(states: Tensor, memory: AttentionMemory): Alignment {
    const [B, , H] = memory.keys.shape;
    if (states.rank !== 3 || states.shape[0] !== B || states.shape[2] !== H) {
      throw new Error(
        `luong attention: expected decoder states [${B}, T, ${H}], got ${shapeText(states.shape)}`,
      );
    }
    const scores = ops.matmul(states, memory.keys, { transB: true }); // [B, T, S]
    return align(scores, memory);
  }

  /** h~_t = tanh(W_c [c_t; s_t]): contexts and states [B, T, H] -> [B, T, H]. */
  attentional(context: Tensor, states: Tensor): Tensor {
    return ops.tanh(this.combine.forward(ops.concat([context, states], -1))); // [B, T, H]
  }
}
