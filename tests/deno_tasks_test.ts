/**
 * Least privilege (issue: Hardening): every deno.json task names the permissions it needs and
 * nothing more: never -A / --allow-all, no prompt, writes limited to the state directory (and
 * weights/ for train:all, the kernel folder for gen:kernels), and the commands that run users'
 * input get no --allow-run, --allow-net or --allow-ffi.
 */
import assert from "node:assert/strict";
import { denoDir, shellWords } from "./support/run_attn.ts";
import { denoTasks, taskCommand } from "./support/deno_tasks.ts";

const entries = denoTasks();
/** Each task's final command: `deno task run ...` resolved to run's `deno run ...` line. */
const tasks: Record<string, string> = Object.fromEntries(
  Object.keys(entries).map((name) => [name, taskCommand(name, entries)]),
);
/** The folder deno task gen:kernels writes the generated kernels to. */
const KERNEL_DIR = "src/engine/webgpu/kernels";
/** A task's words with $HOME and $PWD left as names, quotes removed. */
const wordsOf = (command: string) => shellWords(command, { HOME: "$HOME", PWD: "$PWD" });

Deno.test("no deno.json task uses -A or --allow-all", () => {
  for (const [name, command] of Object.entries(tasks)) {
    const words = wordsOf(command);
    assert.ok(!words.includes("-A"), `task ${name} uses -A`);
    assert.ok(!words.some((w) => w.startsWith("--allow-all")), `task ${name} uses --allow-all`);
  }
});

Deno.test("tasks that run attn never prompt and write only the state directory", () => {
  for (const [name, command] of Object.entries(tasks)) {
    if (!/\bdeno (run|install|bench|compile)\b/.test(command)) continue;
    const words = wordsOf(command);
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
            (name === "train:all" && path === "weights") ||
            (name === "gen:kernels" && path === KERNEL_DIR);
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

Deno.test("gen:kernels reads and writes only the kernel folder", () => {
  const words = wordsOf(tasks["gen:kernels"]);
  assert.deepEqual(words.filter((w) => w.startsWith("--")), [
    "--no-prompt",
    `--allow-read=${KERNEL_DIR}`,
    `--allow-write=${KERNEL_DIR}`,
  ]);
  assert.equal(words.at(-1), "tools/unroll_wgsl.ts");
});

Deno.test("the REPL and one-liner tasks grant exactly the same permissions", () => {
  const flags = (task: string) => wordsOf(tasks[task]).filter((w) => w.startsWith("--"));
  assert.deepEqual(flags("start"), flags("attn"));
});

Deno.test("every $HOME and $PWD in a task is inside double quotes", () => {
  for (const [name, { command }] of Object.entries(entries)) {
    const unquoted = command.replace(/"[^"]*"/g, "");
    assert.doesNotMatch(unquoted, /\$(HOME|PWD)\b/, `task ${name}: ${command}`);
  }
});

/** Runs the real `deno task <args>` in the project with only these variables set. */
async function denoTask(args: string[], env: Record<string, string>, stdin?: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", ...args],
    cwd: new URL("../", import.meta.url).pathname,
    env: {
      NO_COLOR: "1",
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      DENO_DIR: denoDir(),
      ...env,
    },
    clearEnv: true,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  const stderr = decoder.decode(out.stderr);
  // deno task echoes the command it runs: only attn's own lines count.
  const attnLines = stderr.split("\n").filter((l) => l.startsWith("attn"));
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr, attnLines };
}

const childOpts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("deno task attn and start work with a HOME that has a space", childOpts, async () => {
  const temp = await Deno.makeTempDir({ prefix: "attn-tasks-" });
  const home = `${temp}/my home`;
  await Deno.mkdir(home);
  const runtime = await Deno.makeTempDir({ prefix: "attn-run-" });
  try {
    const env = { HOME: home, XDG_RUNTIME_DIR: runtime };
    const oneLiner = await denoTask(["attn", "lesson", "--list", "--lang", "en"], env);
    assert.equal(oneLiner.code, 0, oneLiner.stderr);
    assert.match(oneLiner.stdout, /01-rnn-limits/);
    assert.deepEqual(oneLiner.attnLines, [], "no warning: the state directory is usable");
    assert.ok(Deno.statSync(`${home}/.local/state/attn`).isDirectory, "attn may write there");
    const repl = await denoTask(["start"], env, "lesson --list --lang en\n");
    assert.equal(repl.code, 0, repl.stderr);
    assert.match(repl.stdout, /01-rnn-limits/);
    assert.deepEqual(repl.attnLines, []);
  } finally {
    await Deno.remove(temp, { recursive: true });
    await Deno.remove(runtime, { recursive: true });
  }
});

Deno.test(
  "a HOME with a comma never widens what attn writes: state is off, --out in the accidental grant is refused",
  childOpts,
  async () => {
    // HOME=<temp>/,home: deno splits the tasks' grant of "$HOME/.local/state/attn" at the comma
    // into <temp>/ (HOME's parent) and home/.local/state/attn.
    const temp = await Deno.makeTempDir({ prefix: "attn-tasks-" });
    const home = `${temp}/,home`;
    await Deno.mkdir(home);
    const runtime = await Deno.makeTempDir({ prefix: "attn-run-" });
    try {
      const env = { HOME: home, XDG_RUNTIME_DIR: runtime };
      const exported = await denoTask([
        "attn",
        "export",
        "--model",
        "reverse-gru",
        "--out",
        `${temp}/outside.safetensors`,
        "--backend",
        "cpu",
      ], env);
      assert.equal(exported.code, 2, exported.stderr);
      assert.deepEqual(exported.attnLines, [
        `attn: --out ${temp}/outside.safetensors: attn does not write there: the state directory's path ${home}/.local/state/attn has a comma, so deno's --allow-write granted ${temp} by accident`,
      ]);
      assert.throws(() => Deno.statSync(`${temp}/outside.safetensors`), Deno.errors.NotFound);

      const listed = await denoTask(["attn", "lesson", "--list", "--lang", "en"], env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /01-rnn-limits/);
      assert.deepEqual(listed.attnLines, [
        `attn: warning: not using the state directory ${home}/.local/state/attn: its path has a comma, which deno's --allow-write splits into other paths; history, lesson progress and kernel tuning are kept for this session only`,
      ]);
      assert.deepEqual([...Deno.readDirSync(home)], [], "nothing written in HOME");
    } finally {
      await Deno.remove(temp, { recursive: true });
      await Deno.remove(runtime, { recursive: true });
    }
  },
);

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

Deno.test("the test task runs the examples in src/'s documentation (deno test --doc)", () => {
  const words = wordsOf(tasks.test);
  assert.ok(words.includes("--doc"), "deno task test without --doc");
  assert.ok(words.includes("src/"), "deno task test does not look for examples in src/");
});

Deno.test("every task has a description (Deno 2's object form)", () => {
  for (const [name, entry] of Object.entries(entries)) {
    assert.ok(entry.description?.trim(), `task ${name} has no description`);
  }
});

Deno.test(
  "deno task, without a name, lists every task with its description",
  childOpts,
  async () => {
    const listed = await denoTask([], {});
    assert.equal(listed.code, 0, listed.stderr);
    // Deno prints each task as "- name", its description as "    // ..." lines, then the command.
    const shown = new Map<string, string>();
    let current: string | null = null;
    for (const line of listed.stdout.split("\n")) {
      const name = /^- (\S+)$/.exec(line);
      if (name) current = name[1];
      const said = /^ {4}\/\/ (.*)$/.exec(line);
      if (said && current !== null) {
        shown.set(current, [shown.get(current), said[1]].filter(Boolean).join(" "));
      }
    }
    const listedNames = [...listed.stdout.matchAll(/^- (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(listedNames, Object.keys(entries), "deno task lists every task, in order");
    for (const [name, entry] of Object.entries(entries)) {
      const description = entry.description?.replaceAll("\n", " ") || "(none in deno.json)";
      assert.equal(shown.get(name), description, `task ${name}`);
    }
  },
);

/** The words of a task's own command (not resolved), $HOME and $PWD left as names. */
const ownWords = (name: string) => wordsOf(entries[name].command);

/** A command's permission words: its --allow-* grants and --no-prompt. */
const grants = (words: string[]) =>
  words.filter((w) => w.startsWith("--allow-") || w === "--no-prompt");

Deno.test("attn's permissions are declared once, in the run task, which the attn tasks call", () => {
  const extra: Record<string, string[]> = {
    start: [],
    attn: [],
    "bench:train": ["--allow-run=/usr/bin/python3"],
    "bench:generate": ["--allow-run=/usr/bin/python3"],
    "bench:models": ["--allow-run=/usr/bin/python3"],
    "bench:matmul": ["--allow-run=/usr/bin/python3"],
    "train:all": ["--allow-write=weights"],
  };
  for (const [name, grantsAdded] of Object.entries(extra)) {
    const words = ownWords(name);
    assert.deepEqual(words.slice(0, 3), ["deno", "task", "run"], `task ${name}`);
    assert.deepEqual(grants(words), grantsAdded, `task ${name} adds grants of its own`);
  }
  // Every other task that runs main.ts does it through run.
  for (const name of Object.keys(entries)) {
    if (name in extra || name === "run") continue;
    const words = ownWords(name);
    if (words[1] === "run") assert.ok(!words.includes("main.ts"), `task ${name} runs main.ts`);
  }
});

Deno.test("install, bench and compile, other deno subcommands, grant what run grants", () => {
  const run = grants(ownWords("run"));
  const state = "$HOME/.local/state/attn";
  assert.deepEqual(run, [
    "--no-prompt",
    `--allow-read=.,${state}`,
    `--allow-write=${state}`,
    "--allow-env",
  ]);
  // install names the project by its absolute path: the command runs from any directory.
  assert.deepEqual(
    grants(ownWords("install")),
    run.map((w) => w.replace("--allow-read=.,", "--allow-read=$PWD,")),
  );
  assert.deepEqual(grants(ownWords("bench")), run);
  // The binary carries lessons, weights and kernels inside; denort lets it read them.
  assert.deepEqual(
    grants(ownWords("compile")),
    run.map((w) => w.replace("--allow-read=.,", "--allow-read=")),
  );
});

Deno.test("compile includes every file attn reads at run time", () => {
  const words = ownWords("compile");
  const included = words.flatMap((w, i) => w === "--include" ? [words[i + 1]] : []);
  // lessons (catalog.ts), weights (registry.ts), WGSL kernels (pipeline_cache.ts), the PNG font
  // (figure_font.ts): read through import.meta.url-relative paths, which are not imports, so
  // deno compile does not see them.
  assert.deepEqual(included.sort(), [
    "assets/fonts",
    "lessons",
    "src/engine/webgpu/kernels",
    "weights",
  ]);
  assert.deepEqual(words.slice(-3), ["--output", "attn", "main.ts"]);
});
