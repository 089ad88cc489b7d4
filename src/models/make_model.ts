/**
 * The one factory that assembles a model from its config (as the Annotated
 * Transformer's `make_model`): the same call builds a fresh, seeded model
 * for training and a model from a checkpoint, depending on the ParamStore.
 */
import type { AnyModelConfig, GptConfig, ModelConfig } from "./config.ts";
import type { Seq2Seq } from "./model.ts";
import type { ParamStore } from "./weights/param_store.ts";
import { Gpt } from "./gpt.ts";
import { Transformer } from "./transformer.ts";
import { RnnSeq2Seq } from "./rnn_seq2seq.ts";

/**
 * Builds the model `config` describes with parameters from `store`, then
 * checks the store: a checkpoint tensor no module asked for is an error
 * (a missing or misshapen one already failed in `store.param`).
 */
export function makeModel(config: GptConfig, store: ParamStore): Gpt;
export function makeModel(config: ModelConfig, store: ParamStore): Seq2Seq;
export function makeModel(config: AnyModelConfig, store: ParamStore): Seq2Seq | Gpt;
export function makeModel(config: AnyModelConfig, store: ParamStore): Seq2Seq | Gpt {
  const model = config.arch === "gpt"
    ? new Gpt(config, store)
    : config.arch === "transformer"
    ? new Transformer(config, store)
    : new RnnSeq2Seq(config, store);
  store.finish();
  return model;
}
