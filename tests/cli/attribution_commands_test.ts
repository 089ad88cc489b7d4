/**
 * `rollout` and `saliency` through the path users hit: a script fed to the attn> prompt
 * (`deno task start`, one process for many commands, cpu backend) and a shell one-liner for
 * the refusal's exit code, on the shipped ko-en-transformer, ko-en-gpt and RNNs, in English and
 * Korean. The JSON is checked against docs/CONTRACT.md's shape, rows summing to 1, and against
 * `run --json` of the same sentence: the rollout equals the product of the run's own
 * attention worked here, and the saliency's attention is the run's last cross-attention.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { displayWidth } from "../../src/render/layout.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";
import type { RolloutResult } from "../../src/app/attribution/rollout_text.ts";
import type { SaliencyResult } from "../../src/app/attribution/saliency_text.ts";
import type { RunResult } from "../../src/models/run_result.ts";

const noGpu = { DENO_WEBGPU_BACKEND: "doesnotexist", LC_ALL: "", LC_MESSAGES: "" };
const english = { ...noGpu, LANG: "en_US.UTF-8" };
/** Wide enough for the two grids side by side with their titles on one line each. */
const wide = { ...english, COLUMNS: "200" };
const SENTENCE = "나는 학생이다";

/** Runs `lines` at the attn> prompt; stdout split into the lines each command printed. */
async function script(lines: string[], env: Record<string, string> = english) {
  const run = await runAttn([], { task: "start", env, stdin: lines.join("\n") + "\n" });
  return { ...run, lines: run.stdout.trim().split("\n") };
}

const contract = Deno.readTextFileSync(new URL("../../docs/CONTRACT.md", import.meta.url));

/** The field names of the JSON shape docs/CONTRACT.md writes under `heading`. */
function documentedFields(heading: string): string[] {
  const start = contract.indexOf(heading);
  assert.ok(start >= 0, `docs/CONTRACT.md has no ${heading}`);
  const block = contract.slice(start).match(/\n```\n([^]*?)\n```/)?.[1] ?? "";
  const names = [...block.replace(/"[^"]*"/g, "").matchAll(/([A-Za-z_]\w*)\??\s*(?=[:,}])/g)]
    .map((m) => m[1]).filter((n) => !["null", "number", "string"].includes(n));
  assert.ok(names.length > 5, `a JSON shape under ${heading}`);
  return names;
}

/** Every key of an object, of the objects in it and of its arrays' elements. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) keysOf(v, into.add(k));
  }
  return into;
}

function assertDocumented(heading: string, json: unknown): void {
  const keys = keysOf(json);
  for (const name of documentedFields(heading)) {
    assert.ok(keys.has(name), `${heading}: the documented field ${name} is missing`);
  }
}

function sumsToOne(m: number[][], what: string, tol = 1e-4): void {
  m.forEach((row, i) => {
    const sum = row.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sum - 1) < tol, `${what}: row ${i} sums to ${sum}`);
  });
}

function shape(m: number[][], rows: number, cols: number, what: string): void {
  assert.equal(m.length, rows, `${what}: rows`);
  m.forEach((row) => assert.equal(row.length, cols, `${what}: columns`));
}

function closeMatrices(a: number[][], b: number[][], tol: number, what: string): void {
  a.forEach((row, i) =>
    row.forEach((v, j) =>
      assert.ok(Math.abs(v - b[i][j]) <= tol, `${what} [${i}][${j}]: ${v} vs ${b[i][j]}`)
    )
  );
}

/** The rollout of a run's attention of `kind`, worked out here: heads averaged, 0.5 A + 0.5 I. */
function rolloutOf(run: RunResult, kind: "encoder" | "decoder"): number[][] {
  const stack = run.attention.filter((a) => a.kind === kind);
  const layers = [...new Set(stack.map((a) => a.layer))].sort((x, y) => x - y);
  let r: number[][] | null = null;
  for (const l of layers) {
    const heads = stack.filter((a) => a.layer === l).map((a) => a.weights);
    const n = heads[0].length;
    const hat = heads[0].map((row, i) =>
      row.map((_, j) =>
        0.5 * heads.reduce((s, h) => s + h[i][j], 0) / heads.length +
        (i === j ? 0.5 : 0)
      )
    );
    const normed = hat.map((row) => row.map((v) => v / row.reduce((s, x) => s + x, 0)));
    r = r === null
      ? normed
      : normed.map((row) =>
        Array.from({ length: n }, (_, j) => row.reduce((s, v, k) => s + v * r![k][j], 0))
      );
  }
  return r!;
}

/** The mean over heads of the last layer's matrices of `kind` in a run. */
function lastMean(run: RunResult, kind: string): number[][] {
  const all = run.attention.filter((a) => a.kind === kind);
  const last = Math.max(...all.map((a) => a.layer));
  const heads = all.filter((a) => a.layer === last).map((a) => a.weights);
  return heads[0].map((row, i) =>
    row.map((_, j) => heads.reduce((s, h) => s + h[i][j], 0) / heads.length)
  );
}

function checkSaliency(s: SaliencyResult, model: string): void {
  assert.equal(s.model, model);
  shape(s.weights, s.rows.length, s.cols.length, `${model} weights`);
  shape(s.raw, s.rows.length, s.cols.length, `${model} raw`);
  sumsToOne(s.weights, `${model} saliency`);
  assert.ok(s.raw.flat().some((v) => v < 0) || s.raw.flat().some((v) => v > 0), "signed values");
  if (s.attention === null) return;
  shape(s.attention.weights, s.rows.length, s.cols.length, `${model} attention`);
  sumsToOne(s.attention.weights, `${model} attention`);
  assert.equal(s.agreement!.rows.length, s.rows.length);
  const known = s.agreement!.rows.filter((r): r is number => r !== null);
  assert.ok(known.every((r) => r >= -1 && r <= 1));
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  assert.ok(Math.abs(s.agreement!.mean! - mean) < 1e-5, "the mean of the rows' rho");
}

Deno.test("rollout and saliency --json: shapes, rows summing to 1, and the run's own attention", async () => {
  const models = ["ko-en-transformer", "ko-en-gpt"];
  const lines = models.flatMap((m) =>
    ["run", "rollout", "saliency"].map((c) => `${c} ${SENTENCE} --model ${m} --json`)
  );
  lines.push(`saliency ${SENTENCE} --model ko-en-gru-bahdanau --json`);
  lines.push(`saliency ${SENTENCE} --model ko-en-gru --json`);
  const r = await script(lines);
  assert.equal(r.code, 0, r.stderr);
  const json = r.lines.map((l) => JSON.parse(l));
  assert.equal(json.length, lines.length);
  // The Transformer: rollout over the encoder (source x source), beside its last layer.
  const [tRun, tRoll, tSal] = json as [RunResult, RolloutResult, SaliencyResult];
  assert.equal(tRoll.kind, "encoder");
  assert.deepEqual(tRoll.rows, [...tRun.input.tokens, "<eos>"]);
  assert.deepEqual(tRoll.cols, tRoll.rows);
  shape(tRoll.weights, tRoll.rows.length, tRoll.cols.length, "rollout");
  sumsToOne(tRoll.weights, "transformer rollout", 1e-5);
  closeMatrices(tRoll.weights, rolloutOf(tRun, "encoder"), 1e-5, "rollout vs run's product");
  closeMatrices(tRoll.raw, lastMean(tRun, "encoder"), 1e-5, "raw vs run's last layer");
  assert.equal(tRoll.distance.js.length, tRoll.rows.length);
  assert.ok(tRoll.distance.meanJs >= 0 && tRoll.distance.meanJs <= 1);
  assert.ok(tRoll.distance.argmaxDiffers >= 0 && tRoll.distance.argmaxDiffers <= 1);
  checkSaliency(tSal, "ko-en-transformer");
  assert.equal(tSal.attention?.kind, "cross");
  assert.deepEqual(tSal.cols, [...tRun.input.tokens, "<eos>"]);
  closeMatrices(tSal.attention!.weights, lastMean(tRun, "cross"), 1e-5, "saliency's attention");
  // The GPT: rollout over every position (causal), saliency over the prompt's positions.
  const [gRun, gRoll, gSal] = json.slice(3, 6) as [RunResult, RolloutResult, SaliencyResult];
  assert.equal(gRoll.kind, "decoder");
  sumsToOne(gRoll.weights, "gpt rollout", 1e-5);
  gRoll.weights.forEach((row, i) => row.forEach((v, j) => j > i && assert.equal(v, 0)));
  closeMatrices(gRoll.weights, rolloutOf(gRun, "decoder"), 1e-5, "gpt rollout vs product");
  checkSaliency(gSal, "ko-en-gpt");
  assert.equal(gSal.cols[0], "<bos>");
  assert.equal(gSal.cols.at(-1), "<sep>");
  assert.equal(gSal.attention?.kind, "decoder");
  // RNNs: the alignment compared; without attention, the saliency alone.
  const [bahdanau, none] = json.slice(6) as SaliencyResult[];
  checkSaliency(bahdanau, "ko-en-gru-bahdanau");
  assert.equal(bahdanau.attention?.kind, "alignment");
  checkSaliency(none, "ko-en-gru");
  assert.equal(none.attention, null);
  assert.equal(none.agreement, null);
  // Every field docs/CONTRACT.md promises is there.
  for (const roll of [tRoll, gRoll]) assertDocumented("**`rollout <text> --json`**", roll);
  for (const sal of [tSal, gSal, bahdanau]) assertDocumented("**`saliency <text> --json`**", sal);
});

/** Each model's view, and rollout refused on an RNN, in one script. */
function viewScript(lang: "en" | "ko"): string[] {
  const flags = `--lang ${lang}`;
  return [
    `rollout ${SENTENCE} ${flags}`,
    `rollout ${SENTENCE} --model ko-en-gpt ${flags}`,
    `saliency ${SENTENCE} ${flags}`,
    `saliency ${SENTENCE} --model ko-en-gpt ${flags}`,
    `saliency ${SENTENCE} --model ko-en-gru-bahdanau ${flags}`,
    `rollout ${SENTENCE} --model ko-en-gru-luong-general ${flags}`,
  ];
}

Deno.test("rollout and saliency views in English: both grids, the distance and the agreement", async () => {
  const r = await script(viewScript("en"), wide);
  // Side by side: each grid's title on one line with the other's.
  assert.equal(
    r.lines.filter((l) => /^rollout R = Â_1…Â_0.* {3}raw attention of the last layer 1/.test(l))
      .length,
    2,
  );
  const out = r.stdout.replace(/\s+/g, " ");
  assert.equal((out.match(/attention rollout over the encoder's self-attention/g) ?? []).length, 1);
  assert.match(out, /attention rollout over the GPT's causal self-attention/);
  assert.equal((out.match(/rollout R = Â_1…Â_0/g) ?? []).length, 2);
  assert.equal(
    (out.match(/raw attention of the last layer 1 \(mean of 4 heads\)/g) ?? []).length,
    2,
  );
  assert.equal(
    (out.match(/rollout vs raw: mean Jensen-Shannon divergence \d\.\d{3} bits/g) ?? [])
      .length,
    2,
  );
  assert.match(out, /cross-attention of the last decoder layer 0 \(mean of 4 heads\)/);
  assert.match(out, /self-attention of layer 1 \(mean of 4 heads\), output rows over the prompt/);
  assert.match(out, /the RNN's alignment/);
  assert.equal(
    (out.match(/Is attention an explanation here\? Spearman rank correlation/g) ?? []).length,
    3,
  );
  assert.equal((out.match(/; mean -?\d\.\d\d \(1: the same order/g) ?? []).length, 3);
  // The RNN's refusal: one line, why, and where to look instead.
  const refusals = r.stderr.split("\n").filter((l) => l.startsWith("attn: rollout"));
  assert.equal(refusals.length, 1, r.stderr);
  assert.match(
    refusals[0],
    /needs a stack of self-attention layers; ko-en-gru-luong-general is an RNN/,
  );
  assert.match(refusals[0], /saliency <text> --model ko-en-gru-luong-general$/);
});

Deno.test("rollout and saliency views in Korean: Korean labels, no English ones, no hedged particle", async () => {
  const r = await script(viewScript("ko"), wide);
  const out = r.stdout;
  const flat = out.replace(/\s+/g, " ");
  for (
    const label of [
      "인코더 셀프 어텐션의 어텐션 롤아웃",
      "GPT 인과 셀프 어텐션 (프롬프트와 출력)의 어텐션 롤아웃",
      "롤아웃 R = Â_1…Â_0, Â = 0.5·A + 0.5·I (잔차 연결)",
      "마지막 층 1의 원래 어텐션 (헤드 4개 평균)",
      "롤아웃과 원래 어텐션의 거리: 행마다 젠슨-섀넌 발산 평균",
      "|기울기×입력|, 행마다 정규화",
      "마지막 디코더 층 0의 크로스 어텐션 (헤드 4개 평균)",
      "RNN 정렬",
      "여기서 어텐션은 설명이 될까요? 출력 토큰마다 중요도와 어텐션의 스피어만 순위 상관",
      "부호 있는 값(양수: 출력 토큰의 log p를 높임)은 --json의 raw에 있습니다",
    ]
  ) assert.ok(flat.includes(label), `no "${label}" in\n${out}`);
  for (
    const english of ["rollout vs raw", "raw attention", "gradient x input", "Spearman", "mean of"]
  ) {
    assert.ok(!flat.includes(english), `English "${english}" in\n${out}`);
  }
  assert.deepEqual(unresolvedParticles(out), []);
  const refusal = r.stderr.split("\n").find((l) => l.startsWith("attn: rollout"));
  assert.match(
    refusal ?? "",
    /셀프 어텐션 층을 쌓은 모델이 필요합니다\. ko-en-gru-luong-general은 RNN/,
  );
  assert.match(refusal ?? "", /saliency <문장> --model ko-en-gru-luong-general로 보세요$/);
});

Deno.test("rollout on an RNN from the shell: exit 2 and one line pointing to saliency", async () => {
  const r = await runAttn(["rollout", "나는", "학생이다", "--model", "ko-en-gru-bahdanau"], {
    env: english,
  });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  const lines = r.stderr.trim().split("\n").filter((l) => !l.startsWith("attn: note:"));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^attn: rollout needs a stack of self-attention layers.*saliency/);
});

Deno.test("rollout and saliency at 40 and 100 columns (stacked, side by side): no line over the width", async () => {
  const long = "나는 어제 도서관에서 책을 읽었다";
  for (const width of [40, 100]) {
    const r = await script([
      `rollout ${long}`,
      `rollout ${long} --model ko-en-gpt`,
      `saliency ${long} --model ko-en-gpt --lang ko`,
      `saliency ${long} --model ko-en-gru-bahdanau`,
    ], { ...english, COLUMNS: String(width), FORCE_COLOR: "1" });
    assert.equal(r.code, 0, r.stderr);
    for (const line of r.lines) {
      assert.ok(displayWidth(line) <= width, `${displayWidth(line)} > ${width}: ${line}`);
    }
  }
});
