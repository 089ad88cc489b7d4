/**
 * One model in use (issue #16 item 14): the banner, `set` and `use` name the same one; `use`
 * refuses a file that is not an attn checkpoint in one line and keeps the model it had; `use
 * FILE` reports what it loaded.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
import { banner } from "../../src/repl/banner.ts";

const env = { DENO_WEBGPU_BACKEND: "doesnotexist", LANG: "en_US.UTF-8", LC_ALL: "" };

Deno.test("the banner and set name the same model, before and after use", {
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const session = new Session(new RecordingIo(100));
  session.backendChoice = "cpu";
  session.isRepl = true;
  const io = session.io as RecordingIo;
  const modelLine = async () => /^model +(\S+)/m.exec(await banner(session))?.[1];
  const setModel = async () => {
    const from = io.stdout.length;
    assert.equal(await runCommandLine(["set", "--json"], { commands, session }), 0, io.errText);
    return JSON.parse(io.stdout.slice(from).join("\n"));
  };
  const first = await setModel();
  assert.equal(first.model, await modelLine());
  assert.equal(first.modelChosen, false);
  assert.equal(await runCommandLine(["use", "ko-en-gru"], { commands, session }), 0, io.errText);
  const chosen = await setModel();
  assert.equal(chosen.model, "ko-en-gru");
  assert.equal(chosen.modelChosen, true);
  assert.equal(await modelLine(), "ko-en-gru");
});

Deno.test("use refuses what is not an attn checkpoint in one line and keeps its model", async () => {
  const script = [
    "use ko-en-gru",
    "use weights/../README.md",
    "use weights/nothing-here.safetensors",
    "use",
    "use weights/reverse-transformer.safetensors",
    "use weights/../README.md --lang ko",
  ].join("\n") + "\n";
  const run = await runAttn([], { task: "start", env, stdin: script });
  const out = run.stdout.trim().split("\n");
  const err = run.stderr.trim().split("\n");
  assert.equal(err.length, 3, run.stderr);
  assert.match(
    err[0],
    /^attn: weights\/\.\.\/README\.md is not an attn checkpoint \(.+\); still using ko-en-gru$/,
  );
  assert.match(err[1], /^attn: no checkpoint file at .*; still using ko-en-gru$/);
  assert.match(
    err[2],
    /^attn: attn 체크포인트가 아닙니다: weights\/\.\.\/README\.md \(.+\)\. 사용 중인 모델은 그대로입니다: weights\/reverse-transformer\.safetensors$/,
  );
  // What was loaded: name, architecture, task, test exact match.
  assert.match(out[0], /^using ko-en-gru \(gru, task ko-en, \d+\.\d% test exact match\)$/);
  assert.equal(out[1], out[0], "after the refusals, ko-en-gru is still in use");
  assert.match(
    out[2],
    /^using weights\/reverse-transformer\.safetensors \(transformer, scaled-dot, task reverse, \d+\.\d% test exact match\)$/,
  );
  assert.equal(out.length, 3, run.stdout);
  // From the shell: exit code 2 (the request was wrong), nothing on stdout.
  const shell = await runAttn(["use", "weights/../README.md"], { env });
  assert.equal(shell.code, 2);
  assert.equal(shell.stdout, "");
  assert.match(shell.stderr, /^attn: weights\/\.\.\/README\.md is not an attn checkpoint/);
});
