/**
 * Issue #14 M7: on webgpu, every model load that failed after some parameters were uploaded
 * kept their staging buffers alive (recorded uploads wait for a submit that the failed load
 * never made): 3000 such loads grew the process to 2.2-2.7 GB. Through the REPL reading a
 * script, as a user repeating a `run` with a broken file would.
 */
import assert from "node:assert/strict";
import { AttnChild, ProcWatch } from "../support/attn_process.ts";
import { writeSparseCheckpoint } from "../support/hostile_checkpoints.ts";
import { webgpu } from "../support/gpu.ts";

/** Failing loads after the first few, and what they may add to the process. */
const LOADS = 30;
const MAX_GROWTH = 100 * 1024 * 1024;

Deno.test({
  name: "failed model loads on webgpu do not grow the REPL's memory",
  ignore: webgpu === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "attn-failed-load-" });
    const dir = `${home}/.local/state/attn`;
    await Deno.mkdir(dir, { recursive: true });
    // A GRU of width 512 (12.6 MB of weights) plus a tensor no model has: its load used to
    // fail in makeModel, after every weight was uploaded.
    const file = `${dir}/extra-tensor.safetensors`;
    await writeSparseCheckpoint(file, { width: 512, layers: 1, extraBytes: 4 });
    const child = AttnChild.start([], { env: { HOME: home, XDG_RUNTIME_DIR: home } });
    const errors = () => child.stderr.split("\n").filter((l) => l.includes("unexpected tensor"));
    const fail = async (times: number) => {
      const before = errors().length;
      for (let i = 0; i < times; i++) await child.send(`run abc --model ${file} --backend webgpu`);
      await child.waitFor(() => errors().length >= before + times, `${times} refusals`, 120_000);
    };
    try {
      await fail(3); // warm up: device, pipelines, pools
      const watch = ProcWatch.start(child.pid);
      const start = (await watch.next()).rss;
      await fail(LOADS);
      const end = (await watch.next()).rss;
      await watch.stop();
      assert.ok(
        end - start < MAX_GROWTH,
        `${LOADS} failed loads grew RSS by ${((end - start) / 2 ** 20).toFixed(0)} MB`,
      );
      assert.equal(await child.finish(), 1);
    } finally {
      await child.kill();
      await Deno.remove(home, { recursive: true });
    }
  },
});
