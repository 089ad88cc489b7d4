/**
 * A GPU device lost in the middle of a command (issue: Hardening): the command fails with one
 * clear line, and the next command gets a new device and works.
 */
import assert from "node:assert/strict";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
import { openBackend } from "../../src/engine/open_backend.ts";
import type { WebGpuBackend } from "../../src/engine/webgpu/backend.ts";
import { gpuTest } from "../support/gpu.ts";

Deno.test({
  name: "device lost mid-command: a one-line error, then the next command works on a new device",
  ...gpuTest,
  async fn() {
    const opened = await openBackend("auto");
    assert.equal(opened.backend.name, "webgpu");
    const io = new RecordingIo(80);
    const session = new Session(io);
    const first = opened.backend as WebGpuBackend;
    // Lose the device while the benchmark is running.
    const losing = new Promise<void>((resolve) =>
      setTimeout(() => {
        first.rt.destroy();
        resolve();
      }, 300)
    );
    const code = await runCommandLine(["bench", "matmul", "--reps", "50"], { commands, session });
    await losing;
    assert.equal(code, 1, io.outText);
    const lines = io.errText.trim().split("\n");
    assert.equal(lines.length, 1, io.errText);
    assert.match(
      lines[0],
      /^attn: the GPU device was lost \(.*\); the next command will create a new one/,
    );
    const again = await runCommandLine(
      ["run", "나는", "학생이다", "--model", "ko-en-transformer", "--json"],
      { commands, session },
    );
    assert.equal(again, 0, io.errText);
    const result = JSON.parse(io.stdout.at(-1)!);
    assert.deepEqual(result.output.text, "I am a student");
    const second = (await openBackend("auto")).backend as WebGpuBackend;
    assert.notEqual(second, first, "a new backend on a new device");
  },
});
