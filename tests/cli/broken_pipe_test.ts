/**
 * `attn ... | head -1`: when the reader of stdout goes away, attn stops at once and says nothing,
 * like cat (which dies of SIGPIPE: the shell reports 141). It used to print one
 * "Broken pipe" error per remaining command of a script and exit 1.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";

const noGpu = { DENO_WEBGPU_BACKEND: "doesnotexist" };

Deno.test("a one-liner whose stdout is closed exits 141 quietly", async () => {
  const run = await runAttn(["help"], { env: noGpu, closeStdout: true });
  assert.equal(run.stderr, "");
  assert.equal(run.code, 141);
});

Deno.test("a script whose stdout is closed stops at the first write, quietly, with 141", async () => {
  // A command that fails writes only to stderr, which is still open: it must still show.
  const script = "nosuch\n" + "help\n".repeat(50) + "device --json --backend cpu\n";
  const run = await runAttn([], { task: "start", env: noGpu, stdin: script, closeStdout: true });
  assert.equal(run.stderr, "attn: unknown command 'nosuch' (try 'help')\n");
  assert.equal(run.code, 141);
});
