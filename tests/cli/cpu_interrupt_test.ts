/**
 * On the cpu backend the work is synchronous JavaScript: unless it lets the event loop turn now
 * and then, a Ctrl-C waits for the whole command. A benchmark and an experiment on cpu stop
 * within a second of SIGINT and exit 130.
 */
import assert from "node:assert/strict";
import { spawnAttn } from "../support/run_attn.ts";

const cases: [string, string[]][] = [
  ["bench matmul", ["bench", "matmul", "--backend", "cpu", "--reps", "1000"]],
  ["experiment parallel", ["experiment", "parallel", "--quick", "--backend", "cpu"]],
];

for (const [what, args] of cases) {
  Deno.test({
    name: `Ctrl-C stops '${what}' on the cpu backend within a second (exit 130)`,
    sanitizeResources: false,
    async fn() {
      const child = spawnAttn(args);
      // Let it get well into the work (past start-up and the first measurements).
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const sent = performance.now();
      child.kill("SIGINT");
      const r = await child.done;
      const ms = r.endedAt - sent;
      assert.equal(r.code, 130, r.stderr);
      assert.ok(ms < 1000, `'${what}' took ${ms.toFixed(0)} ms to stop after SIGINT`);
    },
  });
}
