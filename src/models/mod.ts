/**
 * The models: the textbook part of attn, written to be read beside the papers. They say *what*
 * to compute, as engine ops; the engine decides how (which kernel, fused or not).
 *
 * - transformer.ts (Vaswani et al. 2017): encoder and decoder layers as sublayer connections
 *   (sublayer.ts: x + Sublayer(norm(x))) around multi-head attention (attention.ts) and the
 *   feed-forward network; positional encodings in layers/positional.ts.
 * - gpt.ts (Radford et al. 2019): the decoder-only Transformer, one causal stack of the same
 *   blocks; decode/kv_cache.ts keeps its keys and values between generation steps,
 *   decode/generate.ts continues a prompt, decode/sample.ts chooses each token (temperature,
 *   top-k, top-p, seeded).
 * - rnn_seq2seq.ts (Cho et al. 2014, Sutskever et al. 2014) with gru.ts and lstm.ts, and
 *   Bahdanau or Luong attention (rnn_attention.ts).
 * - config.ts (a checkpoint's `config`), make_model.ts (config -> model), model.ts (the
 *   `Seq2Seq` interface every model implements: forward, startDecoding, decodeStep).
 * - decode/: greedy decoding kept on the device, beam search; trace.ts records every
 *   attention matrix and hidden state a run shows; run_result.ts reads them back, labeled.
 * - weights/: parameters (ParamStore), safetensors checkpoints, the registry of the models in
 *   weights/ (`loadModel`), export for PyTorch.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { openBackend } from "../engine/mod.ts";
 * import { greedyDecode, loadModel, makeSourceBatch } from "./mod.ts";
 *
 * const { backend } = await openBackend("cpu");
 * const loaded = await loadModel("reverse-transformer", backend); // weights/*.safetensors
 * const source = loaded.source.sourceIds(loaded.source.encode("attn"));
 * const batch = makeSourceBatch(backend, [source]);
 * const [row] = (await greedyDecode(loaded.model, batch)).rows;
 * batch.src.dispose();
 * assert.equal(loaded.target.decode(row.ids), "ntta");
 * // The trace holds every attention matrix of the run, e.g. the decoder's cross-attention:
 * // one [heads, output steps, source tokens + <eos>] grid per layer.
 * const cross = row.trace!.attention.filter((a) => a.kind === "cross");
 * assert.ok(cross.length > 0);
 * assert.deepEqual(cross[0].weights.shape.slice(1), [row.ids.length, source.length]);
 * ```
 *
 * @module
 */
export { Transformer } from "./transformer.ts";
export { Gpt } from "./gpt.ts";
export { cachedSelfAttention, KvCache } from "./decode/kv_cache.ts";
export type { KvCacheSizes } from "./decode/kv_cache.ts";
export { generate } from "./decode/generate.ts";
export type { GenerateOptions, GenerateResult } from "./decode/generate.ts";
export { filteredDistribution, Sampler } from "./decode/sample.ts";
export type { Candidate, SampleStep, SamplingOptions } from "./decode/sample.ts";
export type { TransformerState } from "./transformer.ts";
export { Sublayer } from "./sublayer.ts";
export type { SublayerOptions } from "./sublayer.ts";
export { keyPaddingMask, MultiHeadAttention } from "./attention.ts";
export { RnnSeq2Seq } from "./rnn_seq2seq.ts";
export type { RnnState } from "./rnn_seq2seq.ts";
export { BahdanauAttention, LuongAttention } from "./rnn_attention.ts";
export { Gru } from "./gru.ts";
export { Lstm } from "./lstm.ts";
export { runSequence } from "./recurrent.ts";
export { gptDefaults, rnnDefaults, transformerDefaults } from "./config.ts";
export type {
  AnyArch,
  AnyModelConfig,
  Arch,
  AttentionMechanism,
  GptConfig,
  ModelConfig,
  PositionalKind,
  RnnAttention,
  RnnConfig,
  TransformerConfig,
} from "./config.ts";
export { makeModel } from "./make_model.ts";
export type { ForwardOptions, Seq2Seq } from "./model.ts";
export { TraceRecorder } from "./trace.ts";
export type { AttentionRecord, AttentionSite, HiddenRecord } from "./trace.ts";
export { buildRunResult, readRun, rowTrace } from "./run_result.ts";
export type {
  HostTensor,
  RowTrace,
  RunAttention,
  RunDecoding,
  RunHidden,
  RunResult,
} from "./run_result.ts";
export {
  DecodeInterruptedError,
  defaultMaxSteps,
  greedyDecode,
  makeSourceBatch,
  traceOutputs,
} from "./decode/greedy.ts";
export type { DecodedRow, GreedyOptions, GreedyResult } from "./decode/greedy.ts";
export { beamSearch } from "./decode/beam.ts";
export type { BeamOptions, BeamResult, Hypothesis } from "./decode/beam.ts";
export { sinusoidalTable } from "./layers/positional.ts";
export { ParamStore } from "./weights/param_store.ts";
export { loadCheckpoint, saveCheckpoint } from "./weights/checkpoint.ts";
export type { CheckpointInfo } from "./weights/checkpoint.ts";
export { exportTorch } from "./weights/export_torch.ts";
export {
  defaultWeightsDir,
  isModelPath,
  listModels,
  loadModel,
  modelNames,
  ModelNotFoundError,
  resolveModel,
} from "./weights/registry.ts";
export type { LoadedModel, LoadModelOptions, ModelEntry } from "./weights/registry.ts";
