/**
 * The one factory that assembles a model from its config (as the Annotated
 * Transformer's `make_model`): the same call builds a fresh, seeded model
 * for training and a model from a checkpoint, depending on the ParamStore.
 */
import type { ModelConfig } from "./config.ts";
import type { Seq2Seq } from "./model.ts";
import type { ParamStore } from "./weights/param_store.ts";
import { Transformer } from "./transformer.ts";
import { RnnSeq2Seq } from "./rnn_seq2seq.ts";

/**
 * Builds the model `config` describes with parameters from `store`, then
 * checks the store: a checkpoint tensor no module asked for is an error
 * (a missing or misshapen one already failed in `store.param`).
 */
export function makeModel(config: ModelConfig, store: ParamStore): Seq2Seq {
  const model: Seq2Seq = config.arch === "transformer"
    ? new Transformer(config, store)
    : new RnnSeq2Seq(config, store);
  store.finish();
  return model;
}
