/**
 * Stage timings that never contradict themselves: every stage's GPU time lies inside its wall
 * time (greedy and beam, cold and warm runs, several models), each stage is explained under the
 * timings, and `compare` times warm runs only. Through the shell and a script on stdin.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { gpuTest } from "../support/gpu.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import type { CompareResult } from "../../src/app/compare_models.ts";

/** The lines of stdout that are JSON objects, parsed. */
function jsonLines<T>(stdout: string): T[] {
  return stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
}

Deno.test({
  name: "run --json: in every timing of several runs gpuMs <= wallMs",
  ...gpuTest,
  async fn() {
    const script = [
      "run 나는 학생이다 --json --backend webgpu", // cold: compiles the kernels
      "run 나는 어제 도서관에서 책을 읽었다 --json --backend webgpu",
      "run 나는 어제 도서관에서 책을 읽었다 --json --backend webgpu", // warm
      "run 너는 커피를 마시니 ? --beam 3 --json --backend webgpu",
      "run 나는 학생이다 --model ko-en-gru-bahdanau --json --backend webgpu",
      "run 민수는 내일 학교에 갈 것이다 --model ko-en-lstm-luong-dot --json --backend webgpu",
    ];
    const r = await runAttn([], { task: "start", stdin: script.join("\n") + "\n" });
    assert.equal(r.code, 0, r.stderr);
    const runs = jsonLines<RunResult>(r.stdout);
    assert.equal(runs.length, script.length);
    for (const [i, run] of runs.entries()) {
      assert.deepEqual(run.timings.map((t) => t.name), ["encoder", "decoder", "trace"], script[i]);
      for (const t of run.timings) {
        assert.ok(t.gpuMs !== undefined, `${script[i]}: ${t.name} has GPU time`);
        assert.ok(t.gpuMs <= t.wallMs, `${script[i]}: ${t.name} GPU ${t.gpuMs} > wall ${t.wallMs}`);
      }
    }
  },
});

Deno.test("run explains each stage and both clocks under the timings, in en and ko", async () => {
  const en = await runAttn(["run", "나는 학생이다", "--backend", "cpu"], {
    env: { COLUMNS: "200" },
  });
  assert.equal(en.code, 0, en.stderr);
  assert.match(en.stdout, /^timings {2}encoder \S+ ms, decoder \S+ ms, trace \S+ ms$/m);
  assert.match(en.stdout, /^ {8}encoder: reads the source once$/m);
  assert.match(en.stdout, /^ {8}decoder: picks the output tokens, one step at a time$/m);
  assert.match(en.stdout, /^ {8}trace: one more pass over the chosen tokens that records/m);
  assert.match(en.stdout, /^ {8}ms: wall time from the stage's start until its GPU work was done/m);
  const ko = await runAttn(["run", "나는 학생이다", "--backend", "cpu", "--lang", "ko"], {
    env: { COLUMNS: "200" },
  });
  assert.match(ko.stdout, /^시간 {2}encoder \S+ ms/m);
  assert.match(ko.stdout, /^ {8}trace: 고른 토큰으로 한 번 더 계산해/m);
});

Deno.test({
  name: "compare times warm runs: its first call's times are those of a second call",
  ...gpuTest,
  async fn() {
    const line = "compare 나는 어제 도서관에서 책을 읽었다 --json";
    const r = await runAttn([], { task: "start", stdin: `${line}\n${line}\n` });
    assert.equal(r.code, 0, r.stderr);
    const [first, second] = jsonLines<CompareResult>(r.stdout);
    assert.equal(first.rows.length, 4);
    for (const [i, row] of first.rows.entries()) {
      const warm = second.rows[i].ms;
      // A cold first run compiled the kernels: 211 ms against 31 ms warm for an RNN, 330
      // against 65 for a Transformer. A warmed-up one is within noise of the second call.
      assert.ok(
        row.ms < 2.5 * warm + 30,
        `${row.model}: first call ${row.ms} ms, second ${warm} ms`,
      );
    }
  },
});
