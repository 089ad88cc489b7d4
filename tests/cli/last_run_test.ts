/**
 * `attn` and `hidden` from the shell show the last run of an earlier command: `run` keeps it in
 * the state directory (last-run.json, written through a temporary file and a rename), as the
 * attn> prompt keeps it in its session. A file there that is not a saved run costs one warning
 * and the usual "no run yet" error, never a stack trace.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { makeTempHome } from "../support/state.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import type { AttnResult } from "../../src/app/select_attention.ts";
import type { HiddenResult } from "../../src/app/select_hidden.ts";

async function withHome(fn: (home: string) => Promise<void>): Promise<void> {
  const home = makeTempHome();
  try {
    await fn(home);
  } finally {
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
}

Deno.test("deno task attn run, then attn and hidden in new processes, show that run", async () => {
  await withHome(async (home) => {
    const env = { HOME: home };
    const none = await runAttn(["attn"], { env });
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /^attn: 'attn' shows the last run, and there is none yet; first: run/,
    );
    const run = await runAttn(["run", "나는", "학생이다", "--backend", "cpu", "--json"], { env });
    assert.equal(run.code, 0, run.stderr);
    const ran: RunResult = JSON.parse(run.stdout);
    const file = `${home}/.local/state/attn/last-run.json`;
    assert.equal(Deno.lstatSync(file).isFile, true);
    assert.equal(Deno.statSync(file).mode! & 0o777, 0o600);

    const attn = await runAttn(["attn", "cross", "0", "1", "--json"], { env });
    assert.equal(attn.code, 0, attn.stderr);
    const shown: AttnResult = JSON.parse(attn.stdout);
    const head = ran.attention.find((a) => a.kind === "cross" && a.layer === 0 && a.head === 1)!;
    assert.deepEqual(shown.weights, head.weights);
    const hidden = await runAttn(["hidden", "--json"], { env });
    assert.equal(hidden.code, 0, hidden.stderr);
    assert.equal((JSON.parse(hidden.stdout) as HiddenResult).model, ran.model);
    const text = await runAttn(["attn"], { env });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /student/);

    // The prompt sees the shell's last run too.
    const repl = await runAttn([], { env, task: "start", stdin: "attn --json\n" });
    assert.equal(repl.code, 0, repl.stderr);
    assert.match(repl.stdout, /"model":"ko-en-transformer"/);
  });
});

Deno.test("a last-run.json that is not a saved run is passed over with one warning", async () => {
  await withHome(async (home) => {
    const dir = `${home}/.local/state/attn`;
    Deno.mkdirSync(dir, { recursive: true });
    Deno.writeTextFileSync(`${dir}/last-run.json`, '{"format":1,"run":{"attention":[[1,2]]}}');
    const r = await runAttn(["hidden"], { env: { HOME: home } });
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0], /^attn: warning: ignoring .*last-run\.json: it is not a run attn saved/);
    assert.match(lines[1], /^attn: 'hidden' shows the last run, and there is none yet/);
    Deno.removeSync(`${dir}/last-run.json`);
    Deno.symlinkSync("/etc/passwd", `${dir}/last-run.json`);
    const link = await runAttn(["attn", "--lang", "ko"], { env: { HOME: home } });
    assert.equal(link.code, 2);
    assert.match(
      link.stderr,
      /^attn: 경고: .*last-run\.json 파일을 쓰지 않습니다: 일반 파일이 아니라 심볼릭 링크입니다/,
    );
  });
});
