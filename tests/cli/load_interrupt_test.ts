/**
 * Ctrl-C during a long model load (issue #14 H2): loads read the file piecewise and check the
 * command's AbortSignal between chunks, so SIGINT (or Ctrl-C at the prompt) stops a load of a
 * 1.6 GB file within a second, and at the attn> prompt the next command runs.
 */
import assert from "node:assert/strict";
import { AttnChild, ProcWatch } from "../support/attn_process.ts";
import { withTaskHome } from "../support/state.ts";
import { writeSparseCheckpoint } from "../support/hostile_checkpoints.ts";
import { startRepl } from "../repl/tty.ts";
import { needs } from "../support/needs.ts";

/** Waits until attn has read `bytes` (its load is then in progress), or throws. */
async function waitUntilRead(pid: number, bytes: number, timeoutMs = 30_000): Promise<void> {
  const watch = ProcWatch.start(pid);
  try {
    const deadline = performance.now() + timeoutMs;
    while ((await watch.next()).read <= bytes) {
      if (performance.now() > deadline) {
        throw new Error(`attn read only ${watch.latest.read} bytes in ${timeoutMs} ms`);
      }
    }
  } finally {
    await watch.stop();
  }
}

/** A valid-looking 1.6 GB sparse checkpoint whose very last weight is NaN: a slow load. */
async function slowCheckpoint(dir: string): Promise<string> {
  const file = `${dir}/slow.safetensors`;
  await writeSparseCheckpoint(file, { width: 4096, layers: 2, nanAtEnd: true });
  return file;
}

/** Bytes read before sending Ctrl-C: well into the file (attn reads ~20 MB to start). */
const LOADING = 200 * 1024 * 1024;

Deno.test("Ctrl-C during a slow load: the one-liner stops within a second with exit code 130", async () => {
  await withTaskHome(async (home, dir) => {
    const file = await slowCheckpoint(dir);
    const child = AttnChild.start(["run", "abc", "--model", file, "--backend", "cpu"], {
      task: "attn",
      env: { HOME: home },
    });
    try {
      await waitUntilRead(child.pid, LOADING);
      const sent = performance.now();
      child.interrupt();
      const code = await child.finish();
      const ms = performance.now() - sent;
      assert.equal(child.stderr, "attn: interrupted\n");
      assert.equal(code, 130);
      assert.ok(ms < 1000, `exited ${ms.toFixed(0)} ms after SIGINT`);
    } finally {
      await child.kill();
    }
  });
});

Deno.test("Ctrl-C during a slow load in a REPL script: the load stops within a second", async () => {
  await withTaskHome(async (home, dir) => {
    const file = await slowCheckpoint(dir);
    const child = AttnChild.start([], { env: { HOME: home } });
    try {
      await child.send(`run abc --model ${file} --backend cpu`);
      await waitUntilRead(child.pid, LOADING);
      const sent = performance.now();
      child.interrupt();
      await child.waitFor(() => child.stderr.includes("attn: interrupted\n"), "attn: interrupted");
      const ms = performance.now() - sent;
      assert.ok(ms < 1000, `interrupted ${ms.toFixed(0)} ms after SIGINT`);
      // A script stops at Ctrl-C (src/repl/repl.ts); it ends at once, with nothing else said,
      // and exits as an interrupted command does (128 + SIGINT).
      assert.equal(await child.finish(), 130);
      assert.equal(child.stderr, "attn: interrupted\n");
    } finally {
      await child.kill();
    }
  });
});

Deno.test({
  name:
    "Ctrl-C during a slow load at the attn> prompt: back within a second, the next command runs",
  ignore: !needs.tmux,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const file = await slowCheckpoint(dir);
      const tty = await startRepl(home, { NO_COLOR: "1" });
      try {
        await tty.type(`run abc --model ${file} --backend cpu`);
        await tty.press("Enter");
        await waitUntilRead(await tty.programPid(), LOADING);
        const sent = performance.now();
        await tty.press("C-c");
        await tty.waitFor(/attn: interrupted\nattn> /, 5000);
        const ms = performance.now() - sent;
        assert.ok(ms < 1000, `prompt back ${ms.toFixed(0)} ms after Ctrl-C`);
        await tty.type("run abc --model reverse-gru --backend cpu");
        await tty.press("Enter");
        await tty.waitFor(/^output +cba$/m);
      } finally {
        await tty.close();
      }
    });
  },
});
