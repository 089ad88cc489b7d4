/**
 * `run` reads the learner's sentence the way the model's task writes its own: punctuation the
 * ko-en data never has is dropped or split off, words the model does not know are shown as
 * <unk> (in the grid too), and the warning says how to write them. Through the shell command.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import type { RunResult } from "../../src/models/run_result.ts";

const cpu = ["--backend", "cpu"];

Deno.test("run 나는 학생이다. reads the final period as the data does and says I am a student", async () => {
  const r = await runAttn(["run", "나는 학생이다.", "--json", ...cpu]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const result: RunResult = JSON.parse(r.stdout);
  assert.equal(result.output.text, "I am a student");
  assert.deepEqual(result.input.tokens, ["나는", "학생이다"]);
  assert.deepEqual(result.input.unknown, [false, false]);
  assert.equal(result.input.ids.length, 2);
  assert.ok(result.input.ids.every((id) => id > 3), "real words, not specials");
});

Deno.test("run splits a typed ? off its word as the ko-en data writes it", async () => {
  const r = await runAttn(["run", "너는 커피를 마시니?", "--json", ...cpu]);
  assert.equal(r.code, 0, r.stderr);
  const result: RunResult = JSON.parse(r.stdout);
  assert.deepEqual(result.input.tokens, ["너는", "커피를", "마시니", "?"]);
  assert.deepEqual(result.warnings, []);
});

Deno.test("an unknown word is <unk> in the input line and the grid, and the warning says how to fix it", async () => {
  const r = await runAttn(["run", "나는 학생이당", ...cpu], { env: { COLUMNS: "120" } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /^attn: warning: not in the vocabulary of ko-en-transformer, read as <unk>: '학생이당'; write words as the ko-en sentences do \(spelling, spacing\), e\.g\. \S/,
  );
  assert.match(r.stdout, /^input {3}나는 <unk> {2}\(2 tokens \+ <eos>\)$/m);
  assert.doesNotMatch(r.stdout, /학생이당/, "the grid labels what the model saw");
  const json = await runAttn(["run", "나는 학생이당", "--json", ...cpu]);
  const result: RunResult = JSON.parse(json.stdout);
  assert.deepEqual(result.input.tokens, ["나는", "<unk>"]);
  assert.deepEqual(result.input.written, ["나는", "학생이당"]);
  assert.deepEqual(result.input.unknown, [false, true]);
  assert.equal(result.input.ids[1], 3);
  const cross = result.attention.find((a) => a.kind === "cross")!;
  assert.deepEqual(cross.cols, ["나는", "<unk>", "<eos>"]);
});

Deno.test("the unknown-word warning is in Korean with --lang ko", async () => {
  const r = await runAttn(["run", "나는 학생이당", "--lang", "ko", "--json", ...cpu]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /ko-en-transformer의 어휘에 없어 <unk>로 읽은 토큰: '학생이당'; ko-en 문장처럼/,
  );
});
