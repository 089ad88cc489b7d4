/**
 * A one-liner loads the command it runs, not all of them (src/cli/commands/lazy_table.ts): half
 * of `run`'s start went to loading modules only other commands use. These tests read Deno's own
 * module graph (`deno info --json`), so a heavy static import creeping back into the start-up
 * path fails here whatever the machine's speed; and the lazy table names the same commands, in
 * the same order, as the full one.
 */
import assert from "node:assert/strict";
import { commands } from "../../src/cli/commands/mod.ts";
import { commandNames, commandsForLine, loadCommand } from "../../src/cli/commands/lazy_table.ts";
import { runAttn } from "../support/run_attn.ts";

const root = new URL("../../", import.meta.url);

interface GraphModule {
  specifier: string;
  dependencies?: { code?: { specifier: string }; isDynamic?: boolean }[];
}

/** What Deno loads at run time when `entry` starts: its static, non-type imports, transitively. */
async function staticGraph(entry: string): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: root.pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const modules: GraphModule[] = JSON.parse(new TextDecoder().decode(out.stdout)).modules;
  const bySpecifier = new Map(modules.map((m) => [m.specifier, m]));
  const start = new URL(entry, root).href;
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const dep of bySpecifier.get(queue.pop()!)?.dependencies ?? []) {
      const to = dep.code?.specifier;
      if (to === undefined || dep.isDynamic || seen.has(to)) continue;
      seen.add(to);
      queue.push(to.replace(/^npm:(?!\/)/, "npm:/")); // the graph spells npm modules npm:/name
    }
  }
  return [...seen].map((s) => s.startsWith(root.href) ? s.slice(root.href.length) : s);
}

/** Parts only some commands use: none may load when a one-liner starts. */
const heavy = [
  /^src\/experiments\//,
  /^src\/train\//,
  /^src\/bench\//,
  /^src\/app\/lessons\//,
  /^src\/repl\/(?!terminal\.ts$)/, // the REPL loads when there is no command line
  /^src\/cli\/commands\/(?!lazy_table\.ts$)/,
  /asciichart|cli-progress|cli-table3/,
];

Deno.test("starting attn loads no command, no experiment, benchmark, training, lesson nor REPL", async () => {
  const graph = await staticGraph("main.ts");
  const loaded = graph.filter((m) => heavy.some((h) => h.test(m)));
  assert.deepEqual(loaded, [], "static imports on the start-up path of every one-liner");
  assert.ok(graph.includes("src/cli/commands/lazy_table.ts"), "the walk follows main.ts");
});

Deno.test("`run` adds its own modules only: no experiment, benchmark, training nor lesson", async () => {
  const graph = await staticGraph("src/cli/commands/run.ts");
  const loaded = graph.filter((m) => heavy.slice(0, 4).some((h) => h.test(m)));
  assert.deepEqual(loaded, []);
});

Deno.test("the lazy table names every command of the full table, in help's order", async () => {
  assert.deepEqual(commandNames, commands.map((c) => c.name));
  for (const name of commandNames) {
    assert.equal(await loadCommand(name), commands.find((c) => c.name === name), name);
  }
  assert.equal(await loadCommand("nope"), null);
});

Deno.test("a line loads one command, or the whole table when it needs help, a lesson or a correction", async () => {
  const names = async (words: string[], word?: string) =>
    (await commandsForLine(words, word)).map((c) => c.name);
  assert.deepEqual(await names(["run", "x"], "run"), ["run"]);
  assert.deepEqual(await names(["help"], "help"), commandNames);
  assert.deepEqual(await names(["lesson", "1"], "lesson"), commandNames);
  assert.deepEqual(await names(["run", "--help"], "run"), commandNames);
  assert.deepEqual(await names(["runn"], "runn"), commandNames);
  assert.deepEqual(await names(["--json"], undefined), commandNames);
});

Deno.test("through the shell: a lazily loaded run, help listing all, Korean --help, a suggestion", async () => {
  const run = await runAttn(["--backend", "cpu", "run", "나는 학생이다"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^output {2}I am a student$/m);
  const help = await runAttn(["help"]);
  for (const name of commandNames) assert.match(help.stdout, new RegExp(`^  ${name} `, "m"));
  const ko = await runAttn(["--lang", "ko", "run", "--help"]);
  assert.equal(ko.code, 0, ko.stderr);
  assert.match(ko.stdout, /^사용법: run /m);
  const typo = await runAttn(["runn", "x"]);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /did you mean 'run'/);
});
