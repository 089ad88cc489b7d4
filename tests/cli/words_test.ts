import assert from "node:assert/strict";
import { splitWords } from "../../src/cli/words.ts";
import { UsageError } from "../../src/cli/errors.ts";

Deno.test("splitWords() splits on whitespace and keeps quoted Korean together", () => {
  assert.deepEqual(splitWords(`run "나는 학생이다" --json`), ["run", "나는 학생이다", "--json"]);
  assert.deepEqual(splitWords("  bench   matmul  "), ["bench", "matmul"]);
  assert.deepEqual(splitWords(`say 'a "b"' c\\ d`), ["say", 'a "b"', "c d"]);
  assert.deepEqual(splitWords(`x ""`), ["x", ""]);
});

Deno.test("splitWords() refuses an unterminated quote with a usage error", () => {
  assert.throws(() => splitWords(`run "나는`), UsageError);
});
