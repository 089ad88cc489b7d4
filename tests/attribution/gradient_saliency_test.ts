/**
 * Gradient x input saliency (src/app/attribution/gradient_saliency.ts) against finite
 * differences on tiny models, cpu backend. The stack input h_0 is perturbed inside the model's
 * own forward pass (a TraceRecorder that rescales the input it is shown, in place): scaling
 * position j of h_0 by (1 + eps) changes log p(y_t) by eps * s_t[j] to first order, so the
 * central difference (log p(+eps) - log p(-eps)) / (2 eps) must equal s_t[j] for every output
 * token t and source position j; scaling every position at once gives sum_j s_t[j].
 */
import assert from "node:assert/strict";
import { ops, Tensor, tidy } from "../../src/engine/mod.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { makeModel } from "../../src/models/make_model.ts";
import type { Seq2Seq } from "../../src/models/model.ts";
import type { Gpt } from "../../src/models/gpt.ts";
import { TraceRecorder } from "../../src/models/trace.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { gptSaliency, seq2seqSaliency } from "../../src/app/attribution/gradient_saliency.ts";
import { cpuBackend } from "../support/backends.ts";
import { disposeModel } from "../support/models.ts";
import { tinyRnn, tinyTransformer } from "../support/tiny_models.ts";
import { disposeGpt, randomGpt, tinyConfig } from "../models/gpt_support.ts";

const backend: Backend = cpuBackend;
const EPS = 1e-3;

/** A recorder that scales the `where` stack's input by scales[position] in place. */
class ScalingRecorder extends TraceRecorder {
  constructor(readonly where: "encoder" | "decoder", readonly scales: readonly number[]) {
    super();
  }
  override recordInput(where: "encoder" | "decoder", values: Tensor): void {
    super.recordInput(where, values);
    if (where !== this.where) return;
    const [b, t, d] = values.shape;
    const factor = new Float32Array(b * t * d);
    for (let i = 0; i < factor.length; i++) {
      factor[i] = this.scales[Math.floor(i / d) % t] ?? 1; // positions past the list: unscaled
    }
    ops.assign(values, ops.mul(values, Tensor.from(backend, factor, [b, t, d])));
  }
}

/** log p of each target at its position, from logits [1, T, V] read back. */
async function logProbs(logits: Tensor, at: readonly number[], tokens: readonly number[]) {
  const values = await logits.toArray();
  logits.dispose();
  const v = logits.shape[2];
  return at.map((pos, i) => {
    const row = values.subarray(pos * v, (pos + 1) * v);
    const top = Math.max(...row);
    const logZ = top + Math.log(row.reduce((s, x) => s + Math.exp(x - top), 0));
    return row[tokens[i]] - logZ;
  });
}

/** d/d eps log p(y_t) at eps = 0 for h_0 scaled by (1 + eps) on `positions`, every t. */
async function centralDifference(
  logProbsWith: (trace: TraceRecorder) => Promise<number[]>,
  where: "encoder" | "decoder",
  length: number,
  positions: readonly number[],
): Promise<number[]> {
  const scaled = (eps: number) =>
    Array.from({ length }, (_, j) => (positions.includes(j) ? 1 + eps : 1));
  const up = await logProbsWith(new ScalingRecorder(where, scaled(EPS)));
  const down = await logProbsWith(new ScalingRecorder(where, scaled(-EPS)));
  return up.map((u, t) => (u - down[t]) / (2 * EPS));
}

/** Checks every cell, and the all-positions direction against the row sums. */
async function checkAgainstDifferences(
  raw: number[][],
  logProbsWith: (trace: TraceRecorder) => Promise<number[]>,
  where: "encoder" | "decoder",
  cols: number,
): Promise<void> {
  const close = (got: number, want: number, what: string) =>
    assert.ok(
      Math.abs(got - want) <= 1e-3 + 1e-2 * Math.abs(want),
      `${what}: gradient x input ${got}, finite difference ${want}`,
    );
  for (let j = 0; j < cols; j++) {
    const fd = await centralDifference(logProbsWith, where, cols, [j]);
    fd.forEach((want, t) => close(raw[t][j], want, `output ${t}, position ${j}`));
  }
  const all = Array.from({ length: cols }, (_, j) => j);
  const fd = await centralDifference(logProbsWith, where, cols, all);
  fd.forEach((want, t) => close(raw[t].reduce((s, v) => s + v, 0), want, `output ${t}, sum`));
  assert.ok(raw.flat().some((v) => Math.abs(v) > 1e-3), "the saliency is not all zero");
}

async function checkSeq2Seq(model: Seq2Seq): Promise<void> {
  const src = [4, 7, 5, 9, 2];
  const out = [6, 3, 8, 2];
  const { raw, attention } = await seq2seqSaliency(model, src, out);
  assert.equal(raw.length, out.length);
  assert.ok(raw.every((row) => row.length === src.length));
  assert.ok(
    attention && attention.every((row) => Math.abs(row.reduce((s, v) => s + v) - 1) < 1e-5),
  );
  const logProbsWith = (trace: TraceRecorder) =>
    logProbs(
      tidy(() =>
        model.forward({
          src: Tensor.from(backend, src, [1, src.length]),
          srcLengths: [src.length],
          tgtIn: Tensor.from(backend, [1, ...out.slice(0, -1)], [1, out.length]),
        }, { trace })
      ),
      out.map((_, t) => t),
      out,
    );
  await checkAgainstDifferences(raw, logProbsWith, "encoder", src.length);
}

Deno.test("saliency of a tiny Transformer equals finite differences of log p along h_0", async () => {
  const model = makeModel(
    tinyTransformer({ encoderLayers: 2, decoderLayers: 1 }),
    new ParamStore(backend, { seed: 11 }),
  ) as Seq2Seq;
  await checkSeq2Seq(model);
  disposeModel(model);
});

Deno.test("saliency of a tiny RNN (Bahdanau) equals finite differences along its embeddings", async () => {
  const model = makeModel(tinyRnn(), new ParamStore(backend, { seed: 4 })) as Seq2Seq;
  await checkSeq2Seq(model);
  disposeModel(model);
});

Deno.test("saliency of a tiny GPT equals finite differences along the prompt's h_0", async () => {
  const model: Gpt = randomGpt(
    backend,
    tinyConfig({ vocab: 12, dModel: 8, heads: 2, layers: 2, ffn: 16 }),
    5,
  );
  const prompt = [1, 5, 7, 4, 3];
  const out = [9, 6, 10, 2];
  const { raw, attention } = await gptSaliency(model, prompt, out);
  assert.equal(raw.length, out.length);
  assert.ok(raw.every((row) => row.length === prompt.length));
  assert.ok(
    attention && attention.every((row) => Math.abs(row.reduce((s, v) => s + v) - 1) < 1e-5),
  );
  const ids = [...prompt, ...out].slice(0, -1);
  const logProbsWith = (trace: TraceRecorder) =>
    logProbs(
      tidy(() => model.forward(Tensor.from(backend, ids, [1, ids.length]), { trace })),
      out.map((_, t) => prompt.length - 1 + t),
      out,
    );
  await checkAgainstDifferences(raw, logProbsWith, "decoder", prompt.length);
  disposeGpt(model);
});
