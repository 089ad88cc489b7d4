/**
 * `ablate` through `deno task attn` on the shipped models (cpu backend): a head is required,
 * specs naming what a model does not have are refused in one line, the JSON has the contract's
 * shape, before.p are the probabilities `run` and `generate` decode with, switching off every
 * head of a layer moves them, an RNN's one attention can be switched off, --mean works, and
 * the view speaks Korean.
 */
import assert from "node:assert/strict";
import { Command } from "@commander-js/extra-typings";
import { runAttn } from "../support/run_attn.ts";
import { ablateHelpMessages } from "../../src/cli/ablate_help_messages.ts";
import { ablateCommand } from "../../src/cli/commands/ablate.ts";
import { parseHeadSpecs } from "../../src/app/head_specs.ts";
import { rnnDefaults, transformerDefaults } from "../../src/models/config.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";
import { displayWidth } from "../../src/render/layout.ts";
import type { AblateResult } from "../../src/app/ablate_heads.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import type { GenerateResult } from "../../src/app/generate_text.ts";

/** No GPU (the cpu backend is fast at these sizes) and an English terminal. */
const env = { DENO_WEBGPU_BACKEND: "doesnotexist", LANG: "en_US.UTF-8", LC_ALL: "" };
const SENTENCE = ["나는", "학생이다"];

function attn(args: string[]) {
  return runAttn(["--backend", "cpu", ...args], { env });
}

async function ablateJson(args: string[]): Promise<AblateResult> {
  const run = await attn(["ablate", ...SENTENCE, "--json", ...args]);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout);
}

/** A refusal: exit 2, one `attn:` line on stderr matching `pattern`, nothing on stdout. */
async function assertRefused(args: string[], pattern: RegExp): Promise<void> {
  const run = await attn(["ablate", ...SENTENCE, ...args]);
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, "");
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0], /^attn: /);
  assert.match(lines[0], pattern);
}

const maxAbsDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

Deno.test("ablate without --head (or with an empty one) is refused: no head is no ablation", async () => {
  await assertRefused([], /expected --head/);
  await assertRefused(["--head", ","], /expected --head/);
});

Deno.test("ablate refuses heads a model does not have, in one line saying what it has", async () => {
  await assertRefused(
    ["--head", "encoder:5.1"],
    /no encoder layer 5: its encoder layers are 0\.\.1/,
  );
  await assertRefused(["--head", "cross:0.7"], /no head 7 in cross layer 0: its heads are 0\.\.3/);
  // A bare L.H is ambiguous on an encoder-decoder: the line lists the three forms.
  await assertRefused(["--head", "0.1"], /encoder:L\.H, decoder:L\.H or cross:L\.H/);
  await assertRefused(["--head", "attention", "--model", "ko-en-gru"], /has no attention/);
  await assertRefused(["--head", "1.9", "--model", "ko-en-gpt"], /no head 9 in decoder layer 1/);
});

Deno.test("ablate --json: the contract's shape; before is run's greedy output and its probabilities", async () => {
  const [result, beam] = await Promise.all([
    ablateJson(["--head", "cross:0.*"]),
    attn(["run", ...SENTENCE, "--beam", "1", "--json"]),
  ]);
  assert.equal(beam.code, 0, beam.stderr);
  const run: RunResult = JSON.parse(beam.stdout);
  assert.equal(result.model, "ko-en-transformer");
  assert.deepEqual(result.heads, ["cross:0.0", "cross:0.1", "cross:0.2", "cross:0.3"]);
  assert.equal(result.mode, "zero");
  const { before, after } = result;
  assert.deepEqual(before.tokens, [...run.output.tokens, "<eos>"]);
  assert.deepEqual(after.tokens, before.tokens);
  assert.equal(before.p.length, before.tokens.length);
  assert.equal(after.p.length, before.tokens.length);
  for (const p of [...before.p, ...after.p]) assert.ok(p >= 0 && p <= 1, `p ${p}`);
  // Beam search of width 1 is greedy decoding, and its score is the mean log-probability of
  // the output (<eos> included): the same numbers as the teacher-forced before.p.
  const meanLog = before.p.reduce((s, p) => s + Math.log(p), 0) / before.p.length;
  assert.ok(Math.abs(meanLog - run.decoding.score!) < 1e-4, `${meanLog} vs ${run.decoding.score}`);
  // Every head of the only cross-attention off: the decoder no longer sees the source.
  assert.ok(maxAbsDiff(before.p, after.p) > 0.1, `p moved: ${before.p} -> ${after.p}`);
  assert.ok(result.summary.meanAfter < result.summary.meanBefore);
  assert.equal(typeof result.ablated.text, "string");
});

Deno.test("ablate on the GPT: before.p are generate's greedy probabilities, L.* moves them", async () => {
  const [result, generated] = await Promise.all([
    ablateJson(["--head", "1.*", "--model", "ko-en-gpt"]),
    attn(["generate", ...SENTENCE, "--model", "ko-en-gpt", "--json"]),
  ]);
  assert.equal(generated.code, 0, generated.stderr);
  const gen: GenerateResult = JSON.parse(generated.stdout);
  assert.deepEqual(result.heads, ["1.0", "1.1", "1.2", "1.3"]);
  assert.deepEqual(result.before.tokens, gen.output.tokens);
  const p = gen.steps.map((s) => s.before[0].p); // greedy: the top candidate of softmax(logits)
  assert.ok(maxAbsDiff(result.before.p, p) < 1e-4, `${result.before.p} vs ${p}`);
  assert.ok(maxAbsDiff(result.before.p, result.after.p) > 0.1);
});

Deno.test("ablate --head attention switches an RNN's context vector off; --mean uses the reference", async () => {
  const [zero, mean] = await Promise.all([
    ablateJson(["--head", "attention", "--model", "ko-en-gru-bahdanau"]),
    ablateJson(["--head", "attention", "--model", "ko-en-gru-bahdanau", "--mean"]),
  ]);
  assert.deepEqual(zero.heads, ["attention"]);
  assert.ok(maxAbsDiff(zero.before.p, zero.after.p) > 0.05, `${zero.after.p}`);
  assert.equal(mean.mode, "mean");
  assert.equal(mean.referenceSentences, 64);
  assert.deepEqual(mean.before, zero.before);
  assert.notDeepEqual(mean.after.p, zero.after.p);
});

Deno.test("the ablate view speaks Korean: both outputs, the per-step table and the verdict", async () => {
  const run = await attn(["ablate", ...SENTENCE, "--head", "cross:0.*", "--lang", "ko"]);
  assert.equal(run.code, 0, run.stderr);
  const flat = run.stdout.replace(/\n/g, " ");
  for (
    const label of ["원래", "끈 뒤", "단계", "p 켬", "p 끔", "원래 토큰의 평균 확률", "0 소거"]
  ) {
    assert.ok(flat.includes(label), `no "${label}" in\n${run.stdout}`);
  }
  for (const word of ["original", "ablated", "unchanged", "changed", "step"]) {
    assert.ok(!new RegExp(`\\b${word}\\b`).test(run.stdout), `English "${word}" in\n${run.stdout}`);
  }
  assert.deepEqual(unresolvedParticles(run.stdout), []);
  assert.match(run.stdout, /-> 0\.\d\d/); // the per-step p before -> after
});

Deno.test("the Korean help of ablate translates the command's current English, and help shows it", async () => {
  const catalog: Record<string, { en: string; ko: string }> = ablateHelpMessages;
  const expected = new Map<string, string>([["help.summary.ablate", ablateCommand.summary]]);
  const cmd = ablateCommand.configure(new Command("ablate"));
  for (const a of cmd.registeredArguments) {
    expected.set(`help.arg.ablate.${a.name()}`, a.description);
  }
  for (const o of cmd.options) expected.set(`help.option.ablate.${o.long}`, o.description);
  assert.deepEqual(Object.keys(catalog).sort(), [...expected.keys()].sort());
  for (const [id, en] of expected) assert.equal(catalog[id].en, en, id);
  const run = await attn(["help", "ablate", "--lang", "ko"]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.replace(/\s+/g, " ").includes("끌 헤드:"), run.stdout);
});

Deno.test("head specs: L.* expands, repeats are dropped, case and spaces do not matter", () => {
  const config = { ...transformerDefaults, srcVocab: 9, tgtVocab: 9 };
  const read = parseHeadSpecs(" CROSS:0.1 , cross:0.1,decoder:1.*", config, "t");
  assert.deepEqual(read.labels, [
    "cross:0.1",
    ...Array.from({ length: config.heads }, (_, h) => `decoder:1.${h}`),
  ]);
  assert.deepEqual(read.refs[0], { site: "cross", layer: 0, head: 1 });
  const rnn = { ...rnnDefaults, attention: "bahdanau" as const, srcVocab: 9, tgtVocab: 9 };
  for (const spec of ["attention", "alignment", "alignment:0.0"]) {
    assert.deepEqual(parseHeadSpecs(spec, rnn, "r").refs, [{
      site: "alignment",
      layer: 0,
      head: 0,
    }]);
  }
  assert.throws(() => parseHeadSpecs("cross:0.1", rnn, "r"), /its one head is --head attention/);
  assert.throws(() => parseHeadSpecs("cross:x.1", config, "t"), /expected a head as encoder:L\.H/);
});

Deno.test("the ablate view fits a 64-column terminal whole: bars shrink, no step line is cut", async () => {
  const run = await runAttn(["--backend", "cpu", "ablate", ...SENTENCE, "--head", "cross:0.0"], {
    env: { ...env, COLUMNS: "64" },
  });
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split("\n");
  for (const line of lines) assert.ok(displayWidth(line) <= 64, `too wide: ${line}`);
  const steps = lines.filter((l) => /^ +\d+ {2}/.test(l));
  assert.ok(steps.length >= 2, run.stdout);
  for (const line of steps) {
    assert.match(
      line,
      /\d\.\d\d.* -> \d\.\d\d.* [+-]?\d\.\d\d +\*?\S+$/,
      "p on, p off, change, token",
    );
    assert.ok(!line.endsWith("…"), line);
  }
});
