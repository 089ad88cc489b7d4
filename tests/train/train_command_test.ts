import assert from "node:assert/strict";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { makeTrainCommand } from "../../src/cli/commands/train.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import type { TrainReport } from "../../src/train/report.ts";
// Commands run in this process: their state (matmul tuning, progress) goes to a private dir.
import "../support/private_state.ts";

/** The command table with `train` using a tiny model and little data (seconds on cpu). */
const tinyCommands = [
  ...commands.filter((c) => c.name !== "train"),
  makeTrainCommand({
    recipe: {
      model: {
        dModel: 16,
        heads: 2,
        encoderLayers: 1,
        decoderLayers: 1,
        ffn: 32,
        embed: 16,
        hidden: 24,
      },
      batchSize: 16,
      lr: 1e-2,
      warmup: 5,
      logEvery: 10,
      evalEvery: 20,
      data: { train: 300, dev: 16, test: 16 },
    },
  }),
];

async function attn(
  args: string[],
  options: { io?: RecordingIo; signal?: AbortSignal } = {},
): Promise<{ code: number; out: string; err: string }> {
  const io = options.io ?? new RecordingIo();
  const code = await runCommandLine(args, {
    commands: tinyCommands,
    session: new Session(io),
    signal: options.signal,
  });
  return { code, out: io.outText, err: io.errText };
}

Deno.test("train refuses bad options with one-line usage errors naming what is allowed", async () => {
  const cases: [string[], RegExp][] = [
    [["train", "rnn", "reverse"], /arch must be one of: transformer, gru, lstm, gpt; got 'rnn'/],
    [["train", "gru", "french"], /unknown task 'french'; expected one of: reverse, .*ko-en/],
    [["train", "transformer", "reverse", "--attention", "bahdanau"], /one of: scaled-dot/],
    [["train", "gru", "reverse", "--attention", "dot"], /none, bahdanau, luong-dot, luong-general/],
    [["train", "gru", "reverse", "--pe", "rope"], /--pe applies to a transformer only/],
    [["train", "transformer", "reverse", "--pe", "alibi"], /--pe must be one of: sinusoidal/],
    [["train", "transformer", "reverse", "--norm", "mid"], /--norm must be one of: pre, post/],
    [["train", "transformer", "reverse", "--steps", "0"], /--steps must be from 1 to 100000/],
    [["train", "transformer", "reverse", "--steps", "1e9"], /--steps must be a whole number/],
    [["train", "transformer", "reverse", "--batch", "100000"], /--batch must be from 1 to 512/],
    [["train", "transformer", "reverse", "--lr", "abc"], /--lr must be a number above 0/],
    [["train", "transformer", "reverse", "--lr", "5"], /at most 1/],
    [["train", "transformer", "reverse", "--seed", "-1"], /--seed must be a whole number/],
    [["train", "transformer", "reverse", "--out", "model.bin"], /--out must name a .safetensors/],
    [
      ["train", "transformer", "reverse", "--out", "/no/such/dir/m.safetensors"],
      /directory \/no\/such\/dir does not exist/,
    ],
  ];
  for (const [args, pattern] of cases) {
    const r = await attn([...args, "--backend", "cpu"]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
    assert.match(r.err, pattern);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
    assert.equal(r.out, "");
  }
});

Deno.test("train --json trains, saves a loadable checkpoint with its scores and reports them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "attn-train-test-" });
  try {
    const out = `${dir}/copy.safetensors`;
    const r = await attn([
      "train",
      "transformer",
      "copy",
      "--steps",
      "30",
      "--seed",
      "4",
      "--out",
      out,
      "--json",
      "--backend",
      "cpu",
    ]);
    assert.equal(r.code, 0, r.err);
    const report: TrainReport = JSON.parse(r.out);
    assert.equal(report.arch, "transformer");
    assert.equal(report.attention, "scaled-dot");
    assert.equal(report.pe, "sinusoidal");
    assert.equal(report.task, "copy");
    assert.equal(report.steps, 30);
    assert.equal(report.lossCurve.length, 3);
    assert.equal(report.out, out);
    assert.equal(report.interrupted, false);
    assert.ok(report.tokensPerSecond > 0 && report.seconds > 0);
    assert.ok(report.test.exactMatch >= 0 && report.test.exactMatch <= 1);
    // Progress went to stderr as plain lines (stdout holds only the JSON).
    assert.match(r.err, /step 10\/30 \| loss \d/);
    assert.ok(!r.err.includes("\x1b"), "escape codes in plain progress lines");
    const saved = await loadCheckpoint(out);
    assert.equal(saved.config.task, "copy");
    assert.equal(Number(saved.metadata.accuracy), report.test.exactMatch);
    assert.equal(Number(saved.metadata.token_accuracy), report.test.tokenAccuracy);
    assert.equal(saved.metadata.train_steps, "30");
    assert.equal(saved.metadata.seed, "4");
    assert.equal(saved.metadata.task, "copy");
    assert.ok(Number(saved.metadata.train_seconds) > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train --all and --recipe refuse what they cannot do in one usage line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "attn-train-test-" });
  try {
    const recipe = (name: string, text: string) => {
      Deno.writeTextFileSync(`${dir}/${name}`, text);
      return `${dir}/${name}`;
    };
    const cases: [string[], RegExp][] = [
      [["train", "--all", "transformer", "reverse"], /train --all trains every shipped model; got/],
      [["train", "--all", "--steps", "10"], /--steps applies to one model, not to --all/],
      [["train", "--all", "--out", `${dir}/m.safetensors`], /--out applies to one model/],
      [
        ["train", "--all", "--only", "reverse-gru-bahdanu", "--out-dir", dir],
        /--only: unknown model 'reverse-gru-bahdanu'; did you mean 'reverse-gru-bahdanau'\?/,
      ],
      [["train", "--all", "--only", ",", "--out-dir", dir], /--only: expected model names/],
      [
        ["train", "--all", "--only", "reverse-gru", "--out-dir", `${dir}/none`],
        /directory .*\/none does not exist/,
      ],
      [
        ["train", "transformer", "reverse", "--only", "reverse-gru"],
        /--only applies to train --all/,
      ],
      [["train", "transformer", "reverse", "--force"], /--force applies to train --all only/],
      [["train", "transformer"], /train needs an arch and a task .*, or --all/],
      [["train", "transformer", "reverse", "--recipe", `${dir}/no.json`], /no.json: no such file/],
      [
        ["train", "transformer", "reverse", "--recipe", dir],
        /expected a JSON file, got a directory/,
      ],
      [
        ["train", "transformer", "reverse", "--recipe", recipe("bad.json", "{steps: 3}")],
        /bad\.json: expected JSON, /,
      ],
      [
        ["train", "transformer", "reverse", "--recipe", recipe("list.json", "[1]")],
        /list\.json: expected a JSON object of recipe fields, got \[1\]/,
      ],
      [
        ["train", "transformer", "reverse", "--recipe", recipe("typo.json", '{"step": 3}')],
        /typo\.json: unknown field 'step'; expected some of: model, steps, batchSize, /,
      ],
      [
        ["train", "transformer", "reverse", "--recipe", recipe("lr.json", '{"lr": "fast"}')],
        /lr\.json: field lr: expected a number, got "fast"/,
      ],
      [
        [
          "train",
          "transformer",
          "reverse",
          "--recipe",
          recipe("m.json", '{"model": {"dmodel": 8}}'),
        ],
        /m\.json: field model: unknown 'dmodel'; expected some of: dModel, heads, /,
      ],
      [
        ["train", "transformer", "reverse", "--recipe", recipe("d.json", '{"data": {"train": 9}}')],
        /d\.json: field data: expected all of train, dev, test; 'dev' is missing/,
      ],
      [
        [
          "train",
          "--all",
          "--recipe",
          recipe("h.json", '{"model": {"heads": 1.5}}'),
          "--out-dir",
          dir,
        ],
        /h\.json: field model\.heads: expected a whole number >= 1, got 1\.5/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const r = await attn([...args, "--backend", "cpu"]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
      assert.match(r.err, pattern);
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
      assert.equal(r.out, "");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train --recipe sets recipe fields from a JSON file; command-line options win", async () => {
  const dir = await Deno.makeTempDir({ prefix: "attn-train-test-" });
  try {
    const file = `${dir}/quick.json`;
    await Deno.writeTextFile(file, JSON.stringify({ steps: 12, logEvery: 4, evalEvery: 6 }));
    const run = async (extra: string[]) => {
      const r = await attn(["train", "transformer", "copy", "--recipe", file, "--json", ...extra]);
      assert.equal(r.code, 0, r.err);
      return JSON.parse(r.out) as TrainReport;
    };
    const fromFile = await run(["--backend", "cpu"]);
    assert.equal(fromFile.steps, 12);
    assert.deepEqual(fromFile.lossCurve.map((p) => p.step), [4, 6, 8, 12]);
    assert.deepEqual(fromFile.evaluations.map((e) => e.step), [6, 12]);
    const overridden = await run(["--steps", "8", "--backend", "cpu"]);
    assert.equal(overridden.steps, 8);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train --all on Ctrl-C saves nothing of the model in training and exits 130", async () => {
  const dir = await Deno.makeTempDir({ prefix: "attn-train-test-" });
  try {
    const controller = new AbortController();
    const io = new class extends RecordingIo {
      override out(text: string): void {
        super.out(text);
        if (text.startsWith("[1/1] ")) controller.abort(); // as the model starts training
      }
    }();
    const r = await attn(
      ["train", "--all", "--only", "reverse-transformer", "--out-dir", dir, "--backend", "cpu"],
      { io, signal: controller.signal },
    );
    assert.equal(r.code, 130, r.err);
    assert.equal(
      r.err.trim(),
      "attn: interrupted while training reverse-transformer: it was not saved (the models listed above are)",
    );
    assert.match(r.out, /^\[1\/1\] reverse-transformer\nno model was trained or skipped/);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("help train documents --recipe and --all", async () => {
  const r = await attn(["help", "train"]);
  assert.equal(r.code, 0, r.err);
  for (
    const option of ["--recipe <file>", "--all", "--only <names>", "--force", "--out-dir <dir>"]
  ) {
    assert.ok(r.out.includes(option), `help train lacks ${option}`);
  }
  assert.match(r.out, /project or the state\s+directory/);
});

/** Presses Ctrl-C (aborts) when a progress line for `step` is written. */
class InterruptingIo extends RecordingIo {
  constructor(readonly controller: AbortController, readonly step: number) {
    super();
  }
  override out(text: string): void {
    super.out(text);
    // The progress line in English or Korean (`step 10/500`, `단계 10/500`).
    if (text.includes(`step ${this.step}/`) || text.includes(`단계 ${this.step}/`)) {
      this.controller.abort();
    }
  }
}

Deno.test("train stops on Ctrl-C, saves the best parameters so far, says what it kept, exits 130", async () => {
  const dir = await Deno.makeTempDir({ prefix: "attn-train-test-" });
  try {
    const out = `${dir}/interrupted.safetensors`;
    const controller = new AbortController();
    const io = new InterruptingIo(controller, 30);
    const r = await attn(
      ["train", "gru", "copy", "--attention", "luong-dot", "--steps", "500", "--out", out],
      { io, signal: controller.signal },
    );
    assert.equal(r.code, 130, r.err);
    assert.match(
      r.err,
      /keeping the parameters of step 20 \(best on dev\); scoring skipped \(--score-on-stop scores a stopped run\), then saving/,
    );
    assert.equal(
      r.err.trim().split("\n").at(-1),
      `attn: interrupted at step 30: kept the parameters of step 20 (best dev exact match ${
        /dev: {2}exact match (\d+\.\d%)/.exec(r.out)?.[1]
      }); saved ${out}`,
    );
    assert.match(r.out, /interrupted after 30 of 500 steps/);
    assert.match(r.out, /kept the parameters of step 20 \(best dev exact match/);
    const saved = await loadCheckpoint(out);
    assert.equal(saved.config.arch, "gru");
    assert.equal(saved.metadata.interrupted, "true");
    assert.equal(saved.metadata.best_step, "20");
    assert.equal(saved.metadata.kept_by, "dev");
    assert.equal(saved.metadata.accuracy, undefined, "test was not scored");
    assert.ok(saved.metadata.dev_accuracy !== undefined, "the dev score of step 20 is kept");
    assert.match(r.out, /^test: not scored/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train on a terminal redraws the loss chart and progress line in place", async () => {
  const io = new RecordingIo(100, true);
  const r = await attn(["train", "transformer", "copy", "--steps", "30", "--backend", "cpu"], {
    io,
  });
  assert.equal(r.code, 0, r.err);
  // The second frame moves the cursor up over the first and clears it.
  // deno-lint-ignore no-control-regex
  assert.ok(io.stdout.some((t) => /^\x1b\[\d+F\x1b\[J/.test(t)), "no in-place redraw");
  assert.match(r.out, /training loss/);
  assert.match(r.out, /step 20\/30 \[=+-*\]/);
  assert.match(r.out, /not saved \(use --out FILE/);
});

Deno.test("train on a terminal counts the examples while it scores, instead of a silent pause", async () => {
  const io = new RecordingIo(100, true);
  const r = await attn(["train", "transformer", "copy", "--steps", "30", "--backend", "cpu"], {
    io,
  });
  assert.equal(r.code, 0, r.err);
  const frames = io.stdout.join("");
  const test = [...frames.matchAll(/scoring test: (\d+)\/(\d+) examples/g)];
  assert.ok(test.length >= 2, "a count before and after the test split's batches");
  assert.equal(test[0][1], "0");
  assert.equal(test.at(-1)![1], test.at(-1)![2], "the count ends at every example");
  assert.match(frames, /scoring dev: \d+\/\d+ examples/, "dev evaluations count too");
  // The count goes with the frame: the summary below it is what stays.
  assert.ok(frames.lastIndexOf("scoring test") < frames.lastIndexOf("test: exact match"));
});

Deno.test("a stopped train says 'not scored' in the session's language", async () => {
  const controller = new AbortController();
  const io = new InterruptingIo(controller, 10);
  const r = await attn(
    ["train", "gru", "copy", "--steps", "500", "--backend", "cpu", "--lang", "ko"],
    { io, signal: controller.signal },
  );
  assert.equal(r.code, 130, r.err);
  assert.match(r.out, /^test: 채점하지 않음 \(학습을 멈췄습니다; --score-on-stop/m);
  assert.match(r.err, /채점은 건너뜀 \(--score-on-stop을 주면 멈춘 뒤에도 채점합니다\)/);
});
