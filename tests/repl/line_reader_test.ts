/**
 * The script reader keeps at most 64 KiB of a line whatever comes in: an over-long line is
 * counted as it streams past and reported by its length (the user path is in
 * tests/cli/long_input_test.ts).
 */
import assert from "node:assert/strict";
import { MAX_LINE_BYTES, readScriptLines, type ScriptLine } from "../../src/repl/line_reader.ts";

/** A stream of `total` bytes of "a", then "\n" and `rest`, in 64 KiB chunks made as read. */
function hugeLineStream(total: number, rest: string): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  let done = false;
  return new ReadableStream({
    pull(controller) {
      if (sent < total) {
        const n = Math.min(chunk.length, total - sent);
        controller.enqueue(chunk.subarray(0, n));
        sent += n;
      } else if (!done) {
        controller.enqueue(new TextEncoder().encode("\n" + rest));
        done = true;
      } else {
        controller.close();
      }
    },
  });
}

Deno.test("readScriptLines() streams past a 50 MB line in bounded memory and time", async () => {
  const before = Deno.memoryUsage().rss;
  const started = performance.now();
  const got: ScriptLine[] = [];
  for await (const line of readScriptLines(hugeLineStream(50_000_000, "device\r\nlast"))) {
    got.push(line);
  }
  const ms = performance.now() - started;
  const grew = Deno.memoryUsage().rss - before;
  assert.deepEqual(got, [
    { number: 1, tooLong: 50_000_000 },
    { number: 2, text: "device" },
    { number: 3, text: "last" },
  ]);
  assert.ok(ms < 5_000, `took ${ms.toFixed(0)} ms`);
  // Keeping the line would take 50 MB as bytes and 100 MB as a string.
  assert.ok(grew < 40e6, `memory grew by ${(grew / 1e6).toFixed(0)} MB`);
});

Deno.test("readScriptLines() keeps a line of exactly the limit, refuses one byte more", async () => {
  const at = "a".repeat(MAX_LINE_BYTES);
  const stream = ReadableStream.from([new TextEncoder().encode(`\ufeffuse x\n${at}\n${at}b\n\n`)]);
  const got: ScriptLine[] = [];
  for await (const line of readScriptLines(stream)) got.push(line);
  assert.deepEqual(got, [
    { number: 1, text: "use x" }, // the byte-order mark opening a file is not part of line 1
    { number: 2, text: at },
    { number: 3, tooLong: MAX_LINE_BYTES + 1 },
    { number: 4, text: "" },
  ]);
});

Deno.test("readScriptLines() decodes UTF-8 split across chunks", async () => {
  const bytes = new TextEncoder().encode("run 나는 학생이다\n");
  const stream = ReadableStream.from([...bytes].map((b) => new Uint8Array([b])));
  const got: ScriptLine[] = [];
  for await (const line of readScriptLines(stream)) got.push(line);
  assert.deepEqual(got, [{ number: 1, text: "run 나는 학생이다" }]);
});
