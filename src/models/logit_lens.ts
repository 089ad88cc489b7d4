/**
 * The logit lens (nostalgebraist 2020, "interpreting GPT: the logit lens"): what each layer
 * would predict if the model stopped there. Every layer's residual-stream state is sent
 * through the model's own output path (final norm and unembedding; an RNN's generator with the
 * run's context c_t), so the last layer's row is the model's output and the rows below show
 * how the prediction forms, layer by layer.
 *
 * One teacher-forced forward pass with a trace records every layer's states; the readouts
 * only add the output path per layer. Nothing here reads back: the caller does, in one trip.
 *
 *   GPT and Transformer: logits_l = readout(h_l), l = -1 (the stack input h_0) .. L - 1
 *   RNN:                 logits_l = readout(s^l_t, c_t), l = 0 .. L - 1 (no embedding row: an
 *                        embedding [E] is not a state [H] the output path can read)
 */
import { keep, type Tensor, tidy } from "../engine/mod.ts";
import type { SourceBatch } from "../data/batches.ts";
import type { Gpt } from "./gpt.ts";
import { RnnSeq2Seq } from "./rnn_seq2seq.ts";
import { TraceRecorder } from "./trace.ts";
import { Transformer } from "./transformer.ts";
import type { Seq2Seq } from "./model.ts";

/** The embedding row's layer number: the stack input, below layer 0. */
export const EMBED_LAYER = -1;

/** One layer's readout: logits [1, T, V] at every position. */
export interface LensLogits {
  /** {@link EMBED_LAYER} for the stack input, else the layer (0-based, as `run --json`). */
  layer: number;
  logits: Tensor;
}

/** Every layer's readout of a GPT over ids [1, T], embedding first. Free the tensors after use. */
export function gptLens(model: Gpt, ids: Tensor): LensLogits[] {
  return tidy(() => {
    const trace = new TraceRecorder();
    model.forward(ids, { trace }); // [1, T, V]
    const input = trace.inputs.find((r) => r.where === "decoder")!.values; // h_0 [1, T, d]
    const rows = [{ layer: EMBED_LAYER, logits: model.readout(input) }];
    for (const r of trace.hidden) rows.push({ layer: r.layer, logits: model.readout(r.values) });
    for (const r of rows) keep(r.logits);
    return rows;
  });
}

/**
 * Every decoder layer's readout of a Seq2Seq model, teacher-forced on batch.tgtIn [1, T]: a
 * Transformer's decoder stack (embedding first) or an RNN's decoder layers with the run's own
 * context c_t. Free the tensors after use.
 */
export function seq2seqLens(model: Seq2Seq, batch: SourceBatch & { tgtIn: Tensor }): LensLogits[] {
  return tidy(() => {
    // An RNN's c_t is its attention's one "head" output: recorded with the head outputs.
    const trace = new TraceRecorder({ headOutputs: model instanceof RnnSeq2Seq });
    model.forward(batch, { trace }); // [1, T, Vt]
    const decoder = trace.hidden.filter((r) => r.where === "decoder");
    let rows: LensLogits[];
    if (model instanceof Transformer) {
      const input = trace.inputs.find((r) => r.where === "decoder")!.values; // [1, T, d]
      rows = [{ layer: EMBED_LAYER, logits: model.readout(input) }];
      for (const r of decoder) rows.push({ layer: r.layer, logits: model.readout(r.values) });
    } else if (model instanceof RnnSeq2Seq) {
      const context = trace.headOutputs?.find((r) => r.kind === "alignment")?.merged ?? null;
      rows = decoder.map((r) => ({ layer: r.layer, logits: model.readout(r.values, context) }));
    } else {
      throw new Error(
        `logit lens: expected a Transformer or an RNN Seq2Seq, got ${model.config.arch}`,
      );
    }
    for (const r of rows) keep(r.logits);
    return rows;
  });
}
