/**
 * `compare --task reverse` on a string outside the training lengths still knows the answer (the
 * reverse of a string is always known) and says the input lies beyond what the models trained on.
 */
import assert from "node:assert/strict";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { referenceFor } from "../../src/app/task_reference.ts";
import type { CompareResult } from "../../src/app/compare_models.ts";
import "../support/private_state.ts";

async function attn(args: string[]) {
  const io = new RecordingIo(100);
  const code = await runCommandLine([...args, "--backend", "cpu"], {
    commands,
    session: new Session(io),
  });
  return { code, out: io.outText, err: io.errText };
}

Deno.test("the reference of reverse, copy and sort is computed for any string", () => {
  assert.deepEqual(referenceFor("reverse", "abc"), { target: "cba", how: "rule" });
  const long = "abcdefghijklmnopqrstuvwxyz";
  assert.deepEqual(referenceFor("reverse", long), {
    target: [...long].reverse().join(""),
    how: "rule",
    beyondTraining: { letters: "a-z", min: 3, max: 24 },
  });
  assert.equal(referenceFor("reverse", "ab")?.target, "ba");
  assert.equal(referenceFor("copy", "Hello")?.target, "Hello");
  assert.equal(referenceFor("sort", "3141592653589793238")?.target, "1122333345556788999");
  assert.equal(referenceFor("reverse", "  "), null, "nothing to reverse");
});

Deno.test("compare --task reverse beyond the training lengths gives the reverse, and says so", async () => {
  const input = "abcdefghijklmnopqrstuvwxyzab"; // 28 letters: training strings have 3-24
  const json = await attn(["compare", input, "--task", "reverse", "--json"]);
  assert.equal(json.code, 0, json.err);
  const result: CompareResult = JSON.parse(json.out);
  assert.equal(result.reference, [...input].reverse().join(""));
  assert.deepEqual(result.beyondTraining, { letters: "a-z", min: 3, max: 24 });
  for (const row of result.rows) assert.equal(row.correct, row.output === result.reference);
  const text = await attn(["compare", input, "--task", "reverse"]);
  assert.equal(text.code, 0, text.err);
  const flat = text.out.replaceAll("\n", " ");
  assert.match(flat, /reference\s+bazyxwvutsrqponmlkjihgfedcba/);
  assert.doesNotMatch(flat, /unknown/);
  assert.match(flat, /outside what the task trains on, 3-24 characters of a-z/);
  const ko = await attn(["compare", input, "--task", "reverse", "--lang", "ko"]);
  assert.match(ko.out.replaceAll("\n", " "), /학습하는 범위, a-z 중 3-24글자를 벗어납니다/);
});
