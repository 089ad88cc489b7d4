/**
 * The prompt's background warm-up (src/repl/warm_up.ts) really prepares the first `run`: the
 * model in use is loaded onto the backend `run` will choose, and nothing of it reaches the
 * learner's session (no output, no warning, no last run).
 */
import assert from "node:assert/strict";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { openBackend } from "../../src/engine/open_backend.ts";
import { loadAnyModel } from "../../src/models/weights/registry.ts";
import { warmUpFirstRun } from "../../src/repl/warm_up.ts";

/** True when `spec` is already loaded on the cpu: a load that may not read the file succeeds. */
async function loadedOnCpu(spec: string): Promise<boolean> {
  const { backend } = await openBackend("cpu");
  const stopped = AbortSignal.abort(new Error("may not read the file"));
  return await loadAnyModel(spec, backend, { signal: stopped }).then(() => true, () => false);
}

Deno.test("the warm-up loads the model in use for the first run, silently", async () => {
  assert.equal(await loadedOnCpu("ko-en-transformer"), false, "nothing loaded before");
  const io = new RecordingIo();
  const session = new Session(io);
  await warmUpFirstRun(session, commands);
  assert.equal(await loadedOnCpu("ko-en-transformer"), true, "loaded by the warm-up");
  assert.deepEqual([io.stdout, io.stderr], [[], []]);
  assert.equal(session.lastRun, null);
});
