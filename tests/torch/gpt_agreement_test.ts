/**
 * PyTorch agreement of the GPT export (docs/CONTRACT.md, GPT section): random-weight GPTs
 * written by `exportTorch` load with load_state_dict(strict=True) into a plain
 * nn.TransformerEncoder(norm_first=True) with a causal mask, embeddings, a final LayerNorm and
 * an nn.Linear head (tests/torch/gpt_reference.py), and give attn's logits within 1e-4, on the
 * cpu and webgpu backends. Ignored without torch in /usr/bin/python3 (and the webgpu half
 * without an adapter). PyTorch runs once for both halves.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import type { GptConfig } from "../../src/models/config.ts";
import { specialTokens } from "../../src/data/vocab.ts";
import { exportTorch } from "../../src/models/weights/export_torch.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { needs, python } from "../support/needs.ts";
import { disposeGpt, randomGpt, tinyConfig } from "../models/gpt_support.ts";

const referenceScript = new URL("./gpt_reference.py", import.meta.url).pathname;
const TOLERANCE = 1e-4;
const base = { vocab: 13, dModel: 16, heads: 2, layers: 2, ffn: 32, maxLen: 16 };

const configs: [string, GptConfig][] = [
  ["learned, tied, relu", tinyConfig({ ...base })],
  [
    "learned, untied with bias, gelu",
    tinyConfig({ ...base, tied: false, lmHeadBias: true, activation: "gelu" }),
  ],
  ["learned, tied with bias, gelu", tinyConfig({ ...base, lmHeadBias: true, activation: "gelu" })],
];
const ids = [[1, 5, 7, 4, 9, 12, 3, 2], [1, 11, 6, 6, 8, 4, 10, 2]];
const vocab = [
  ...specialTokens,
  ...Array.from({ length: base.vocab - specialTokens.length }, (_, i) => `t${i}`),
];

/** PyTorch's logits per config, computed once (null without torch). */
let reference: Promise<number[][][][]> | null = null;

async function torchLogits(): Promise<number[][][][]> {
  const dir = await Deno.makeTempDir();
  try {
    const cases = [];
    for (const [i, [, config]] of configs.entries()) {
      const model = randomGpt(cpuBackend, config, 11 + i);
      const checkpoint = `${dir}/gpt${i}.safetensors`;
      const info = { config, srcVocab: vocab, tgtVocab: vocab, tokenizer: "char" as const };
      await exportTorch({ ...info, params: model.params }, checkpoint);
      disposeGpt(model);
      cases.push({ checkpoint, ids });
    }
    await Deno.writeTextFile(`${dir}/cases.json`, JSON.stringify({ cases }));
    const out = await new Deno.Command(python, { args: [referenceScript, `${dir}/cases.json`] })
      .output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.ok(out.success, `gpt_reference.py failed: ${stderr}`);
    const parsed = JSON.parse(new TextDecoder().decode(out.stdout));
    return parsed.results.map((r: { logits: number[][][] }) => r.logits);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function agrees(backend: Backend): Promise<void> {
  reference ??= torchLogits();
  const torch = await reference;
  for (const [i, [label, config]] of configs.entries()) {
    const model = randomGpt(backend, config, 11 + i);
    try {
      const logits = tidy(() =>
        model.forward(Tensor.from(backend, ids.flat(), [2, ids[0].length]))
      );
      const ours = (await logits.toNested()) as number[][][];
      logits.dispose();
      let worst = 0;
      ours.forEach((rows, b) =>
        rows.forEach((row, t) =>
          row.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - torch[i][b][t][k]))))
        )
      );
      assert.ok(worst < TOLERANCE, `${label}: logits differ by up to ${worst}`);
    } finally {
      disposeGpt(model);
    }
  }
}

Deno.test({
  name: "an exported GPT loads into nn.TransformerEncoder with strict=True, same logits (cpu)",
  ignore: !needs.torch,
  fn: () => agrees(cpuBackend),
});

Deno.test({
  name: "an exported GPT loads into nn.TransformerEncoder with strict=True, same logits (webgpu)",
  ...gpuTest,
  ignore: !needs.torch || gpuTest.ignore,
  fn: () => agrees(webgpuOrThrow()),
});
