/**
 * The GPT forward (src/models/gpt.ts) against the same network written out by hand in plain
 * arithmetic on host arrays: token + position embeddings, a pre-norm block of causal
 * multi-head self-attention and a ReLU FFN (or attention alone: `attnOnly`), the final LayerNorm
 * and the unembedding (tied or not, with a bias or not), and RoPE. Every parameter is random,
 * norms included.
 */
import assert from "node:assert/strict";
import { Tensor } from "../../src/engine/mod.ts";
import type { GptConfig } from "../../src/models/config.ts";
import { TraceRecorder } from "../../src/models/trace.ts";
import { cpuBackend } from "../support/backends.ts";
import { disposeGpt, randomGpt, tinyConfig } from "./gpt_support.ts";

type Rows = number[][];
type Params = Map<string, Float32Array>;

/** x W^T + b: x [n, in], W [out, in] (flat), b [out]. */
function linear(x: Rows, w: Float32Array, b: Float32Array | undefined, out: number): Rows {
  const inF = w.length / out;
  return x.map((row) =>
    Array.from({ length: out }, (_, o) => {
      let s = b ? b[o] : 0;
      for (let i = 0; i < inF; i++) s += row[i] * w[o * inF + i];
      return s;
    })
  );
}

/** LayerNorm over each row, eps 1e-5, biased variance (as torch). */
function layerNorm(x: Rows, g: Float32Array, b: Float32Array): Rows {
  return x.map((row) => {
    const mean = row.reduce((a, v) => a + v, 0) / row.length;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / row.length;
    return row.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * g[i] + b[i]);
  });
}

/** RoPE on one head's rows [T, dk]: pair (2i, 2i+1) at position p turns by p * 10000^(-2i/dk). */
function rope(x: Rows): Rows {
  return x.map((row, p) => {
    const out = [...row];
    for (let i = 0; 2 * i < row.length; i++) {
      const angle = p * Math.pow(10000, (-2 * i) / row.length);
      const [a, b] = [row[2 * i], row[2 * i + 1]];
      out[2 * i] = a * Math.cos(angle) - b * Math.sin(angle);
      out[2 * i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
    }
    return out;
  });
}

/** Causal multi-head self-attention of h [T, d] with packed in_proj and out_proj. */
function selfAttention(h: Rows, p: Params, prefix: string, c: GptConfig): Rows {
  const d = c.dModel;
  const dk = d / c.heads;
  const qkv = linear(h, p.get(`${prefix}.in_proj_weight`)!, p.get(`${prefix}.in_proj_bias`), 3 * d);
  const heads: Rows[] = [];
  for (let head = 0; head < c.heads; head++) {
    const cols = (part: number) =>
      qkv.map((r) => r.slice(part * d + head * dk, part * d + (head + 1) * dk));
    let [q, k] = [cols(0), cols(1)];
    const v = cols(2);
    if (c.pe === "rope") [q, k] = [rope(q), rope(k)];
    heads.push(q.map((qt, t) => {
      const scores = k.slice(0, t + 1).map((ks) =>
        qt.reduce((a, x, i) => a + x * ks[i], 0) / Math.sqrt(dk)
      );
      const top = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - top));
      const z = e.reduce((a, x) => a + x, 0);
      return Array.from({ length: dk }, (_, j) => e.reduce((a, w, s) => a + (w / z) * v[s][j], 0));
    }));
  }
  const merged = h.map((_, t) => heads.flatMap((rows) => rows[t]));
  return linear(merged, p.get(`${prefix}.out_proj.weight`)!, p.get(`${prefix}.out_proj.bias`), d);
}

/** The whole GPT on one sequence, by hand: logits [T, V]. */
function gptByHand(ids: number[], p: Params, c: GptConfig): Rows {
  const d = c.dModel;
  const row = (name: string, i: number) => [...p.get(name)!.slice(i * d, (i + 1) * d)];
  let x = ids.map((id, t) => {
    const e = row("tok_embed.weight", id);
    return c.pe === "learned" ? e.map((v, i) => v + row("pos_embed.weight", t)[i]) : e; // no sqrt(d)
  });
  const add = (a: Rows, b: Rows) => a.map((r, t) => r.map((v, i) => v + b[t][i]));
  for (let l = 0; l < c.layers; l++) {
    const pre = `blocks.layers.${l}`;
    const n1 = layerNorm(x, p.get(`${pre}.norm1.weight`)!, p.get(`${pre}.norm1.bias`)!);
    x = add(x, selfAttention(n1, p, `${pre}.self_attn`, c)); // x + attn(LN1(x))
    if (c.attnOnly) continue; // attention-only: the residual stream gets the heads alone
    const n2 = layerNorm(x, p.get(`${pre}.norm2.weight`)!, p.get(`${pre}.norm2.bias`)!);
    const hidden = linear(n2, p.get(`${pre}.linear1.weight`)!, p.get(`${pre}.linear1.bias`), c.ffn)
      .map((r) => r.map((v) => Math.max(0, v)));
    x = add(x, linear(hidden, p.get(`${pre}.linear2.weight`)!, p.get(`${pre}.linear2.bias`), d));
  }
  const final = layerNorm(x, p.get("norm.weight")!, p.get("norm.bias")!);
  const head = p.get("lm_head.weight") ?? p.get("tok_embed.weight")!; // tied: W_e^T
  return linear(final, head, p.get("lm_head.bias"), c.vocab);
}

const configs: [string, GptConfig][] = [
  ["learned, tied, no bias", tinyConfig()],
  ["learned, untied, lm_head bias", tinyConfig({ tied: false, lmHeadBias: true })],
  ["rope, tied with a bias, 2 layers", tinyConfig({ pe: "rope", lmHeadBias: true, layers: 2 })],
  ["one head", tinyConfig({ heads: 1, tied: false })],
  ["attention-only, 2 layers", tinyConfig({ attnOnly: true, layers: 2 })],
];

for (const [label, config] of configs) {
  Deno.test(`GPT forward equals the network written out by hand: ${label}`, async () => {
    const model = randomGpt(cpuBackend, config, 3);
    const sequences = [[1, 4, 2, 6, 3], [5, 0, 0, 2, 1]];
    const ids = Tensor.from(cpuBackend, sequences.flat(), [2, 5]);
    const trace = new TraceRecorder();
    try {
      const logits = model.forward(ids, { trace }); // [2, 5, V]
      assert.deepEqual(logits.shape, [2, 5, config.vocab]);
      const got = (await logits.toNested()) as Rows[];
      const params: Params = new Map();
      for (const [name, t] of model.params) params.set(name, await t.toArray());
      sequences.forEach((seq, b) => {
        const want = gptByHand(seq, params, config);
        want.forEach((r, t) =>
          r.forEach((v, i) =>
            assert.ok(
              Math.abs(got[b][t][i] - v) < 1e-4,
              `row ${b} pos ${t} logit ${i}: ${got[b][t][i]} vs ${v}`,
            )
          )
        );
      });
      // The trace: every layer's hidden states, every head's causal attention, the logits.
      assert.equal(trace.hidden.length, config.layers);
      assert.deepEqual(trace.hidden[0].values.shape, [2, 5, config.dModel]);
      assert.deepEqual(
        trace.attention.map((a) => [a.kind, a.layer]),
        Array.from({ length: config.layers }, (_, l) => ["decoder", l]),
      );
      const weights = (await trace.attention[0].weights.toNested()) as number[][][][];
      assert.deepEqual(trace.attention[0].weights.shape, [2, config.heads, 5, 5]);
      assert.equal(weights[0][0][1][2], 0, "position 1 must not see position 2 (causal)");
      assert.equal(trace.logits.length, 1);
    } finally {
      ids.dispose();
      disposeGpt(model);
    }
  });
}

Deno.test("GPT parameter names follow nn.TransformerEncoder's state_dict (CONTRACT GPT section)", () => {
  const model = randomGpt(cpuBackend, tinyConfig({ tied: false, lmHeadBias: true }));
  try {
    assert.deepEqual([...model.params.keys()], [
      "tok_embed.weight",
      "pos_embed.weight",
      "blocks.layers.0.self_attn.in_proj_weight",
      "blocks.layers.0.self_attn.in_proj_bias",
      "blocks.layers.0.self_attn.out_proj.weight",
      "blocks.layers.0.self_attn.out_proj.bias",
      "blocks.layers.0.linear1.weight",
      "blocks.layers.0.linear1.bias",
      "blocks.layers.0.linear2.weight",
      "blocks.layers.0.linear2.bias",
      "blocks.layers.0.norm1.weight",
      "blocks.layers.0.norm1.bias",
      "blocks.layers.0.norm2.weight",
      "blocks.layers.0.norm2.bias",
      "norm.weight",
      "norm.bias",
      "lm_head.weight",
      "lm_head.bias",
    ]);
  } finally {
    disposeGpt(model);
  }
});

Deno.test("an attention-only GPT has no FFN and no norm2 parameters (Elhage et al. 2021)", () => {
  const model = randomGpt(cpuBackend, tinyConfig({ attnOnly: true, layers: 2 }));
  try {
    assert.deepEqual([...model.params.keys()], [
      "tok_embed.weight",
      "pos_embed.weight",
      ...[0, 1].flatMap((l) => [
        `blocks.layers.${l}.self_attn.in_proj_weight`,
        `blocks.layers.${l}.self_attn.in_proj_bias`,
        `blocks.layers.${l}.self_attn.out_proj.weight`,
        `blocks.layers.${l}.self_attn.out_proj.bias`,
        `blocks.layers.${l}.norm1.weight`,
        `blocks.layers.${l}.norm1.bias`,
      ]),
      "norm.weight",
      "norm.bias",
    ]);
  } finally {
    disposeGpt(model);
  }
});
