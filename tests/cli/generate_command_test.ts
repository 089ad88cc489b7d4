/**
 * `generate`, and `run`, `models`, `use` with a GPT, through the paths users hit: in-process
 * command lines (cpu backend) for the numbers, widths and refusals, `deno task attn` once. The
 * GPT is tiny, random and saved in the test with a BPE trained on a few sentences.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTaskHome } from "../support/state.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { displayWidth } from "../../src/render/layout.ts";
import type { GenerateResult } from "../../src/app/generate_text.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import { saveTinyGpt } from "../support/tiny_gpt.ts";
import { cpuBackend } from "../support/backends.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import type { GptConfig } from "../../src/models/config.ts";
import { Tensor } from "../../src/engine/mod.ts";
import "../support/private_state.ts";

const dir = await Deno.makeTempDir({ prefix: "attn-gpt-" });
const GPT = `${dir}/tiny-gpt.safetensors`;
await saveTinyGpt(GPT, { extra: { perplexity: "12.5", accuracy: "0.25" } });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

async function attn(args: string[], options: { columns?: number; weightsDir?: string } = {}) {
  const io = new RecordingIo(options.columns ?? 60);
  const session = new Session(io, { weightsDir: options.weightsDir });
  const code = await runCommandLine(["--backend", "cpu", ...args], { commands, session });
  return { code, out: io.outText, err: io.errText };
}

async function generateJson(args: string[]): Promise<GenerateResult> {
  const r = await attn(["generate", "나는", "학생이다", "--model", GPT, "--json", ...args]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

Deno.test("generate at T=0 is greedy and deterministic; the KV cache changes no token", async () => {
  const a = await generateJson(["--max-new", "8"]);
  const b = await generateJson(["--max-new", "8"]);
  const c = await generateJson(["--max-new", "8", "--no-cache"]);
  assert.equal(a.mode, "translate");
  assert.deepEqual(a.prompt.tokens.at(0), "<bos>");
  assert.deepEqual(a.prompt.tokens.at(-1), "<sep>");
  assert.ok(a.output.tokens.length > 0);
  assert.deepEqual(b.output, a.output);
  assert.deepEqual(c.output, a.output);
  assert.equal(a.cache, true);
  assert.equal(c.cache, false);
  assert.ok(a.cacheBytes > 0 && c.cacheBytes === 0);
  for (const s of a.steps) {
    assert.equal(s.p, 1); // greedy: all the mass on the argmax
    assert.equal(s.id, s.before[0].id);
  }
});

Deno.test("generate --temperature 1 --seed 7 twice: the same tokens, with or without the cache", async () => {
  const args = ["--temperature", "1", "--seed", "7", "--max-new", "10"];
  const a = await generateJson(args);
  const b = await generateJson(args);
  const c = await generateJson([...args, "--no-cache"]);
  assert.deepEqual(b.output, a.output);
  assert.deepEqual(c.output.ids, a.output.ids);
  assert.deepEqual(b.steps, a.steps);
  const greedy = await generateJson(["--max-new", "10"]);
  assert.notDeepEqual(
    a.output.ids,
    greedy.output.ids,
    "T = 1 with this seed samples off the argmax",
  );
});

/** softmax(logits / T), then the k best, then the smallest best set of mass >= p (renormalised). */
function expectedDistribution(logits: Float32Array, t: number, k: number, p: number) {
  const top = Math.max(...logits);
  const e = Array.from(logits, (l) => Math.exp((l - top) / t));
  const z = e.reduce((s, v) => s + v, 0);
  const order = e.map((v, id) => ({ id, p: v / z })).sort((x, y) => y.p - x.p || x.id - y.id);
  const kept = order.slice(0, k);
  const massK = kept.reduce((s, c) => s + c.p, 0);
  const nucleus = [];
  let sum = 0;
  for (const c of kept) {
    nucleus.push(c);
    sum += c.p / massK;
    if (sum >= p) break;
  }
  const mass = nucleus.reduce((s, c) => s + c.p, 0);
  return nucleus.map((c) => ({ id: c.id, p: c.p / mass }));
}

Deno.test("generate --json probabilities equal softmax(logits / T) after top-k and top-p (cpu forward)", async () => {
  const [t, k, p] = [0.8, 6, 0.9];
  const result = await generateJson([
    ...["--temperature", String(t), "--top-k", String(k), "--top-p", String(p)],
    ...["--seed", "3", "--max-new", "6"],
  ]);
  const checkpoint = await loadCheckpoint(GPT);
  const store = new ParamStore(cpuBackend, { loaded: checkpoint.tensors });
  const model = makeModel(checkpoint.config as GptConfig, store);
  const ids = [...result.prompt.ids, ...result.output.ids];
  const input = Tensor.from(cpuBackend, ids, [1, ids.length]);
  const logits = model.forward(input); // [1, T, V]
  const all = await logits.toArray();
  const v = logits.shape[2];
  try {
    result.steps.forEach((step, i) => {
      const at = result.prompt.ids.length - 1 + i;
      const want = expectedDistribution(all.slice(at * v, (at + 1) * v), t, k, p);
      assert.deepEqual(step.top.map((c) => c.id), want.slice(0, step.top.length).map((c) => c.id));
      step.top.forEach((c, j) => assert.ok(Math.abs(c.p - want[j].p) < 1e-5, `step ${i}`));
      const chosen = want.find((c) => c.id === step.id);
      assert.ok(chosen, `step ${i}: the token drawn survived the filters`);
      assert.ok(Math.abs(step.p - chosen.p) < 1e-5);
      const h = -want.reduce((s, c) => s + c.p * Math.log(c.p), 0);
      assert.ok(Math.abs(step.entropy - h) < 1e-5);
    });
  } finally {
    [input, logits, ...model.params.values()].forEach((x) => x.dispose());
  }
});

Deno.test("generate refuses bad options in one line (exit 2)", async () => {
  const cases: [string[], RegExp][] = [
    [["--temperature=-1"], /--temperature a number >= 0/],
    [["--temperature", "hot"], /--temperature a number >= 0 .*got 'hot'/],
    [["--top-p", "0"], /--top-p a number in \(0, 1\], got 0/],
    [["--top-p", "1.5"], /--top-p a number in \(0, 1\], got 1.5/],
    [["--top-k", "0"], /--top-k a whole number >= 1, got 0/],
    [["--top-k", "2.5"], /--top-k a whole number >= 1, got 2.5/],
    [["--max-new", "0"], /--max-new/],
    [["--max-new", "1000"], /--max-new a whole number from 1 to \d+, got 1000/],
  ];
  for (const [extra, message] of cases) {
    const r = await attn(["generate", "나는", "--model", GPT, ...extra]);
    assert.equal(r.code, 2, `${extra.join(" ")}: ${r.err}`);
    assert.equal(r.out, "");
    assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
    assert.match(r.err, /^attn: /);
    assert.match(r.err, message);
  }
  const seq2seq = await attn(["generate", "나는", "--model", "reverse-transformer"]);
  assert.equal(seq2seq.code, 2, seq2seq.err);
  assert.match(seq2seq.err, /^attn: generate needs a GPT .*reverse-transformer is a transformer/);
});

Deno.test("generate fits 60 columns, in English and Korean, and says a Korean prompt became a translation prompt", async () => {
  for (const lang of ["en", "ko"]) {
    const sampled = ["--temperature", "1.5", "--seed", "7", "--top-p", "0.95"];
    for (const extra of [[], sampled, ["--continue"]]) {
      const r = await attn([
        "--lang",
        lang,
        "generate",
        "나는",
        "학생이다",
        "--model",
        GPT,
        ...extra,
      ]);
      assert.equal(r.code, 0, r.err);
      for (const line of r.out.split("\n")) {
        assert.ok(displayWidth(line) <= 60, `wider than 60: ${JSON.stringify(line)}`);
      }
      const translating = extra[0] !== "--continue";
      const said = lang === "en" ? /asked as a translation/ : /번역 요청/;
      assert.equal(said.test(r.out), translating, r.out);
    }
  }
  const cont = await generateJson(["--continue", "--max-new", "3"]);
  assert.equal(cont.mode, "continue");
  assert.notEqual(cont.prompt.tokens.at(-1), "<sep>");
});

Deno.test("models lists a GPT with its perplexity and exact match; use accepts it", async () => {
  const weights = await Deno.makeTempDir();
  try {
    await Deno.copyFile(GPT, `${weights}/ko-en-gpt.safetensors`);
    const json = await attn(["models", "--json"], { weightsDir: weights });
    assert.equal(json.code, 0, json.err);
    const [entry] = JSON.parse(json.out);
    assert.equal(entry.arch, "gpt");
    assert.equal(entry.tokenizer, "bpe");
    assert.equal(entry.perplexity, 12.5);
    assert.equal(entry.accuracy, 0.25);
    const text = await attn(["models"], { weightsDir: weights, columns: 80 });
    assert.match(text.out, /ko-en-gpt .*gpt, learned, ppl 12\.50 .*25/);
    // What a GPT's two numbers measure is said under the table.
    assert.match(
      text.out.replace(/\s+/g, " "),
      /gpt: exact match of its translation when prompted/,
    );
    const use = await attn(["use", "ko-en-gpt"], { weightsDir: weights });
    assert.equal(use.code, 0, use.err);
    const gen = await attn(["generate", "나는", "--max-new", "2", "--model", "ko-en-gpt"], {
      weightsDir: weights,
    });
    assert.equal(gen.code, 0, gen.err);
    // Without --model: the shipped GPT (the model in use by default is not one).
    const chosen = await attn(["generate", "나는", "--max-new", "2", "--json"], {
      weightsDir: weights,
    });
    assert.equal(chosen.code, 0, chosen.err);
    assert.equal(JSON.parse(chosen.out).model, "ko-en-gpt");
    await Deno.remove(`${weights}/ko-en-gpt.safetensors`);
    const none = await attn(["generate", "나는"], { weightsDir: weights });
    assert.equal(none.code, 2, none.err);
    assert.match(none.err, /^attn: expected --model GPT\.safetensors: weights\/ holds no GPT yet/);
  } finally {
    await Deno.remove(weights, { recursive: true });
  }
});

Deno.test("run with a GPT: the translation and its causal self-attention over prompt + output", async () => {
  const r = await attn(["run", "나는", "학생이다", "--model", GPT, "--max-steps", "5", "--json"]);
  assert.equal(r.code, 0, r.err);
  const result: RunResult = JSON.parse(r.out);
  assert.ok(result.attention.length === 2 * 2, "every layer and head");
  const gen = await generateJson(["--max-new", "5"]);
  const labels = [...gen.prompt.tokens, ...gen.output.tokens];
  for (const a of result.attention) {
    assert.equal(a.kind, "decoder");
    assert.deepEqual(a.rows, labels);
    assert.deepEqual(a.cols, labels);
    a.weights.forEach((row, i) => {
      assert.ok(Math.abs(row.reduce((s, w) => s + w, 0) - 1) < 1e-4);
      row.slice(i + 1).forEach((w) => assert.equal(w, 0)); // causal
    });
  }
  assert.deepEqual(result.input.tokens, gen.prompt.tokens.slice(1, -1));
  const view = await attn(["run", "나는", "학생이다", "--model", GPT, "--max-steps", "5"]);
  assert.equal(view.code, 0, view.err);
  assert.match(view.out, /self-attention \(decoder-only\)/);
  for (const line of view.out.split("\n")) assert.ok(displayWidth(line) <= 60, line);
});

Deno.test("deno task attn generate --json: the same tokens twice", async () => {
  await withTaskHome(async (home, state) => {
    await Deno.copyFile(GPT, `${state}/gpt.safetensors`);
    const args = ["generate", "나는 학생", "--temperature", "0", "--json"];
    const run = () =>
      runAttn([...args, "--model", `${state}/gpt.safetensors`], { env: { HOME: home } });
    const [a, b] = [await run(), await run()];
    assert.equal(a.code, 0, a.stderr);
    assert.deepEqual(JSON.parse(a.stdout).output, JSON.parse(b.stdout).output);
  });
});

Deno.test("at the attn> prompt: use a GPT, then generate and run without --model, then attn shows its self-attention", async () => {
  await withTaskHome(async (home, state) => {
    const path = `${state}/gpt.safetensors`;
    await Deno.copyFile(GPT, path);
    const script = [
      "set backend cpu",
      `use ${path}`,
      "generate 나는 학생이다 --max-new 3",
      "run 나는 학생이다 --max-steps 3",
      "attn",
    ].join("\n") + "\n";
    const r = await runAttn([], {
      task: "start",
      stdin: script,
      env: { HOME: home, COLUMNS: "60" },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /attn: /);
    assert.match(r.stdout, /asked as a translation/);
    assert.match(r.stdout, /self-attention \(decoder-only\)/);
    assert.match(r.stdout, /self-attention of a decoder-only model, causal/);
  });
});

Deno.test("generate without --model: the GPT in use, else the first GPT by name (read from headers), else one clear line", async () => {
  const weights = await Deno.makeTempDir({ prefix: "attn-gpt-weights-" });
  try {
    // A Seq2Seq model that sorts before the GPTs, an unreadable file, then two GPTs.
    await Deno.copyFile("weights/reverse-gru.safetensors", `${weights}/a-gru.safetensors`);
    await Deno.writeTextFile(`${weights}/b-broken.safetensors`, "not a checkpoint");
    await Deno.copyFile(GPT, `${weights}/c-gpt.safetensors`);
    await Deno.copyFile(GPT, `${weights}/d-gpt.safetensors`);
    const first = await attn(["generate", "나는", "--json"], { weightsDir: weights });
    assert.equal(first.code, 0, first.err);
    assert.equal(JSON.parse(first.out).model, "c-gpt");
    // One session, as at the attn> prompt: `use` names the model in use.
    const io = new RecordingIo(60);
    const session = new Session(io, { weightsDir: weights });
    const line = (args: string[]) =>
      runCommandLine(["--backend", "cpu", ...args], { commands, session });
    assert.equal(await line(["use", "d-gpt"]), 0, io.errText);
    assert.equal(await line(["generate", "나는", "--json"]), 0, io.errText);
    assert.equal(JSON.parse(io.stdout.at(-1)!).model, "d-gpt");
    await Deno.remove(`${weights}/c-gpt.safetensors`);
    await Deno.remove(`${weights}/d-gpt.safetensors`);
    const none = await attn(["generate", "나는"], { weightsDir: weights });
    assert.equal(none.code, 2, none.err);
    assert.equal(none.err.trimEnd().split("\n").length, 1, none.err);
  } finally {
    await Deno.remove(weights, { recursive: true });
  }
});
