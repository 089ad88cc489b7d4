import assert from "node:assert/strict";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { type ModelConfig, rnnDefaults, transformerDefaults } from "../../src/models/config.ts";
import { loadCheckpoint, saveCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { decodeSafetensors } from "../../src/models/weights/safetensors.ts";
import { listModels, loadModel } from "../../src/models/weights/registry.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest } from "../support/gpu.ts";

const specials = ["<pad>", "<bos>", "<eos>", "<unk>"];
const letters = [...specials, ..."abcdefgh "];
const words = [...specials, "the", "cat", "sat", "on", "mat", "le", "chat"];

/** Small random-weight checkpoints in a temp dir, written once. */
const fixtures = (async () => {
  const dir = await Deno.makeTempDir({ prefix: "attn-run-test-" });
  const save = async (
    name: string,
    config: ModelConfig,
    vocab: { src: string[]; tgt: string[]; tokenizer: "char" | "word" },
    extra?: Record<string, string>,
  ) => {
    const store = new ParamStore(cpuBackend, { seed: 17 });
    const model = makeModel(config, store);
    const path = `${dir}/${name}.safetensors`;
    await saveCheckpoint(path, {
      config,
      srcVocab: vocab.src,
      tgtVocab: vocab.tgt,
      tokenizer: vocab.tokenizer,
      params: model.params,
      extra,
    });
    for (const t of model.params.values()) t.dispose();
    return path;
  };
  const charVocab = { src: letters, tgt: letters, tokenizer: "char" as const };
  const transformer = {
    ...transformerDefaults,
    srcVocab: letters.length,
    tgtVocab: letters.length,
    dModel: 16,
    heads: 2,
    ffn: 32,
    maxLen: 12,
    dropout: 0,
    task: "reverse",
  };
  const chars = await save("chars", transformer, charVocab, { accuracy: "0.75" });
  const rope = await save("rope", { ...transformer, pe: "rope" }, charVocab);
  const gru = await save("words", {
    ...rnnDefaults,
    srcVocab: words.length,
    tgtVocab: words.length,
    embed: 8,
    hidden: 12,
    maxLen: 10,
    dropout: 0,
    attention: "luong-general",
    task: "translate",
  }, { src: words, tgt: words, tokenizer: "word" });
  const corrupt = `${dir}/corrupt.safetensors`;
  await Deno.writeFile(corrupt, new Uint8Array([1, 2, 3]));
  return { dir, chars, rope, gru, corrupt };
})();

async function attn(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = new RecordingIo();
  const code = await runCommandLine(args, { commands, session: new Session(io) });
  return { code, out: io.outText, err: io.errText };
}

async function runJson(args: string[]): Promise<RunResult> {
  const r = await attn(["run", ...args, "--json", "--backend", "cpu"]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

Deno.test("run --json prints docs/CONTRACT.md's object and nothing else on stdout", async () => {
  const { chars } = await fixtures;
  const r = await attn(["run", "abc", "--model", chars, "--json", "--backend", "cpu"]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, "");
  const result: RunResult = JSON.parse(r.out);
  assert.equal(result.model, chars);
  assert.equal(result.backend, "cpu");
  assert.deepEqual(result.input.tokens, ["a", "b", "c"]);
  assert.ok(Array.isArray(result.output.tokens));
  assert.equal(result.output.text, result.output.tokens.join(""));
  assert.ok(!result.output.tokens.includes("<eos>") && !result.output.tokens.includes("<bos>"));
  assert.equal(result.attention.length, (2 + 2 * 2) * 2); // (enc + dec self + cross) x heads
  for (const a of result.attention) {
    assert.ok(["encoder", "decoder", "cross"].includes(a.kind));
    assert.equal(a.weights.length, a.rows.length);
    assert.ok(a.weights.every((row) => row.length === a.cols.length));
    if (a.kind !== "decoder") assert.deepEqual(a.cols, ["a", "b", "c", "<eos>"]);
  }
  assert.equal(result.hidden.length, 4);
  assert.deepEqual(result.timings.map((t) => t.name), ["encoder", "decoder", "trace"]);
  assert.equal(result.decoding.method, "greedy");
  assert.deepEqual(result.warnings, []);
});

Deno.test("run joins several words with spaces (word tokenizer, RNN alignment)", async () => {
  const { gru } = await fixtures;
  const result = await runJson(["the", "cat", "sat", "--model", gru]);
  assert.deepEqual(result.input.tokens, ["the", "cat", "sat"]);
  assert.equal(result.output.text, result.output.tokens.join(" "));
  assert.deepEqual(result.attention.map((a) => [a.kind, a.layer, a.head]), [["alignment", 0, 0]]);
  assert.deepEqual(result.attention[0].cols, ["the", "cat", "sat", "<eos>"]);
  assert.deepEqual(result.hidden.map((h) => [h.where, h.layer]), [["encoder", 0], ["decoder", 0]]);
  assert.equal(result.hidden[0].values.length, 4); // one state per source step, <eos> included
});

Deno.test("run warns once on stderr naming the OOV tokens, how to fix them, and runs with <unk>", async () => {
  const { chars } = await fixtures;
  const r = await attn(["run", "azbz!", "--model", chars, "--json", "--backend", "cpu"]);
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.err,
    /^attn: warning: not in the vocabulary of .*chars\.safetensors, read as <unk>: 'z', '!'; use only the characters of the reverse task, e\.g\. [a-z]+\n$/,
  );
  const result: RunResult = JSON.parse(r.out);
  assert.deepEqual(result.input.tokens, ["a", "<unk>", "b", "<unk>", "<unk>"]);
  assert.deepEqual(result.input.written, ["a", "z", "b", "z", "!"]);
  assert.deepEqual(result.input.ids, [4, 3, 5, 3, 3]);
  assert.deepEqual(result.input.unknown, [false, true, false, true, true]);
  for (const a of result.attention.filter((a) => a.kind !== "decoder")) {
    assert.deepEqual(a.cols, ["a", "<unk>", "b", "<unk>", "<unk>", "<eos>"]);
  }
  assert.equal(result.warnings.length, 1);
});

Deno.test("run refuses a sentence longer than max_len with the contract's message", async () => {
  const { chars } = await fixtures; // max_len 12: at most 11 tokens + <eos>
  const ok = await attn(["run", "abcdefghabc", "--model", chars, "--backend", "cpu"]);
  assert.equal(ok.code, 0, ok.err);
  const r = await attn(["run", "abcdefghabcd", "--model", chars, "--backend", "cpu"]);
  assert.equal(r.code, 2);
  assert.equal(r.err, "attn: expected a sentence of at most 11 tokens, got 12\n");
  assert.equal(r.out, "");
});

Deno.test("run refuses empty text, control characters and a missing --model", async () => {
  const { chars } = await fixtures;
  const empty = await attn(["run", "  ", "--model", chars, "--backend", "cpu"]);
  assert.equal(empty.code, 2);
  assert.match(empty.err, /^attn: expected some text to run/);
  const none = await attn(["run", "--model", chars, "--backend", "cpu"]);
  assert.equal(none.code, 2);
  const control = await attn(["run", "a\x1b[31mb", "--model", chars, "--backend", "cpu"]);
  assert.equal(control.code, 2);
  assert.equal(
    control.err,
    "attn: expected text without control characters, got U+001B at character 2\n",
  );
  assert.ok(!control.err.includes("\x1b"));
  // No --model, no `use`, and no shipped models (an empty weights dir): nothing to run.
  const io = new RecordingIo();
  const emptyWeights = await Deno.makeTempDir({ prefix: "attn-no-weights-" });
  const noModel = await runCommandLine(["run", "abc", "--backend", "cpu"], {
    commands,
    session: new Session(io, { weightsDir: emptyWeights }),
  });
  assert.equal(noModel, 2);
  assert.match(io.errText, /expected --model NAME/);
});

Deno.test("run: an unknown model name or path is a usage error, a corrupt file a runtime error", async () => {
  const { corrupt, dir } = await fixtures;
  const name = await attn(["run", "abc", "--model", "no-such-model", "--backend", "cpu"]);
  assert.equal(name.code, 2);
  assert.match(name.err, /^attn: unknown model 'no-such-model'; expected .* \.safetensors file\n$/);
  const path = await attn([
    "run",
    "abc",
    "--model",
    `${dir}/missing.safetensors`,
    "--backend",
    "cpu",
  ]);
  assert.equal(path.code, 2);
  assert.match(path.err, /no checkpoint file at .*missing\.safetensors/);
  const bad = await attn(["run", "abc", "--model", corrupt, "--backend", "cpu"]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /^attn: .*corrupt\.safetensors: /);
  assert.equal(bad.err.trim().split("\n").length, 1);
});

Deno.test("run --beam 1 gives greedy's output; --beam 3 reports a beam search", async () => {
  const { chars, gru } = await fixtures;
  for (const [model, text] of [[chars, "hgfedcba"], [gru, "the cat sat on the mat"]]) {
    const greedy = await runJson([text, "--model", model]);
    const beam1 = await runJson([text, "--model", model, "--beam", "1"]);
    assert.deepEqual(beam1.output, greedy.output);
    assert.deepEqual(beam1.attention, greedy.attention);
    const beam3 = await runJson([text, "--model", model, "--beam", "3"]);
    assert.equal(beam3.decoding.method, "beam");
    assert.equal(beam3.decoding.beam, 3);
    assert.equal(typeof beam3.decoding.score, "number");
    const steps = beam3.decoding.steps;
    assert.ok(steps <= beam3.decoding.maxSteps);
    for (const a of beam3.attention.filter((a) => a.kind !== "encoder")) {
      assert.equal(a.rows.length, steps);
    }
  }
  const bad = await attn(["run", "abc", "--model", chars, "--beam", "0", "--backend", "cpu"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--beam must be/);
});

Deno.test("run --max-steps bounds the output and is checked against max_len", async () => {
  const { chars } = await fixtures;
  const result = await runJson(["abc", "--model", chars, "--max-steps", "2"]);
  assert.ok(result.output.tokens.length <= 2);
  assert.equal(result.decoding.maxSteps, 2);
  const bad = await attn(["run", "abc", "--model", chars, "--max-steps", "13", "--backend", "cpu"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--max-steps must be from 1 to 12, got 13/);
});

Deno.test("run without --json prints a readable summary with an attention grid", async () => {
  const { chars } = await fixtures;
  const r = await attn(["run", "ab ba", "--model", chars, "--backend", "cpu"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^model {3}.*chars\.safetensors \(cpu\)$/m);
  assert.match(r.out, /^input {3}a b ␣ b a {2}\(5 tokens \+ <eos>\)$/m);
  assert.match(r.out, /^output /m);
  assert.match(r.out, /cross-attention, layer 1, mean of 2 heads/);
  assert.match(r.out, /timings {2}encoder/);
  assert.ok(!r.out.includes("\x1b"), "no escape codes when not a terminal");
});

Deno.test(
  "run on webgpu gives the cpu output",
  gpuTest,
  async () => {
    const { chars, gru } = await fixtures;
    for (const [model, text] of [[chars, "abcabc"], [gru, "the cat sat"]]) {
      const cpu = await runJson([text, "--model", model]);
      const r = await attn(["run", text, "--model", model, "--json", "--backend", "webgpu"]);
      assert.equal(r.code, 0, r.err);
      const gpu: RunResult = JSON.parse(r.out);
      assert.equal(gpu.backend, "webgpu");
      assert.deepEqual(gpu.output, cpu.output);
      assert.ok(gpu.timings.every((t) => typeof t.wallMs === "number"));
    }
  },
);

Deno.test("listModels() describes each checkpoint and reports corrupt ones separately", async () => {
  const { dir } = await fixtures;
  const { models, problems } = await listModels({ dir });
  assert.deepEqual(models.map((m) => m.name), ["chars", "rope", "words"]);
  const chars = models[0];
  assert.equal(chars.arch, "transformer");
  assert.equal(chars.attention, "scaled-dot");
  assert.equal(chars.task, "reverse");
  assert.equal(chars.accuracy, 0.75);
  assert.equal(models[2].accuracy, null);
  assert.equal(models[2].attention, "luong-general");
  const store = new ParamStore(cpuBackend, { seed: 1 });
  const model = makeModel({
    ...transformerDefaults,
    srcVocab: letters.length,
    tgtVocab: letters.length,
    dModel: 16,
    heads: 2,
    ffn: 32,
    maxLen: 12,
    dropout: 0,
  }, store);
  const expected = [...model.params.values()].reduce((s, t) => s + t.size, 0);
  for (const t of model.params.values()) t.dispose();
  assert.equal(chars.params, expected);
  assert.equal(problems.length, 1);
  assert.match(problems[0].en, /corrupt\.safetensors/);
  assert.deepEqual(await listModels({ dir: `${dir}/nowhere` }), { models: [], problems: [] });
});

Deno.test("loadModel() resolves names in a weights dir and caches per backend and file version", async () => {
  const { dir, chars } = await fixtures;
  const a = await loadModel("chars", cpuBackend, { dir });
  assert.equal(a.name, "chars");
  const b = await loadModel(chars, cpuBackend, { dir });
  assert.equal(b.model, a.model, "same file, same backend: cached");
  assert.equal(b.name, chars);
  const copy = `${dir}/copy.safetensors`;
  await Deno.copyFile(chars, copy);
  const c1 = await loadModel(copy, cpuBackend);
  await Deno.utime(copy, new Date(), new Date(Date.now() + 5000));
  const c2 = await loadModel(copy, cpuBackend);
  assert.notEqual(c2.model, c1.model, "a changed file is read again");
  await Deno.remove(copy);
});

Deno.test("models --json prints an array with the contract's fields", async () => {
  const r = await attn(["models", "--json"]);
  assert.equal(r.code, 0, r.err);
  const list = JSON.parse(r.out);
  assert.ok(Array.isArray(list));
  for (const m of list) {
    for (const key of ["name", "arch", "attention", "task", "params", "accuracy"]) {
      assert.ok(key in m, `missing ${key}`);
    }
  }
  const plain = await attn(["models"]);
  assert.equal(plain.code, 0);
  if (list.length === 0) assert.match(plain.out, /no trained models in weights\//);
  else assert.match(plain.out, new RegExp(list[0].name));
});

Deno.test("export --format torch writes a loadable file with the same tensors and notes RoPE", async () => {
  const { chars, rope, dir } = await fixtures;
  const out = `${dir}/out.torch.safetensors`;
  const r = await attn([
    "export",
    "--model",
    chars,
    "--format",
    "torch",
    "--out",
    out,
    "--backend",
    "cpu",
    "--json",
  ]);
  assert.equal(r.code, 0, r.err);
  const result = JSON.parse(r.out);
  assert.deepEqual(result.notes, []);
  const [original, exported] = [await loadCheckpoint(chars), await loadCheckpoint(out)];
  assert.equal(exported.metadata.format, "torch");
  assert.deepEqual([...exported.tensors.keys()].sort(), [...original.tensors.keys()].sort());
  for (const [name, t] of original.tensors) {
    assert.deepEqual(exported.tensors.get(name)!.data, t.data);
  }
  assert.equal(result.tensors, original.tensors.size);

  const ropeRun = await attn([
    "export",
    "--model",
    rope,
    "--out",
    `${dir}/rope.torch.safetensors`,
    "--backend",
    "cpu",
  ]);
  assert.equal(ropeRun.code, 0, ropeRun.err);
  assert.match(ropeRun.out, /^wrote .*rope\.torch\.safetensors: \d+ tensors/);
  assert.match(ropeRun.out, /note: nn\.Transformer does not apply RoPE/);

  const badFormat = await attn(["export", "--model", chars, "--format", "onnx", "--out", out]);
  assert.equal(badFormat.code, 2);
  const noOut = await attn(["export", "--model", chars, "--backend", "cpu"]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.err, /expected --out FILE/);
});

Deno.test("export --format torch of the shipped GPT writes the CONTRACT's names, lm_head included", async () => {
  const { dir } = await fixtures;
  const out = `${dir}/gpt.torch.safetensors`;
  const r = await attn([
    "export",
    "--model",
    "ko-en-gpt",
    "--format",
    "torch",
    "--out",
    out,
    "--backend",
    "cpu",
    "--json",
  ]);
  assert.equal(r.code, 0, r.err);
  const { tensors } = decodeSafetensors(await Deno.readFile(out));
  const names = [...tensors.keys()];
  for (const name of ["tok_embed.weight", "norm.weight", "norm.bias", "lm_head.weight"]) {
    assert.ok(names.includes(name), `${name} in ${names.join(", ")}`);
  }
  assert.ok(
    names.some((n) => n.startsWith("blocks.layers.0.self_attn.in_proj_weight")),
    names.join(),
  );
});

Deno.test("run test fixtures are removed", async () => {
  const { dir } = await fixtures;
  await Deno.remove(dir, { recursive: true });
});
