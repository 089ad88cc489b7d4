import type { Backend } from "../../engine/backend/contract.ts";
import { keep, shapeText, sizeOf, Tensor } from "../../engine/tensor.ts";
import { Rng } from "../../engine/random.ts";
import { CheckpointError, sayWeights as say } from "./checkpoint_error.ts";

/** How a fresh parameter is filled. */
export type Init =
  | { kind: "zeros" }
  | { kind: "ones" }
  | { kind: "uniform"; bound: number }
  | { kind: "normal"; std: number }
  /** Glorot & Bengio 2010: uniform with bound sqrt(6 / (fan_in + fan_out)) of a [out, in] matrix. */
  | { kind: "xavier" };

/** Tensors read from a checkpoint, by parameter name. */
export type LoadedTensors = ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;

/**
 * Creates a model's parameters, by their PyTorch state_dict names
 * (docs/CONTRACT.md), either freshly initialized from a seed or taken from a
 * checkpoint. Models ask for each parameter once with its shape; the same
 * model code then serves training from scratch and loading, and `finish()`
 * reports checkpoint tensors the model never asked for.
 */
export class ParamStore {
  readonly backend: Backend;
  readonly #params = new Map<string, Tensor>();
  readonly #loaded: LoadedTensors | null;
  readonly #rng: Rng;

  constructor(backend: Backend, options: { seed?: number; loaded?: LoadedTensors } = {}) {
    this.backend = backend;
    this.#loaded = options.loaded ?? null;
    this.#rng = new Rng(options.seed ?? 0);
  }

  /** A trainable parameter [shape] named `name`, initialized by `init` unless loaded. */
  param(name: string, shape: readonly number[], init: Init): Tensor {
    if (this.#params.has(name)) throw new Error(`parameter ${name} was created twice`);
    let values: Float32Array;
    if (this.#loaded) {
      const found = this.#loaded.get(name);
      if (!found) {
        throw new CheckpointError(
          say("weights.tensor.missingShape", { name, shape: shapeText(shape) }),
        );
      }
      if (found.shape.length !== shape.length || found.shape.some((d, i) => d !== shape[i])) {
        const needed = shapeText(shape);
        throw new CheckpointError(
          say("weights.tensor.shape", { name, found: shapeText(found.shape), needed }),
        );
      }
      values = found.data;
    } else {
      values = this.#initialize(shape, init);
    }
    const t = keep(Tensor.from(this.backend, values, shape));
    t.requiresGrad = true;
    t.name = name;
    this.#params.set(name, t);
    return t;
  }

  /** Every parameter so far, in creation order. */
  get params(): ReadonlyMap<string, Tensor> {
    return this.#params;
  }

  /** Throws if the checkpoint holds tensors no module asked for. */
  finish(): void {
    if (!this.#loaded) return;
    const unexpected = [...this.#loaded.keys()].filter((name) => !this.#params.has(name));
    if (unexpected.length > 0) {
      const more = unexpected.length > 3
        ? say("weights.tensor.more", { count: unexpected.length - 3 })
        : "";
      throw new CheckpointError(say("weights.tensor.unexpected", {
        tensors: unexpected.length > 1 ? "tensors" : "tensor",
        names: unexpected.slice(0, 3).join(", "),
        more,
      }));
    }
  }

  #initialize(shape: readonly number[], init: Init): Float32Array {
    const n = sizeOf(shape);
    const out = new Float32Array(n);
    switch (init.kind) {
      case "zeros":
        break;
      case "ones":
        out.fill(1);
        break;
      case "uniform":
        for (let i = 0; i < n; i++) out[i] = this.#rng.uniform(-init.bound, init.bound);
        break;
      case "normal":
        for (let i = 0; i < n; i++) out[i] = this.#rng.normal() * init.std;
        break;
      case "xavier": {
        const fanOut = shape[0];
        const fanIn = shape.length > 1 ? n / fanOut : fanOut;
        const bound = Math.sqrt(6 / (fanIn + fanOut));
        for (let i = 0; i < n; i++) out[i] = this.#rng.uniform(-bound, bound);
        break;
      }
    }
    return out;
  }
}
