/**
 * The REPL's commands (use, run with the session model, step, attn, hidden,
 * compare, set, help) through runCommandLine with a RecordingIo, on
 * random-weight ko-en checkpoints in a temp weights dir and the cpu backend.
 */
import assert from "node:assert/strict";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { type ModelConfig, rnnDefaults, transformerDefaults } from "../../src/models/config.ts";
import { saveCheckpoint } from "../../src/models/weights/checkpoint.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import type { AttnResult } from "../../src/app/select_attention.ts";
import type { HiddenResult } from "../../src/app/select_hidden.ts";
import type { StepResult } from "../../src/app/step_frames.ts";
import type { CompareResult } from "../../src/app/compare_models.ts";
import type { HelpResult } from "../../src/render/help_view.ts";
import { stripAnsi } from "../../src/render/layout.ts";
import { cpuBackend } from "../support/backends.ts";

const words = ["<pad>", "<bos>", "<eos>", "<unk>", "나는", "학생이다", "I", "am", "a", "student"];

/** ko-en models with random weights: a Transformer, a GRU with Bahdanau attention, a plain GRU. */
const weightsDir = (async () => {
  const dir = await Deno.makeTempDir({ prefix: "attn-repl-weights-" });
  const common = { srcVocab: words.length, tgtVocab: words.length, maxLen: 12, dropout: 0 };
  const save = async (name: string, config: ModelConfig) => {
    const model = makeModel(config, new ParamStore(cpuBackend, { seed: 5 }));
    await saveCheckpoint(`${dir}/${name}.safetensors`, {
      config,
      srcVocab: words,
      tgtVocab: words,
      tokenizer: "word",
      params: model.params,
    });
    for (const t of model.params.values()) t.dispose();
  };
  await save("ko-en-transformer", {
    ...transformerDefaults,
    ...common,
    dModel: 16,
    heads: 2,
    ffn: 32,
    decoderLayers: 1,
    task: "ko-en",
  });
  const rnn = { ...rnnDefaults, ...common, embed: 8, hidden: 6, task: "ko-en" };
  await save("ko-en-gru-bahdanau", { ...rnn, attention: "bahdanau" });
  await save("ko-en-gru", { ...rnn, attention: "none" });
  return dir;
})();

/** A session on the temp weights with the cpu backend, and a way to run lines in it. */
async function repl(options: { columns?: number; isTty?: boolean } = {}) {
  const io = new RecordingIo(options.columns ?? 80, options.isTty ?? false);
  const session = new Session(io, { weightsDir: await weightsDir });
  session.backendChoice = "cpu";
  const line = async (...args: string[]) => {
    io.stdout.length = 0;
    io.stderr.length = 0;
    const code = await runCommandLine(args, { commands, session });
    return { code, out: io.outText, err: io.errText };
  };
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await line(...args, "--json");
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out) as T;
  };
  return { io, session, line, json };
}

function rowSums(m: number[][]): number[] {
  return m.map((r) => r.reduce((a, b) => a + b, 0));
}

function assertNear(actual: number, expected: number, what: string, tol = 1e-4): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

Deno.test("use picks ko-en-transformer by default, sets the session model, refuses unknown names", async () => {
  const { line, json, session } = await repl();
  const shown = await json<{ model: string; chosen: boolean; entry: { arch: string } }>("use");
  assert.deepEqual([shown.model, shown.chosen, shown.entry.arch], [
    "ko-en-transformer",
    false,
    "transformer",
  ]);
  const chosen = await json<{ model: string; chosen: boolean }>("use", "ko-en-gru-bahdanau");
  assert.deepEqual([chosen.model, chosen.chosen], ["ko-en-gru-bahdanau", true]);
  assert.equal(session.model, "ko-en-gru-bahdanau");
  const run = await json<RunResult>("run", "나는", "학생이다");
  assert.equal(run.model, "ko-en-gru-bahdanau", "run without --model uses the session's model");
  assert.equal(session.lastRun?.model, "ko-en-gru-bahdanau", "run keeps its result for attn");
  const bad = await line("use", "ko-en-gruu");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^attn: unknown model 'ko-en-gruu'; expected one of: .*ko-en-gru,/);
  assert.equal(session.model, "ko-en-gru-bahdanau", "a refused use changes nothing");
});

Deno.test("attn and hidden need a run first, then show its matrices and states", async () => {
  const { line, json } = await repl();
  const early = await line("attn");
  assert.equal(early.code, 2);
  assert.match(early.err, /no run yet|there is none yet/);
  const run = await json<RunResult>("run", "나는", "학생이다");

  // Default: cross-attention of the last layer, mean of heads (computed here independently).
  const cross = await json<AttnResult>("attn");
  assert.deepEqual([cross.kind, cross.layer, cross.head, cross.heads], ["cross", 0, "mean", 2]);
  const heads = run.attention.filter((a) => a.kind === "cross" && a.layer === 0);
  cross.weights.forEach((row, i) =>
    row.forEach((v, j) =>
      assertNear(v, (heads[0].weights[i][j] + heads[1].weights[i][j]) / 2, `cross[${i}][${j}]`)
    )
  );
  rowSums(cross.weights).forEach((s) => assertNear(s, 1, "row sum", 1e-3));
  assert.deepEqual(cross.cols, ["나는", "학생이다", "<eos>"]);

  // One head of one encoder layer: exactly that matrix of the run.
  const one = await json<AttnResult>("attn", "encoder", "1", "1");
  const expected = run.attention.find((a) =>
    a.kind === "encoder" && a.layer === 1 && a.head === 1
  )!;
  assert.deepEqual(one.weights, expected.weights);
  assert.deepEqual(one.rows, ["나는", "학생이다", "<eos>"]);

  for (
    const [args, message] of [
      [["attn", "cross", "3"], /expected a cross layer from 0 to 0, got 3/],
      [["attn", "encoder", "0", "2"], /expected a head from 0 to 1 or mean, got 2/],
      [["attn", "alignment"], /has no alignment attention; it has encoder, decoder, cross/],
      [
        ["attn", "sideways"],
        /expected encoder, decoder, cross, alignment, a layer number or mean, got 'sideways'/,
      ],
    ] as const
  ) {
    const r = await line(...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.err, message);
  }

  const text = await line("attn", "cross");
  assert.match(text.out, /cross-attention .* mean of 2 heads/s);
  assert.match(text.out, /<> each row's maximum/);

  // hidden: the last layer of the encoder (1) and of the decoder (0), rows labeled.
  const hidden = await json<HiddenResult>("hidden");
  assert.deepEqual(hidden.blocks.map((b) => [b.where, b.layer]), [["encoder", 1], ["decoder", 0]]);
  assert.deepEqual(hidden.blocks[0].labels, ["나는", "학생이다", "<eos>"]);
  assert.deepEqual(
    hidden.blocks[0].values,
    run.hidden.find((h) => h.where === "encoder" && h.layer === 1)!.values,
  );
  const enc0 = await json<HiddenResult>("hidden", "0", "--where", "encoder");
  assert.deepEqual(enc0.blocks.map((b) => [b.where, b.layer]), [["encoder", 0]]);
  const bad = await line("hidden", "7");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /expected a layer from 0 to 1, got 7/);
});

Deno.test("step on an RNN: one frame per encoder and decoder step, with c_t = sum_j a_tj h_j", async () => {
  const { json, line, session } = await repl();
  const result = await json<StepResult>(
    "step",
    "나는",
    "학생이다",
    "--model",
    "ko-en-gru-bahdanau",
  );
  const run = session.lastRun!;
  assert.equal(result.family, "rnn");
  const encoder = result.frames.filter((f) => f.kind === "rnn-encoder");
  const decoder = result.frames.filter((f) => f.kind === "rnn-decoder");
  assert.deepEqual(encoder.map((f) => f.token), ["나는", "학생이다", "<eos>"]);
  const alignment = run.attention.find((a) => a.kind === "alignment")!;
  assert.equal(decoder.length, alignment.rows.length);
  const h = run.hidden.find((x) => x.where === "encoder")!.values;
  decoder.forEach((f, t) => {
    if (f.kind !== "rnn-decoder") return;
    assert.equal(f.attention!.rows.length, t + 1, "the alignment grows one row per step");
    f.context!.forEach((c, u) => {
      const want = alignment.weights[t].reduce((s, a, j) => s + a * h[j][u], 0);
      assertNear(c, want, `c${t + 1}[${u}]`);
    });
  });
  // Not a terminal: every frame at once, as text.
  const text = await line("step", "나는", "학생이다", "--model", "ko-en-gru-bahdanau");
  assert.equal(text.code, 0, text.err);
  assert.equal((text.out.match(/── frame /g) ?? []).length, result.frames.length);
  assert.match(text.out, /encoder step 2 reads 학생이다/);
  assert.match(text.out, /c1 = sum of encoder states weighted by row 1/);
});

Deno.test("step on a Transformer: one frame per layer; on a terminal it waits between frames", async () => {
  const { json, line, session } = await repl({ isTty: true });
  const result = await json<StepResult>("step", "나는", "학생이다");
  assert.equal(result.family, "transformer");
  assert.deepEqual(
    result.frames.map((f) =>
      f.kind === "transformer-layer" ? `${f.where}${f.layer}:${f.attention.length}` : f.kind
    ),
    ["encoder0:1", "encoder1:1", "decoder0:2"],
  );
  const asked: string[] = [];
  const answers: ("next" | "quit")[] = ["next", "quit"];
  session.stepPrompter = (hint) => {
    asked.push(hint);
    return Promise.resolve(answers.shift() ?? "next");
  };
  const r = await line("step", "나는", "학생이다");
  assert.equal(r.code, 0, r.err);
  assert.equal(asked.length, 2, "asked after frames 1 and 2, then stopped");
  assert.equal((r.out.match(/── frame /g) ?? []).length, 2);
  assert.match(r.out, /stopped after frame 2/);
});

Deno.test("compare runs one model per family and marks outputs against the task's reference", async () => {
  const { json, line, session } = await repl();
  const before = session.lastRun;
  const result = await json<CompareResult>("compare", "나는", "학생이다");
  assert.equal(result.task, "ko-en");
  assert.equal(result.reference, "I am a student");
  assert.deepEqual(result.rows.map((r) => [r.family, r.model]), [
    ["RNN", "ko-en-gru"],
    ["RNN+attention", "ko-en-gru-bahdanau"],
    ["Transformer", "ko-en-transformer"],
  ]);
  for (const row of result.rows) {
    assert.equal(row.correct, row.output === "I am a student");
    assert.ok(row.ms > 0);
  }
  assert.equal(session.lastRun, before, "compare leaves the last run alone");
  const unknown = await json<CompareResult>("compare", "학생이다", "학생이다", "나는");
  assert.equal(unknown.reference, null);
  assert.ok(unknown.rows.every((r) => r.correct === null));
  const text = await line("compare", "나는", "학생이다");
  assert.match(text.out, /reference\s+I am a student/);
  assert.match(text.out, /RNN\+attention/);
  const missing = await line("compare", "abc", "--task", "reverse");
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no shipped models for task 'reverse'; expected one of: ko-en/);
});

Deno.test("set changes colormap, values, color and backend, and refuses what it does not know", async () => {
  const { json, line, session } = await repl();
  const all = await json<Record<string, unknown>>("set");
  assert.deepEqual(all, {
    colormap: "viridis",
    values: "off",
    color: "auto",
    backend: "cpu",
    kernels: "fast",
    lang: session.lang,
    images: "off",
    imageProtocol: null,
    // The model in use, as the banner names it: the default until `use` chooses one.
    model: await session.defaultModel(),
    modelChosen: false,
  });
  await json("set", "colormap", "magma");
  await json("set", "values", "on");
  await json("set", "backend", "auto");
  assert.deepEqual([session.colormapName, session.showValues, session.backendChoice], [
    "magma",
    true,
    "auto",
  ]);
  session.backendChoice = "cpu";
  const wrong = await line("set", "colormap", "jet");
  assert.equal(wrong.code, 2);
  assert.equal(wrong.err, "attn: expected set colormap viridis|magma|gray, got 'jet'\n");
  const typo = await line("set", "colour", "0");
  assert.equal(typo.code, 2);
  assert.match(typo.err, /did you mean 'color'\?/);

  // The color level reaches the views: 3 paints (even into a recorder), 0 never does.
  await json("run", "나는", "학생이다");
  await json("set", "color", "3");
  const painted = await line("attn");
  assert.ok(painted.out.includes("\x1b[48;2;"), "24-bit backgrounds at level 3");
  await json("set", "color", "0");
  const plain = await line("attn");
  assert.ok(!plain.out.includes("\x1b"), "no escape codes at level 0");
  assert.equal(stripAnsi(painted.out).split("\n")[0], plain.out.split("\n")[0]);
  // values on: the weights are printed in the cells.
  assert.match(plain.out, /\.\d\d/);
});

Deno.test("help lists every command and shows one with usage and examples", async () => {
  const { json, line } = await repl();
  const all = await json<HelpResult>("help");
  assert.deepEqual(all.commands.map((c) => c.name), commands.map((c) => c.name));
  const text = await line("help");
  for (const c of commands) assert.match(text.out, new RegExp(`^  ${c.name}\\s`, "m"));
  assert.match(text.out, /Ctrl-C stops a running command/);
  const attn = await line("help", "attn");
  assert.equal(attn.code, 0);
  assert.match(attn.out, /Usage: attn \[options\] \[kind\] \[layer\] \[head\]/);
  assert.match(attn.out, /Every command also takes: --json/);
  assert.match(attn.out, /Examples:\n {2}attn\n {2}attn cross 0 mean/);
  const bad = await line("help", "atn");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /no command 'atn'; did you mean 'attn'\?/);
});
