/**
 * The kernel policy changes how the engine computes, never what (issue #15, "Must show"): with
 * `--kernels reference` (every fused op as its textbook composition of primitives) each shipped
 * model emits the same greedy tokens, and records every attention matrix within 1e-5, as with
 * `--kernels fast`, on the cpu backend and on webgpu.
 *
 * The models are every checkpoint in weights/ (a new one is covered by being there), and the
 * test also fails when a model of the train:all plan (src/app/shipped_models.ts) is missing from
 * weights/. Each model decodes two examples of its own task's dev split in one batch of two
 * rows of different lengths, so key padding is exercised too.
 */
import assert from "node:assert/strict";
import { shippedModels } from "../../src/app/shipped_models.ts";
import { taskStepLimit } from "../../src/app/run_text.ts";
import { getTask } from "../../src/data/task.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { type KernelPolicy, withKernelPolicy } from "../../src/engine/mod.ts";
import { greedyDecode, makeSourceBatch } from "../../src/models/decode/greedy.ts";
import type { HostTensor, RowTrace } from "../../src/models/run_result.ts";
import {
  defaultWeightsDir,
  isLoadedGpt,
  loadAnyModel,
  loadModel,
  modelNames,
} from "../../src/models/weights/registry.ts";
import { generate } from "../../src/models/decode/generate.ts";
import { gptAttention } from "../../src/app/gpt_attention.ts";
import { translationPromptIds } from "../../src/data/lm_corpus.ts";
import { EOS } from "../../src/data/vocab.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

/** The largest absolute difference allowed between the two policies' attention weights. */
const TOLERANCE = 1e-5;

/** Examples per model, decoded together as one batch. */
const EXAMPLES = 2;

/** One decoded batch row: its tokens and its trace. */
interface DecodedRow {
  ids: number[];
  trace: RowTrace | null;
}

/**
 * The first way `actual`'s attention records differ from `expected`'s: another site, layer or
 * shape, or a weight more than `tolerance` away (absolute). Null when they agree.
 */
export function attentionDifference(
  actual: RowTrace,
  expected: RowTrace,
  tolerance = TOLERANCE,
): string | null {
  if (actual.attention.length !== expected.attention.length) {
    return `expected ${expected.attention.length} attention records, got ${actual.attention.length}`;
  }
  for (let r = 0; r < expected.attention.length; r++) {
    const a = actual.attention[r];
    const e = expected.attention[r];
    const where = `${e.kind} attention, layer ${e.layer}`;
    if (a.kind !== e.kind || a.layer !== e.layer) {
      return `record ${r}: expected ${where}, got ${a.kind} attention, layer ${a.layer}`;
    }
    const far = farthest(a.weights, e.weights);
    if (far === null) {
      return `${where}: expected shape [${e.weights.shape}], got [${a.weights.shape}]`;
    }
    if (!(far.gap <= tolerance)) { // NaN counts as a difference
      return `${where}: weight ${far.index} is ${a.weights.data[far.index]}, expected ${
        e.weights.data[far.index]
      } (|difference| ${far.gap} > ${tolerance})`;
    }
  }
  return null;
}

/** The element where two tensors differ most (NaN beats every number), or null on a shape mismatch. */
function farthest(a: HostTensor, e: HostTensor): { index: number; gap: number } | null {
  if (a.shape.length !== e.shape.length || a.shape.some((d, i) => d !== e.shape[i])) return null;
  let index = 0;
  let gap = 0;
  for (let i = 0; i < e.data.length; i++) {
    const d = Math.abs(a.data[i] - e.data[i]);
    if (Number.isNaN(d)) return { index: i, gap: NaN };
    if (d > gap) [index, gap] = [i, d];
  }
  return { index, gap };
}

/** Greedy decoding of `sources` by `name` on `backend` under `policy`, rows read back. */
async function decode(
  name: string,
  backend: Backend,
  sources: readonly string[],
  policy: KernelPolicy,
): Promise<DecodedRow[]> {
  const loaded = await loadModel(name, backend);
  const encoded = sources.map((s) => loaded.source.encode(s));
  const batch = makeSourceBatch(backend, encoded.map((e) => loaded.source.sourceIds(e)));
  // The steps `run` allows (the task's longest answer), for the longest source of the batch.
  const maxSteps = Math.max(...encoded.map((e) => taskStepLimit(loaded.config, e.tokens.length)!));
  try {
    const { rows } = await withKernelPolicy(
      policy,
      () => greedyDecode(loaded.model, batch, { maxSteps }),
    );
    return rows.map((r) => ({ ids: r.ids, trace: r.trace }));
  } finally {
    batch.src.dispose();
  }
}

/**
 * A GPT's greedy translations of `sources` under `policy` (generation with the KV cache, as
 * `run` and `generate` do), each with the self-attention of every layer over prompt + output.
 */
async function decodeGpt(
  name: string,
  backend: Backend,
  sources: readonly string[],
  policy: KernelPolicy,
): Promise<DecodedRow[]> {
  const loaded = await loadAnyModel(name, backend);
  assert.ok(isLoadedGpt(loaded), `${name}: expected a GPT`);
  return await withKernelPolicy(policy, async () => {
    const rows: DecodedRow[] = [];
    for (const source of sources) {
      const prompt = translationPromptIds(loaded.tokenizer, source);
      const { ids } = await generate(loaded.model, prompt, { maxNew: 48, stopIds: [EOS] });
      const all = [...prompt, ...ids];
      const attention = await gptAttention(loaded.model, all, all.map(String));
      const records = attention.map((a) => ({
        kind: a.kind,
        layer: a.layer,
        weights: {
          shape: [a.rows.length, a.cols.length],
          data: Float32Array.from(a.weights.flat()),
        },
      }));
      rows.push({ ids, trace: { attention: records } as unknown as RowTrace });
    }
    return rows;
  });
}

/** Every model in weights/, after checking that the train:all plan's models are all there. */
async function weightsModels(): Promise<string[]> {
  const names = await modelNames();
  const missing = shippedModels.map((m) => m.name).filter((n) => !names.includes(n));
  assert.deepEqual(missing, [], `shipped models missing from ${defaultWeightsDir()}`);
  return names;
}

/** Decodes every model's dev examples under both policies and asserts they agree. */
async function assertPoliciesAgree(backend: Backend): Promise<void> {
  const names = await weightsModels();
  assert.ok(names.length >= shippedModels.length);
  const problems: string[] = [];
  // GPTs decode by generation (decode/generate.ts) from a translation prompt, one row at a time.
  const gpts = new Set(shippedModels.filter((m) => m.arch === "gpt").map((m) => m.name));
  for (const name of names) {
    const { config } = await loadAnyModel(name, backend);
    const sources = getTask(config.task).examples("dev", EXAMPLES).map((e) => e.src);
    const run = gpts.has(name) ? decodeGpt : decode;
    const reference = await run(name, backend, sources, "reference");
    const fast = await run(name, backend, sources, "fast");
    reference.forEach((ref, row) => {
      const at = `${name} on ${backend.name}, dev example ${row} (${JSON.stringify(sources[row])})`;
      if (fast[row].ids.join(" ") !== ref.ids.join(" ")) {
        problems.push(`${at}: fast emitted [${fast[row].ids}], reference [${ref.ids}]`);
        return;
      }
      assert.ok(ref.trace && fast[row].trace, `${at}: expected a trace`);
      const difference = attentionDifference(fast[row].trace!, ref.trace!);
      if (difference) problems.push(`${at}: ${difference}`);
    });
  }
  assert.deepEqual(problems, [], "the kernel policies disagree");
}

Deno.test("policy equivalence: every shipped model decodes alike under reference and fast (cpu)", {
  sanitizeOps: false,
  sanitizeResources: false,
}, () => assertPoliciesAgree(cpuBackend));

Deno.test(
  "policy equivalence: every shipped model decodes alike under reference and fast (webgpu)",
  gpuTest,
  () => assertPoliciesAgree(webgpuOrThrow()),
);

/** A one-record trace whose weights are `data` (shape [1, 2, 2]). */
function traceOf(data: number[], kind: "encoder" | "cross" = "encoder"): RowTrace {
  return {
    attention: [{ kind, layer: 0, weights: { shape: [1, 2, 2], data: new Float32Array(data) } }],
    hidden: [],
  };
}

Deno.test("attentionDifference finds a perturbed weight, a NaN, another site and another shape", () => {
  const base = [0.25, 0.75, 0.5, 0.5];
  assert.equal(attentionDifference(traceOf(base), traceOf(base)), null);
  // Within the tolerance: float rounding between kernels.
  assert.equal(attentionDifference(traceOf([0.25 + 4e-6, 0.75, 0.5, 0.5]), traceOf(base)), null);
  // Beyond it, anywhere in the matrix.
  assert.match(
    attentionDifference(traceOf([0.25, 0.75, 0.5, 0.5 + 3e-5]), traceOf(base))!,
    /encoder attention, layer 0: weight 3 is .* > 0.00001/,
  );
  assert.match(attentionDifference(traceOf([0.25, NaN, 0.5, 0.5]), traceOf(base))!, /weight 1/);
  assert.match(
    attentionDifference(traceOf(base, "cross"), traceOf(base))!,
    /expected encoder attention/,
  );
  const wider: RowTrace = {
    attention: [{
      kind: "encoder",
      layer: 0,
      weights: { shape: [1, 1, 4], data: new Float32Array(base) },
    }],
    hidden: [],
  };
  assert.match(attentionDifference(wider, traceOf(base))!, /expected shape \[1,2,2\]/);
  assert.match(
    attentionDifference({ attention: [], hidden: [] }, traceOf(base))!,
    /expected 1 attention records, got 0/,
  );
});
