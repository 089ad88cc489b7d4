import assert from "node:assert/strict";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { sinusoidalTable } from "../../src/models/layers/positional.ts";
import type { PeResult } from "../../src/app/pe_table.ts";
import type { MaskResult } from "../../src/app/mask_demo.ts";
import { displayWidth } from "../../src/render/layout.ts";
// Commands run in this process: their state (matmul tuning, progress) goes to a private dir.
import "../support/private_state.ts";

async function attn(args: string[], columns = 80) {
  const io = new RecordingIo(columns);
  const code = await runCommandLine(args, { commands, session: new Session(io) });
  return { code, out: io.outText, err: io.errText };
}

async function json<T>(args: string[]): Promise<T> {
  const r = await attn([...args, "--json"]);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out);
}

Deno.test("pe sinusoidal --json holds exactly sinusoidalTable's numbers", async () => {
  const r = await json<PeResult>(["pe", "sinusoidal", "6", "8"]);
  assert.equal(r.kind, "sinusoidal");
  assert.deepEqual([r.rows.length, r.cols.length], [6, 8]);
  const table = sinusoidalTable(6, 8);
  assert.deepEqual(r.values!.flat(), Array.from(table));
  assert.equal(r.values![0][1], 1); // cos(0)
});

Deno.test("pe rope --json gives cos and sin of p * 10000^(-2i/dk) per pair", async () => {
  const r = await json<PeResult>(["pe", "rope", "5", "4"]);
  assert.deepEqual(r.cols, ["cos0", "sin0", "cos1", "sin1"]);
  for (let p = 0; p < 5; p++) {
    for (let i = 0; i < 2; i++) {
      const theta = p * Math.pow(10000, (-2 * i) / 4);
      assert.ok(Math.abs(r.values![p][2 * i] - Math.cos(theta)) < 1e-6);
      assert.ok(Math.abs(r.values![p][2 * i + 1] - Math.sin(theta)) < 1e-6);
      assert.ok(Math.abs(Math.cos(r.angles![p][i]) - Math.cos(theta)) < 1e-6);
    }
  }
});

Deno.test("pe renders a diverging heatmap within the terminal width, paging wide tables", async () => {
  for (const columns of [40, 80, 200]) {
    const r = await attn(["pe", "sinusoidal", "10", "128"], columns);
    assert.equal(r.code, 0, r.err);
    for (const line of r.out.trimEnd().split("\n")) assert.ok(displayWidth(line) <= columns, line);
    assert.ok(!r.out.includes("\x1b"), "a recorder is not a terminal: no color");
    if (columns < 128) {
      assert.match(
        r.out.replaceAll("\n", " "),
        /showing columns 1-\d+ of 128 \(page 1 of \d\); use --page 2/,
      );
    } else {
      assert.doesNotMatch(r.out, /showing columns/); // 128 one-column cells fit 200 columns
    }
  }
  const page2 = await attn(["pe", "sinusoidal", "10", "128", "--page", "2"], 80);
  assert.match(page2.out.replaceAll("\n", " "), /showing columns \d+-\d+ of 128 \(page 2 of/);
});

Deno.test("pe learned without --model shows the table of the shipped learned-PE model", async () => {
  const r = await attn(["pe", "learned"]);
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /learned positional encoding of ko-en-transformer-learned, 20 positions x 64/,
  );
  assert.match(r.out.replaceAll("\n", " "), /only exists in a trained model/);
  const j = await json<PeResult>(["pe", "learned"]);
  assert.equal(j.model, "ko-en-transformer-learned");
  assert.equal(j.values!.length, 20);
  assert.equal(j.values![0].length, 64);
});

Deno.test("pe learned without any learned-PE model names the train command that makes one", async () => {
  const empty = Deno.makeTempDirSync();
  try {
    const io = new RecordingIo(80);
    const session = new Session(io, { weightsDir: empty });
    const code = await runCommandLine(["pe", "learned", "--json"], { commands, session });
    assert.equal(code, 0, io.errText);
    const j: PeResult = JSON.parse(io.outText);
    assert.equal(j.values, null);
    assert.match(j.explanation, /train transformer ko-en --pe learned --out \S+\.safetensors/);
  } finally {
    Deno.removeSync(empty, { recursive: true });
  }
});

Deno.test("pe refuses unknown kinds and odd widths with usage errors", async () => {
  const bad = await attn(["pe", "cosine"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /expected pe sinusoidal, learned or rope, got 'cosine'/);
  const odd = await attn(["pe", "rope", "4", "5"]);
  assert.equal(odd.code, 2);
  assert.match(odd.err, /expected an even dim/);
  const missing = await attn(["pe", "learned", "--model", "no-such-model"]);
  assert.equal(missing.code, 2);
});

Deno.test("mask causal: -inf above the diagonal and softmax rows of 1/q with exact zeros", async () => {
  const r = await json<MaskResult>(["mask", "causal", "4"]);
  const m = r.masks[0];
  for (let q = 0; q < 4; q++) {
    for (let k = 0; k < 4; k++) {
      assert.equal(m.additive[q][k], k > q ? "-inf" : 0);
      if (k > q) assert.equal(m.weights[q][k], 0);
      else assert.ok(Math.abs(m.weights[q][k] - 1 / (q + 1)) < 1e-6);
    }
    assert.ok(Math.abs(m.weights[q].reduce((a, b) => a + b, 0) - 1) < 1e-6);
  }
  const text = await attn(["mask", "causal", "4"]);
  assert.match(text.out, /1 +0 +-∞ +-∞ +-∞/);
  // Masked keys are drawn as "·" (cannot attend), not as a small weight ".00".
  assert.match(text.out, /1 +1\.00 +· +· +·/);
  assert.match(text.out, /· masked: cannot attend/);
});

Deno.test("mask padding --lengths: padded keys get -inf and weight exactly 0", async () => {
  const r = await json<MaskResult>(["mask", "padding", "5", "--lengths", "5,3"]);
  assert.deepEqual(r.lengths, [5, 3]);
  assert.equal(r.masks.length, 2);
  const short = r.masks[1];
  assert.deepEqual(short.cols, ["1", "2", "3", "pad", "pad"]);
  for (const row of short.weights) {
    assert.deepEqual(row.slice(3), [0, 0]);
    for (const w of row.slice(0, 3)) assert.ok(Math.abs(w - 1 / 3) < 1e-6);
  }
  assert.ok(r.masks[0].weights.flat().every((w) => Math.abs(w - 0.2) < 1e-6));
  const tooLong = await attn(["mask", "padding", "4", "--lengths", "5"]);
  assert.equal(tooLong.code, 2);
  const causalLengths = await attn(["mask", "causal", "4", "--lengths", "2"]);
  assert.equal(causalLengths.code, 2);
});

Deno.test("mask fits 40, 80 and 200 columns", async () => {
  for (const columns of [40, 80, 200]) {
    const r = await attn(["mask", "padding", "30", "--lengths", "30,12"], columns);
    assert.equal(r.code, 0, r.err);
    for (const line of r.out.trimEnd().split("\n")) {
      assert.ok(displayWidth(line) <= columns, `${columns}: ${line}`);
    }
  }
});
