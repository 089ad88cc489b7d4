/**
 * PyTorch agreement (docs/CONTRACT.md "Checkpoints"): small random-weight models
 * exported by attn load with load_state_dict(strict=True) into the PyTorch
 * modules of tests/torch/reference.py and give the same teacher-forced logits
 * (within 1e-4) and the same greedy tokens, on the cpu and webgpu backends.
 * Ignored when /usr/bin/python3 has no torch (Debian python3-torch), and the
 * webgpu half when there is no adapter. PyTorch runs once for both halves.
 */
import assert from "node:assert/strict";
import type { ModelConfig, RnnConfig, TransformerConfig } from "../../src/models/config.ts";
import { exportTorch } from "../../src/models/weights/export_torch.ts";
import { defaultMaxSteps, greedyDecode, makeSourceBatch } from "../../src/models/decode/greedy.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { specialTokens } from "../../src/data/vocab.ts";
import { type LoadedTensors, ParamStore } from "../../src/models/weights/param_store.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { Tensor } from "../../src/engine/tensor.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { needs, python } from "../support/needs.ts";

const referenceScript = new URL("./reference.py", import.meta.url).pathname;
const TOLERANCE = 1e-4;

const SRC_VOCAB = 11;
const TGT_VOCAB = 13;
const vocab = (n: number, prefix: string) => [
  ...specialTokens,
  ...Array.from({ length: n - specialTokens.length }, (_, i) => `${prefix}${i}`),
];

const transformerBase: TransformerConfig = {
  arch: "transformer",
  attention: "scaled-dot",
  pe: "sinusoidal",
  dModel: 16,
  heads: 2,
  encoderLayers: 2,
  decoderLayers: 2,
  ffn: 32,
  activation: "relu",
  norm: "pre",
  maxLen: 32,
  dropout: 0,
  task: "",
  srcVocab: SRC_VOCAB,
  tgtVocab: TGT_VOCAB,
};

const rnnBase: RnnConfig = {
  arch: "gru",
  attention: "none",
  embed: 8,
  hidden: 12,
  layers: 2,
  maxLen: 32,
  dropout: 0,
  task: "",
  srcVocab: SRC_VOCAB,
  tgtVocab: TGT_VOCAB,
};

const configs: [string, ModelConfig][] = [
  ["transformer pre-norm sinusoidal relu", { ...transformerBase }],
  ["transformer pre-norm learned gelu", { ...transformerBase, pe: "learned", activation: "gelu" }],
  ["transformer post-norm sinusoidal gelu", {
    ...transformerBase,
    norm: "post",
    activation: "gelu",
  }],
  ["transformer post-norm learned relu", { ...transformerBase, norm: "post", pe: "learned" }],
  ["transformer pre-norm without PE", { ...transformerBase, pe: "none" }],
  ...(["gru", "lstm"] as const).flatMap((arch) =>
    (["none", "bahdanau", "luong-dot", "luong-general"] as const).map((
      attention,
    ): [string, ModelConfig] => [`${arch} ${attention}`, { ...rnnBase, arch, attention }])
  ),
];

/** Source rows (tokens + <eos>) of different lengths, so padding masks matter. */
const srcRows = [[4, 7, 5, 9, 2], [6, 10, 4, 8, 5, 7, 9, 4, 2], [8, 2]];
/** Decoder inputs (<bos> + tokens) of different lengths. */
const tgtRows = [[1, 5, 12, 7, 9, 4], [1, 11, 6, 8], [1, 4, 10, 5, 6, 7, 12, 8]];

/** Random weights for every parameter the config's model has (norm gains near 1). */
function randomWeights(config: ModelConfig, seed: number): LoadedTensors {
  const fresh = makeModel(config, new ParamStore(cpuBackend, { seed }));
  const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  let i = 0;
  for (const [name, p] of fresh.params) {
    const isNormGain = /norm\d?\.weight$/.test(name);
    const data = randomArray(p.size, seed * 1000 + i++, -0.5, 0.5);
    if (isNormGain) { for (let j = 0; j < data.length; j++) data[j] += 1; }
    // Larger RNN token embeddings make each step depend on the fed-back token, so greedy
    // decodes vary instead of settling on one repeated token (a weak comparison).
    if (config.arch !== "transformer" && name.endsWith("embed.weight")) {
      for (let j = 0; j < data.length; j++) data[j] *= 6;
    }
    out.set(name, { shape: p.shape, data });
    p.dispose();
  }
  return out;
}

function padded(rows: number[][]): { data: Float32Array; width: number } {
  const width = Math.max(...rows.map((r) => r.length));
  const data = new Float32Array(rows.length * width);
  rows.forEach((r, b) => data.set(r, b * width));
  return { data, width };
}

async function runAttn(backend: Backend, config: ModelConfig, weights: LoadedTensors) {
  const model = makeModel(config, new ParamStore(backend, { loaded: weights }));
  try {
    const batch = makeSourceBatch(backend, srcRows);
    const tgt = padded(tgtRows);
    const tgtIn = Tensor.from(backend, tgt.data, [tgtRows.length, tgt.width]);
    const logitsTensor = model.forward({ ...batch, tgtIn }); // [B, T, Vt]
    const flat = await logitsTensor.toArray();
    const v = config.tgtVocab;
    const logits = tgtRows.map((row, b) =>
      row.map((_, t) =>
        Array.from(flat.subarray((b * tgt.width + t) * v, (b * tgt.width + t + 1) * v))
      )
    );
    logitsTensor.dispose();
    tgtIn.dispose();
    const decoded = await greedyDecode(model, batch, { trace: false });
    batch.src.dispose();
    return { logits, greedy: decoded.rows.map((r) => r.ids), model };
  } catch (e) {
    for (const p of model.params.values()) p.dispose();
    throw e;
  }
}

/** What PyTorch computed for every config, from attn's cpu export of the same weights. */
interface Reference {
  version: string;
  weights: LoadedTensors[];
  results: { logits: number[][][]; greedy: number[][] }[];
}

let reference: Promise<Reference> | null = null;

/** Exports every config's random weights on cpu and runs PyTorch once over all of them. */
function torchReference(): Promise<Reference> {
  reference ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "attn_torch_" });
    try {
      const weights: LoadedTensors[] = [];
      const cases = [];
      for (const [i, [label, config]] of configs.entries()) {
        weights.push(randomWeights(config, 7 + i));
        const model = makeModel(config, new ParamStore(cpuBackend, { loaded: weights[i] }));
        const path = `${dir}/case${i}.safetensors`;
        const notes = await exportTorch({
          config,
          srcVocab: vocab(SRC_VOCAB, "s"),
          tgtVocab: vocab(TGT_VOCAB, "t"),
          tokenizer: "word",
          params: model.params,
        }, path);
        for (const p of model.params.values()) p.dispose();
        assert.ok(!notes.some((n) => n.includes("RoPE")), `${label}: ${notes}`);
        cases.push({
          label,
          checkpoint: path,
          src: srcRows,
          tgt_in: tgtRows,
          max_steps: srcRows.map((r) => defaultMaxSteps(config, r.length)),
        });
      }
      // One process for every case (importing torch takes seconds).
      await Deno.writeTextFile(`${dir}/cases.json`, JSON.stringify({ cases }));
      const out = await new Deno.Command(python, {
        args: [referenceScript, `${dir}/cases.json`],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assert.ok(out.success, `reference.py failed:\n${stderr}`);
      const torch = JSON.parse(new TextDecoder().decode(out.stdout));
      return { version: torch.torch, weights, results: torch.results };
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  })();
  return reference;
}

/** attn on `backend` against PyTorch: every config's logits and greedy tokens, one step each. */
async function compareWithTorch(t: Deno.TestContext, backend: Backend): Promise<void> {
  const torch = await torchReference();
  let worst = 0;
  const summary: string[] = [];
  for (const [i, [label, config]] of configs.entries()) {
    const expected = torch.results[i];
    const run = await runAttn(backend, config, torch.weights[i]);
    for (const p of run.model.params.values()) p.dispose();
    await t.step(`${label} (${backend.name})`, () => {
      let maxDiff = 0;
      run.logits.forEach((row, b) =>
        row.forEach((logits, pos) =>
          logits.forEach((v, k) => {
            maxDiff = Math.max(maxDiff, Math.abs(v - expected.logits[b][pos][k]));
          })
        )
      );
      worst = Math.max(worst, maxDiff);
      summary.push(
        `${label} (${backend.name}): max |logit diff| ${maxDiff.toExponential(2)}, greedy ${
          run.greedy.map((ids) => ids.join(" ")).join(" | ")
        }`,
      );
      assert.ok(
        maxDiff <= TOLERANCE,
        `expected logits within ${TOLERANCE} of PyTorch, got max difference ${maxDiff}`,
      );
      assert.deepEqual(run.greedy, expected.greedy, "greedy tokens");
    });
  }
  console.log(`PyTorch ${torch.version}: worst max |logit diff| ${worst.toExponential(2)}`);
  for (const line of summary) console.log(`  ${line}`);
}

const name =
  "PyTorch modules loaded strictly from attn's export give the same logits and greedy tokens";

Deno.test({
  name: `${name} (cpu)`,
  ignore: !needs.torch,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: (t) => compareWithTorch(t, cpuBackend),
});

Deno.test({
  name: `${name} (webgpu)`,
  ...gpuTest,
  ignore: !needs.torch || gpuTest.ignore,
  fn: (t) => compareWithTorch(t, webgpuOrThrow()),
});
