/**
 * Tiny GPTs for the model tests: every parameter (LayerNorm gains and biases included) set to
 * seeded random values, so that a wrong norm, bias or head shows in the numbers.
 */
import type { Backend } from "../../src/engine/backend/contract.ts";
import { ops, Tensor } from "../../src/engine/mod.ts";
import { type GptConfig, gptDefaults } from "../../src/models/config.ts";
import type { Gpt } from "../../src/models/gpt.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { randomArray } from "../support/backends.ts";

/** A tiny GPT config: d = 4, 1 layer, 2 heads, V = 7 unless overridden. */
export function tinyConfig(overrides: Partial<GptConfig> = {}): GptConfig {
  return {
    ...gptDefaults,
    vocab: 7,
    dModel: 4,
    heads: 2,
    layers: 1,
    ffn: 8,
    maxLen: 12,
    dropout: 0,
    activation: "relu",
    ...overrides,
  };
}

/** A GPT of `config` whose parameters are all random in [-0.8, 0.8) (gains near 1). */
export function randomGpt(backend: Backend, config: GptConfig, seed = 1): Gpt {
  const model = makeModel(config, new ParamStore(backend, { seed }));
  let i = 0;
  for (const [name, p] of model.params) {
    const values = randomArray(p.size, seed * 1000 + i++, -0.8, 0.8);
    if (/norm\d?\.weight$/.test(name)) values.forEach((v, j) => (values[j] = 1 + v / 2));
    const src = Tensor.from(backend, values, p.shape);
    ops.assign(p, src);
    src.dispose();
  }
  return model;
}

/** Frees a model's parameters. */
export function disposeGpt(model: Gpt): void {
  for (const p of model.params.values()) p.dispose();
  model.dispose();
}
