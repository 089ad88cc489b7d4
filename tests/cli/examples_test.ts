/**
 * Every example the README shows and every example `help` lists runs: exit 0 and no `attn:`
 * error line, through the path a reader uses (`deno task attn ...` as a child process, a script
 * fed to the attn> prompt, the other deno.json tasks). The examples share one temporary HOME in
 * the order they are written, so `attn` after `run` sees that run, as a reader's would.
 *
 * The test changes only what it must, and each change carries its reason (tests/support/
 * examples.ts): benchmarks at a small size, training with a tiny recipe, a lesson stopped after
 * its first step (tests/lessons/play_lessons_test.ts plays them all). What it cannot run at all
 * (the whole suite, installing a global command, retraining every shipped model) is listed with
 * why, in the test's output.
 */
import assert from "node:assert/strict";
import { runAttn, shellWords, spawnAttn } from "../support/run_attn.ts";
import { denoDir } from "../support/child_env.ts";
import { makeTempHome } from "../support/state.ts";
import { needs } from "../support/needs.ts";
import { saveTinyGpt } from "../support/tiny_gpt.ts";
import { webgpu } from "../support/gpu.ts";
import { readmeBlocks, shellLineWords, withoutComment } from "../support/readme.ts";
import { taskCommand } from "../support/deno_tasks.ts";
import {
  atTestSize,
  type Example,
  exampleRecipeJson,
  isLessonPlay,
  promptLines,
  RECIPE_NAME,
} from "../support/examples.ts";

const root = new URL("../../", import.meta.url).pathname;
const home = makeTempHome();
const stateDir = `${home}/.local/state/attn`;
const recipePath = `${stateDir}/${RECIPE_NAME}`;
Deno.mkdirSync(stateDir, { recursive: true });
Deno.writeTextFileSync(recipePath, exampleRecipeJson());
// The recipe file the help example names: the tiny recipe (its own would train for minutes).
Deno.writeTextFileSync(`${stateDir}/quick.json`, exampleRecipeJson());
globalThis.addEventListener("unload", () => Deno.removeSync(home, { recursive: true }));
// generate needs a GPT; until one ships in weights/, its examples run a tiny random one.
const tinyGpt = `${stateDir}/tiny-gpt.safetensors`;
const shipsGpt = [...Deno.readDirSync(`${root}weights`)].some((e) => e.name.includes("gpt"));
if (!shipsGpt) await saveTinyGpt(tinyGpt);

/** Tasks besides attn/start that examples name, and why some are not run. */
const notRun: Record<string, string> = {
  test: "the whole test suite, which this test is part of",
  install: "installs a global command into ~/.deno/bin; tests/repl/install_test.ts runs it",
  "train:all":
    "retrains all 20 shipped models (about an hour); tests/train/train_all_test.ts runs it tiny",
  compile:
    "downloads Deno's runtime (denort) from dl.deno.land; tests/compile_test.ts builds it where denort is cached",
};

/** One line of a shell block or an inline `deno task ...` as an Example (or a skipped one). */
function fromShellLine(source: string, line: string): Example {
  const written = line;
  line = line.replace(/^npx -y deno@[\d.]+ task /, "deno task ");
  const base = { source, written, words: [] as string[], changed: null };
  const piped = line.match(/^printf '([^']*)' \| deno task start$/);
  if (piped) return { ...base, via: "start", stdin: piped[1].replaceAll("\\n", "\n") };
  if (/[<>]\s*\w|\bNAME\b|\bFILE\b/.test(line.replace(/ > \S+$/, ""))) {
    return { ...base, via: "attn", skip: "a placeholder, not a command" };
  }
  const redirected = line.match(/^(.*) > (\S+)$/);
  const words = shellLineWords(redirected ? redirected[1] : line, home);
  if (words[0] !== "deno" || words[1] !== "task") {
    return { ...base, via: "task", skip: "not an attn command (see its own test)" };
  }
  const [named, ...rest] = words.slice(2);
  // `deno task run main.ts ARGS` is `deno task attn ARGS`: the same grants (deno.json's run task).
  const [task, args] = named === "run" && rest[0] === "main.ts"
    ? ["attn", rest.slice(1)]
    : [named, rest];
  if (notRun[task]) return { ...base, via: "task", words: [task], skip: notRun[task] };
  if (task === "start" || (task === "attn" && args.length === 0)) {
    return { ...base, via: "start", stdin: "", changed: "the prompt with an empty script" };
  }
  if (task !== "attn") return fromTask(base, task, args);
  const sized = atTestSize(args, recipePath);
  const changed = [sized.changed, redirected ? `stdout kept instead of ${redirected[2]}` : null]
    .filter(Boolean).join("; ") || null;
  return { ...base, via: "attn", words: sized.words, changed, ...lessonPart(sized.words, changed) };
}

/** bench:matmul, bench:train, bench: at a small size, and only where their anchors exist. */
function fromTask(base: Omit<Example, "via">, task: string, args: string[]): Example {
  const example: Example = { ...base, via: "task", words: [task, ...args] };
  if (task === "bench") {
    return {
      ...example,
      words: [task, "--filter", "one dispatch + readback"],
      changed: "one microbenchmark of the file",
    };
  }
  if (task === "bench:matmul" && !needs.numpy) return { ...example, skip: "needs python3-numpy" };
  if (task === "bench:train" && (!needs.torch || webgpu === null)) {
    return { ...example, skip: "needs python3-torch and a WebGPU adapter (cpu takes minutes)" };
  }
  return { ...example, words: [...example.words, "--reps", "1"], changed: "--reps 1" };
}

/** A lesson play: stopped after its first step (with the example's other changes, if any). */
function lessonPart(words: string[], changed: string | null = null): Partial<Example> {
  if (!isLessonPlay(words)) return {};
  const stop = "stopped after its first step (tests/lessons/play_lessons_test.ts plays it all)";
  return { firstStepOnly: true, changed: changed ? `${changed}; ${stop}` : stop };
}

/** The examples of an attn> block: one script, lessons played one by one, as one-liners. */
function fromPromptBlock(source: string, text: string): Example[] {
  const lines = promptLines(text);
  const lessons = lines.filter((l) => isLessonPlay(shellWords(l)));
  const script = lines.filter((l) => !lessons.includes(l)).map((l) => {
    const sized = atTestSize(shellWords(l), recipePath);
    return { written: l, line: sized.changed ? sized.words.join(" ") : l, changed: sized.changed };
  });
  const examples: Example[] = lessons.map((l) => ({
    source,
    written: `attn> ${l}`,
    via: "attn",
    words: shellWords(l),
    changed: "run as a one-liner and stopped after its first step",
    firstStepOnly: true,
  }));
  if (script.length > 0) {
    const changes = [...new Set(script.map((s) => s.changed).filter(Boolean))];
    examples.unshift({
      source,
      written: script.map((s) => `attn> ${s.written}`).join("\n"),
      via: "start",
      words: [],
      stdin: script.map((s) => s.line).join("\n") + "\n",
      changed: changes.length > 0 ? changes.join("; ") : null,
    });
  }
  return examples;
}

/** Every runnable example of the README, in reading order. */
function readmeExamples(): Example[] {
  const examples: Example[] = [];
  for (const block of readmeBlocks()) {
    const source = `README (${block.section || "top"})`;
    if (block.section === "Using attn checkpoints in PyTorch") continue; // load_in_torch_test.ts
    if (block.lang === "sh") {
      for (const line of block.text.split("\n").map(withoutComment).filter(Boolean)) {
        examples.push(fromShellLine(source, line));
      }
    } else if (promptLines(block.text).length > 0) {
      examples.push(...fromPromptBlock(source, block.text));
    }
  }
  const prose = Deno.readTextFileSync(`${root}README.md`).replace(/```[\s\S]*?```/g, "");
  for (const m of prose.matchAll(/`((?:deno task|printf '[^'`]*' \| deno task) [^`]*)`/g)) {
    examples.push(fromShellLine("README (text)", m[1]));
  }
  return examples;
}

/** Every example `help --json` lists, in command order. */
async function helpExamples(): Promise<Example[]> {
  const help = await runAttn(["help", "--json"]);
  assert.equal(help.code, 0, help.stderr);
  const commands: { name: string; examples: string[] }[] = JSON.parse(help.stdout).commands;
  const examples: Example[] = [];
  for (const { name, examples: lines } of commands) {
    for (const line of lines) {
      const source = `help ${name}`;
      const sized = atTestSize(shellLineWords(line, home), recipePath);
      if (name === "save") {
        // save writes the model the same session trained: at the prompt, after a training.
        const train = `train transformer reverse --recipe ${recipePath}`;
        examples.push({
          source,
          written: line,
          via: "start",
          words: [],
          stdin: `${train}\n${line}\n`,
          changed: `at the prompt after '${train}' (save needs a model trained in the session)`,
        });
        continue;
      }
      if (name === "generate" && !shipsGpt) {
        const words = [...sized.words, "--model", tinyGpt];
        const changed = "with --model a tiny random GPT (weights/ ships no GPT yet)";
        examples.push({ source, written: line, via: "attn", words, changed });
        continue;
      }
      examples.push({ source, written: line, via: "attn", ...sized, ...lessonPart(sized.words) });
    }
  }
  return examples;
}

function dedupe(examples: Example[]): Example[] {
  const seen = new Set<string>();
  return examples.filter((e) => {
    const key = JSON.stringify([e.via, e.words, e.stdin ?? null, e.skip ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Lines that report an error: `attn: ...` other than notes, warnings and notices of progress. */
function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) =>
    /^attn: /.test(l) && !/^attn: (note|warning|경고|참고):/.test(l)
  );
}

async function runTask(words: string[]): Promise<{ code: number; stderr: string }> {
  const [task, ...args] = words;
  const taskWords = shellWords(taskCommand(task), { HOME: home });
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...taskWords.slice(1), ...args],
    cwd: root,
    env: { NO_COLOR: "1", HOME: home, XDG_STATE_HOME: "", DENO_DIR: denoDir() },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/** A lesson: its title and first step show without an error, then it is stopped. */
async function runFirstStep(words: string[]): Promise<void> {
  const child = spawnAttn(words, { env: { HOME: home } });
  const title = /^\s*(Lesson \d+\.|\d+강\.)/m;
  let shown = false;
  try {
    await child.waitFor(title, { stream: "stdout", timeoutMs: 60_000 });
    shown = true;
  } finally {
    try {
      child.kill("SIGTERM");
    } catch {
      // it finished on its own
    }
  }
  const done = await child.done;
  assert.ok(shown, done.stderr);
  assert.ok([0, 143].includes(done.code), `exit ${done.code}\n${done.stderr}`);
  const errors = errorLines(done.stderr).filter((l) => !/ stopped[;,]| 멈춤/.test(l)); // the stop we sent
  assert.deepEqual(errors, [], done.stderr);
}

async function runExample(e: Example): Promise<void> {
  if (e.firstStepOnly) return await runFirstStep(e.words);
  const run = e.via === "task"
    ? await runTask(e.words)
    : await runAttn(e.via === "attn" ? e.words : [], {
      env: { HOME: home },
      ...(e.via === "start" ? { task: "start", stdin: e.stdin ?? "" } : {}),
      timeoutMs: 240_000,
    });
  assert.equal(run.code, 0, `${e.written}\n${run.stderr}`);
  assert.deepEqual(errorLines(run.stderr), [], run.stderr);
}

const examples = dedupe([...readmeExamples(), ...await helpExamples()]);

Deno.test("the README and help have examples, and the test says what it changes or skips", () => {
  assert.ok(examples.filter((e) => e.source.startsWith("help")).length >= 60);
  assert.ok(examples.filter((e) => e.source.startsWith("README")).length >= 20);
  for (const e of examples.filter((e) => e.skip)) {
    console.log(`not run: ${e.written} (${e.source}): ${e.skip}`);
  }
  for (const e of examples.filter((e) => !e.skip && e.changed)) {
    console.log(`changed: ${e.written.split("\n").join(" | ")} (${e.source}): ${e.changed}`);
  }
});

for (const e of examples) {
  Deno.test({
    name: `${e.source}: ${e.written.split("\n").join(" | ")}`,
    ignore: e.skip !== undefined,
    fn: () => runExample(e),
  });
}
