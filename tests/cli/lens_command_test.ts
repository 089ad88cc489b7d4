/**
 * `lens`: the logit lens through the paths users hit, on the shipped models (cpu backend).
 * The must-show: the lens's last layer is the model's own output distribution, checked
 * against softmax(logits) of the model's forward pass (every model kind) and against
 * `generate --json`'s probabilities (the GPT, computed there through the KV cache); the view in
 * English and Korean through `deno task attn` and the REPL; the JSON's shape; bad input.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { displayWidth, stripAnsi } from "../../src/render/layout.ts";
import type { LensResult } from "../../src/app/logit_lens.ts";
import type { GenerateResult } from "../../src/app/generate_text.ts";
import { isLoadedGpt, loadAnyModel } from "../../src/models/weights/registry.ts";
import { makeSourceBatch } from "../../src/models/decode/greedy.ts";
import { softmaxRow } from "../../src/models/decode/sample.ts";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { cpuBackend } from "../support/backends.ts";
import "../support/private_state.ts";

const SENTENCE = ["나는", "학생이다"];

async function attn(args: string[], columns = 80, color: 0 | 3 = 0) {
  const io = new RecordingIo(columns);
  const session = new Session(io, {});
  session.color = color;
  const code = await runCommandLine(["--backend", "cpu", ...args], { commands, session });
  return { code, out: io.outText, err: io.errText };
}

async function lensJson(model: string, extra: string[] = []): Promise<LensResult> {
  const r = await attn(["lens", ...SENTENCE, "--model", model, "--json", ...extra]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

/** softmax(logits) of the model's own forward pass over the lens's positions: [T][V]. */
async function ownDistribution(model: string, lens: LensResult): Promise<Float64Array[]> {
  const loaded = await loadAnyModel(model, cpuBackend);
  const logits = tidy(() => {
    if (isLoadedGpt(loaded)) {
      const ids = lens.positions.map((t) => loaded.tokenizer.vocab.id(t));
      return loaded.model.forward(Tensor.from(cpuBackend, ids, [1, ids.length])); // [1, T, V]
    }
    const src = loaded.source.sourceIds(loaded.source.encode(SENTENCE.join(" ")));
    const batch = makeSourceBatch(cpuBackend, [src]);
    const ids = lens.positions.map((t) => loaded.target.vocab.id(t));
    const tgtIn = Tensor.from(cpuBackend, ids, [1, ids.length]); // [1, T]
    return loaded.model.forward({ ...batch, tgtIn }); // [1, T, Vt]
  });
  const data = await logits.toArray();
  logits.dispose();
  const v = logits.shape[2];
  return lens.positions.map((_, j) => softmaxRow(data.subarray(j * v, (j + 1) * v)));
}

/** The last layer's top-k at every position equals the model's softmax(logits), within 1e-6. */
async function assertLastLayerIsOutput(model: string): Promise<LensResult> {
  const lens = await lensJson(model);
  const own = await ownDistribution(model, lens);
  const last = lens.layers.at(-1)!;
  last.top.forEach((cands, j) => {
    const ranked = [...own[j].keys()].sort((a, b) => own[j][b] - own[j][a] || a - b);
    assert.deepEqual(cands.map((c) => c.id), ranked.slice(0, 5), `${model} position ${j}`);
    for (const c of cands) {
      assert.ok(Math.abs(c.p - own[j][c.id]) <= 1e-6, `${model} position ${j}: ${c.p}`);
    }
  });
  return lens;
}

Deno.test("lens: the last layer is the model's own output distribution (GPT, Transformer, RNNs)", async () => {
  for (
    const model of [
      "ko-en-gpt",
      "ko-en-transformer",
      "reverse-transformer",
      "ko-en-gru-bahdanau",
      "ko-en-gru-luong-general",
      "ko-en-lstm-luong-dot",
      "ko-en-gru",
    ]
  ) {
    await assertLastLayerIsOutput(model);
  }
});

Deno.test("lens on the GPT: the last layer equals generate --json's probabilities (KV cache path)", async () => {
  const lens = await lensJson("ko-en-gpt");
  const r = await attn(["generate", ...SENTENCE, "--model", "ko-en-gpt", "--json"]);
  assert.equal(r.code, 0, r.err);
  const generated: GenerateResult = JSON.parse(r.out);
  const start = generated.prompt.ids.length - 1; // the position that chose the first new token
  assert.equal(lens.positions.length, start + generated.output.ids.length);
  generated.steps.forEach((step, i) => {
    const cands = lens.layers.at(-1)!.top[start + i];
    assert.equal(lens.next[start + i], step.token);
    step.before.slice(0, cands.length).forEach((c, k) => {
      assert.equal(cands[k].id, c.id, `step ${i} candidate ${k}`);
      assert.ok(Math.abs(cands[k].p - c.p) <= 1e-6, `step ${i}: ${cands[k].p} vs ${c.p}`);
    });
  });
});

Deno.test("lens --json: the contract's shape, --top K candidates, bottom-up layers, next tokens", async () => {
  const gpt = await lensJson("ko-en-gpt", ["--top", "3"]);
  assert.equal(gpt.model, "ko-en-gpt");
  assert.equal(gpt.mode, "translate");
  assert.deepEqual(gpt.layers.map((l) => l.layer), [-1, 0, 1]); // embedding, then the 2 blocks
  assert.equal(gpt.positions[0], "<bos>");
  assert.ok(gpt.positions.includes("<sep>"));
  assert.equal(gpt.next.at(-1), "<eos>");
  assert.deepEqual(gpt.next.slice(0, -1), gpt.positions.slice(1)); // teacher-forced on itself
  for (const layer of gpt.layers) {
    assert.equal(layer.top.length, gpt.positions.length);
    for (const cands of layer.top) {
      assert.equal(cands.length, 3);
      assert.ok(cands[0].p >= cands[1].p && cands[1].p >= cands[2].p);
      for (const c of cands) assert.ok(typeof c.token === "string" && c.p >= 0 && c.p <= 1);
    }
  }
  // After <sep>, the greedy output: the last layer's top token is the next token.
  const sep = gpt.positions.indexOf("<sep>");
  for (let j = sep; j < gpt.positions.length; j++) {
    assert.equal(gpt.layers.at(-1)!.top[j][0].token, gpt.next[j]);
  }
  assert.equal(gpt.settled.length, gpt.positions.length);

  const rnn = await lensJson("ko-en-gru-bahdanau");
  assert.equal(rnn.mode, "seq2seq");
  assert.deepEqual(rnn.layers.map((l) => l.layer), [0]); // one decoder layer, no embedding row
  assert.equal(rnn.positions[0], "<bos>");
  assert.deepEqual(rnn.output.tokens, ["I", "am", "a", "student"]);
  assert.deepEqual(rnn.next, [...rnn.output.tokens, "<eos>"]);
  const transformer = await lensJson("reverse-transformer");
  assert.deepEqual(transformer.layers.map((l) => l.layer), [-1, 0, 1]);
});

Deno.test("lens: bad input is one clear line (unknown model, empty text, --top 0)", async () => {
  const cases: [string[], RegExp][] = [
    [["lens", "나는", "--model", "no-such-model"], /no-such-model/],
    [["lens", "  "], /expected a sentence to look inside/],
    [["lens", "나는", "--top", "0", "--model", "ko-en-gpt"], /--top must be from 1 to 100, got 0/],
  ];
  for (const [args, pattern] of cases) {
    const r = await attn(args);
    assert.equal(r.code, 2, r.err);
    assert.equal(r.out, "");
    const lines = r.err.trim().split("\n");
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0], /^attn: /);
    assert.match(lines[0], pattern);
  }
  const ko = await attn(["--lang", "ko", "lens", ""]);
  assert.match(ko.err.trim(), /^attn: 들여다볼 문장이 필요합니다/);
});

/** Every line of a view fits `width` columns. */
function assertFits(out: string, width: number) {
  for (const line of out.split("\n")) {
    assert.ok(displayWidth(line) <= width, `${displayWidth(line)}: ${line}`);
  }
}

Deno.test("lens view through deno task attn, in English and Korean, within 80 columns", async () => {
  const en = await runAttn(["lens", ...SENTENCE, "--model", "ko-en-gpt", "--backend", "cpu"], {
    env: { COLUMNS: "80" },
  });
  assert.equal(en.code, 0, en.stderr);
  assertFits(en.stdout, 80);
  const lines = en.stdout.split("\n");
  const next = lines.findIndex((l) => l.startsWith("next "));
  assert.ok(next > 0, en.stdout);
  // Bottom-up: next, layer 1, layer 0, embed, input.
  assert.deepEqual(
    lines.slice(next, next + 5).map((l) => l.split(/\s+/)[0]),
    ["next", "layer", "layer", "embed", "input"],
  );
  assert.match(lines[next + 1], /^layer 1 /);
  assert.match(lines[next + 1], /\*▁I /); // the last layer chose the next token: marked
  assert.match(en.stdout, /the final prediction is already the top token from (embed|layer \d)/);
  assert.match(en.stdout, /rows: layers bottom-up/);

  const ko = await runAttn(
    ["lens", ...SENTENCE, "--model", "ko-en-gpt", "--backend", "cpu", "--lang", "ko"],
    { env: { COLUMNS: "80" } },
  );
  assert.equal(ko.code, 0, ko.stderr);
  assertFits(ko.stdout, 80);
  assert.match(ko.stdout, /^다음 /m);
  assert.match(ko.stdout, /^층 1 /m);
  assert.match(ko.stdout, /^임베딩 /m);
  assert.match(ko.stdout, /최종 예측은 .*이미 1위 토큰입니다/);
  assert.doesNotMatch(ko.stdout, /the final prediction/);
});

Deno.test("lens at the attn> prompt: the model in use, and one row for a single-layer RNN", async () => {
  const r = await runAttn([], {
    task: "start",
    stdin: "use ko-en-gru-bahdanau\nlens 나는 학생이다 --backend cpu\n",
    env: { COLUMNS: "80" },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ko-en-gru-bahdanau: logit lens/);
  assert.match(r.stdout, /^layer 0 .*\*student/m);
  assert.match(r.stdout, /one row: this RNN.s decoder has one layer/);
});

Deno.test("lens view: cells grow with the terminal, and long outputs go on in bands", async () => {
  const wide = await attn(["lens", ...SENTENCE, "--model", "ko-en-gpt"], 160);
  const narrow = await attn(["lens", ...SENTENCE, "--model", "ko-en-gpt"], 80);
  assert.equal(wide.code, 0, wide.err);
  assertFits(wide.out, 160);
  assertFits(narrow.out, 80);
  const inputLine = (out: string) => out.split("\n").find((l) => l.startsWith("input "))!;
  assert.ok(displayWidth(inputLine(wide.out)) > displayWidth(inputLine(narrow.out)));
  const long = await attn([
    "lens",
    "나는",
    "어제",
    "학교에서",
    "책을",
    "읽었다",
    "--model",
    "ko-en-gpt",
  ], 80);
  assert.equal(long.code, 0, long.err);
  assertFits(long.out, 80);
  assert.ok(long.out.split("\n").filter((l) => l.startsWith("next ")).length >= 2, long.out);
  assert.match(long.out, /…/); // tokens cut to their cells
});

Deno.test("lens view in colour: each cell's background is its probability, widths as without", async () => {
  const plain = await attn(["lens", ...SENTENCE, "--model", "ko-en-transformer"], 80, 0);
  const colour = await attn(["lens", ...SENTENCE, "--model", "ko-en-transformer"], 80, 3);
  assert.equal(colour.code, 0, colour.err);
  assertFits(colour.out, 80);
  assert.ok(!plain.out.includes("\x1b["), "no escape codes without colour");
  const row = colour.out.split("\n").find((l) => l.startsWith("layer 0 "))!;
  assert.ok(row.includes("\x1b[48;2;"), "a truecolour background per cell");
  assert.match(stripAnsi(row), /^layer 0 \*I +\*am +\*a +\*student +\*<eos> *$/); // the last cell keeps its coloured padding
});
