/**
 * Least privilege (issue: Hardening): every deno.json task names the permissions it needs and
 * nothing more: never -A / --allow-all, no prompt, writes limited to the state directory (and
 * weights/ for train:all), and the commands that run users' input get no --allow-run, --allow-net
 * or --allow-ffi.
 */
import assert from "node:assert/strict";

const config = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
const tasks = config.tasks as Record<string, string>;

Deno.test("no deno.json task uses -A or --allow-all", () => {
  for (const [name, command] of Object.entries(tasks)) {
    const words = command.split(/\s+/);
    assert.ok(!words.includes("-A"), `task ${name} uses -A`);
    assert.ok(!words.some((w) => w.startsWith("--allow-all")), `task ${name} uses --allow-all`);
  }
});

Deno.test("tasks that run attn never prompt and write only the state directory", () => {
  for (const [name, command] of Object.entries(tasks)) {
    if (!/\bdeno (run|install|bench)\b/.test(command)) continue;
    const words = command.split(/\s+/);
    if (!words.includes("bench")) {
      assert.ok(words.includes("--no-prompt") || words[1] === "bench", `task ${name} may prompt`);
    }
    for (const w of words) {
      assert.ok(!/^--allow-(net|ffi|sys|hrtime)/.test(w), `task ${name} grants ${w}`);
      if (w === "--allow-read" || w === "--allow-write" || w === "--allow-run") {
        assert.fail(`task ${name} grants ${w} without a list of paths`);
      }
      const write = /^--allow-write=(.*)$/.exec(w);
      if (write) {
        for (const path of write[1].split(",")) {
          const allowed = path === "$HOME/.local/state/attn" ||
            (name === "train:all" && path === "weights");
          assert.ok(allowed, `task ${name} may write ${path}`);
        }
      }
      const run = /^--allow-run=(.*)$/.exec(w);
      if (run) {
        assert.ok(name.startsWith("bench:"), `task ${name} may run programs`);
        assert.deepEqual(run[1].split(","), ["/usr/bin/python3"], `task ${name} runs ${run[1]}`);
      }
    }
  }
});

Deno.test("the REPL and one-liner tasks grant exactly the same permissions", () => {
  const flags = (task: string) => tasks[task].split(/\s+/).filter((w) => w.startsWith("--"));
  assert.deepEqual(flags("start"), flags("attn"));
});

Deno.test("CI runs exactly the README's test command, and the test task isolates state", () => {
  const readme = Deno.readTextFileSync(new URL("../README.md", import.meta.url));
  const setup = /```sh\n([^`]*)```/.exec(readme)![1].trim().split("\n");
  assert.deepEqual(setup, ["npx -y deno@2.9.6 task start", "npx -y deno@2.9.6 task test"]);
  const ci = Deno.readTextFileSync(new URL("../.ci/run", import.meta.url));
  const runs = ci.split("\n").filter((line) => line.trim().startsWith(`${setup[1]} `));
  assert.equal(runs.length, 1, `.ci/run runs '${setup[1]}' once`);
  // Every test file gets a private HOME and state directory (tests/support/private_state.ts).
  assert.match(tasks.test, /--preload tests\/support\/private_state\.ts /);
});
