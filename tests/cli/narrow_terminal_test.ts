/**
 * Narrow and resized terminals (issue #16 item 6, `models` of item 15): at 60 columns no line
 * of `models`, `compare` or the REPL's banner is wider than 60, the translations `compare`
 * shows are never cut, a terminal resized at the prompt gets the next output laid out for its
 * new width, and a pseudo-terminal that reports 0 columns is laid out for 80.
 */
import assert from "node:assert/strict";
import { denoDir, runAttn, taskFlags } from "../support/run_attn.ts";
import { needs } from "../support/needs.ts";
import { withTempHome } from "../support/state.ts";
import { displayWidth } from "../../src/render/layout.ts";
import { Tty, withRepl } from "../repl/tty.ts";

const root = new URL("../../", import.meta.url).pathname;
const tty = { sanitizeOps: false, sanitizeResources: false, ignore: !needs.tmux };

function assertWithin(text: string, width: number, what: string): void {
  for (const line of text.split("\n")) {
    assert.ok(
      displayWidth(line) <= width,
      `${what}: a line of ${displayWidth(line)} > ${width}:\n${line}\n\n${text}`,
    );
  }
}

Deno.test("models at 60 columns: one compact line per model, grouped by task, the model in use marked", async () => {
  const r = await runAttn(["models"], { env: { COLUMNS: "60" } });
  assert.equal(r.code, 0, r.stderr);
  assertWithin(r.stdout, 60, "models");
  const json = JSON.parse((await runAttn(["models", "--json"])).stdout) as {
    name: string;
    task: string;
    arch: string;
    current: boolean;
  }[];
  const lines = r.stdout.trimEnd().split("\n");
  // A line per model, a heading (and blank line) per task, the header, the note on the mark and
  // the note on what a GPT's scores measure (wrapped at 60 columns: up to 4 lines).
  const tasks = new Set(json.map((m) => m.task));
  assert.ok(
    lines.length <= json.length + 3 * tasks.size + 8,
    `${lines.length} lines:\n${r.stdout}`,
  );
  assert.doesNotMatch(r.stdout, /[├┼─]/, "no separator between rows");
  assert.match(lines[0], /test exact match/);
  const marked = lines.filter((l) => /^\* \S+ .*%$/.test(l)); // not the note about the mark
  assert.equal(marked.length, 1, r.stdout);
  assert.equal(json.filter((m) => m.current).length, 1);
  assert.match(marked[0], new RegExp(`^\\* ${json.find((m) => m.current)!.name} `));
  // By task, then architecture: within each task the GRUs come before the Transformers.
  for (const task of tasks) {
    const archs = json.filter((m) => m.task === task).map((m) => m.arch);
    assert.ok(archs.lastIndexOf("gru") < archs.indexOf("transformer"), `${task}: ${archs}`);
    const names = json.filter((m) => m.task === task).map((m) => m.name);
    const at = names.map((n) => lines.findIndex((l) => l.slice(2).startsWith(`${n} `)));
    assert.deepEqual([...at].sort((a, b) => a - b), at, `${task} in the --json order`);
  }
});

Deno.test("help and run at 60 columns, in English and Korean: no line is wider", async () => {
  const lines = [
    ["help"],
    ["help", "run"],
    ["help", "train"],
    ["run", "나는", "어제", "도서관에서", "책을", "읽었다", "--backend", "cpu"],
  ];
  for (const words of lines) {
    for (const lang of ["en", "ko"]) {
      const r = await runAttn([...words, "--lang", lang], { env: { COLUMNS: "60" } });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.length > 0, words.join(" "));
      assertWithin(r.stdout, 60, `${words.join(" ")} --lang ${lang}`);
    }
  }
});

Deno.test("compare at 60 columns wraps the translations, never cuts them", async () => {
  const r = await runAttn(
    ["compare", "나는", "어제", "도서관에서", "책을", "읽었다", "--backend", "cpu", "--json"],
  );
  assert.equal(r.code, 0, r.stderr);
  const outputs = (JSON.parse(r.stdout).rows as { output: string }[]).map((row) => row.output);
  const plain = await runAttn(
    ["compare", "나는", "어제", "도서관에서", "책을", "읽었다", "--backend", "cpu"],
    { env: { COLUMNS: "60" } },
  );
  assert.equal(plain.code, 0, plain.stderr);
  assertWithin(plain.stdout, 60, "compare");
  assert.doesNotMatch(plain.stdout, /…/);
  // Each output, its wrapped lines joined again, is there whole.
  const joined = plain.stdout.replace(/\n {4}/g, " ");
  for (const output of outputs) {
    assert.ok(joined.includes(`→ ${output}`), `${output}:\n${plain.stdout}`);
  }
});

Deno.test({
  name: "REPL at 60 columns: the banner fits; resized to 100 and back to 60, output follows",
  ...tty,
  async fn() {
    await withRepl(
      async (t) => {
        const banner = await t.screen();
        assertWithin(banner.trimEnd(), 60, "banner");
        assert.match(banner, /Type help/);
        await t.resize(100);
        await t.type("models");
        await t.press("Enter");
        const wide = await t.waitFor(/test exact match[\s\S]*attn> $/m);
        // At 100 columns the architecture column fits again.
        assert.match(wide.slice(wide.lastIndexOf("attn> models")), /architecture/);
        await t.resize(60);
        await t.press("C-l"); // a clean screen: the capture then holds only what follows
        await t.type("models");
        await t.press("Enter");
        const narrow = await t.waitFor(/test exact match[\s\S]*attn> $/m);
        const after = narrow.slice(narrow.lastIndexOf("attn> models"));
        assert.doesNotMatch(after, /architecture/);
        assertWithin(after.trimEnd(), 60, "models after the resize");
      },
      { COLUMNS: "" },
      60,
    );
  },
});

Deno.test({
  name: "REPL: a resize while a command runs does not write the prompt into its output",
  ...tty,
  async fn() {
    await withRepl(
      async (t) => {
        await t.type("bench matmul --reps 1");
        await t.press("Enter");
        await t.waitFor(/attn> bench matmul --reps 1\n/);
        await new Promise((resolve) => setTimeout(resolve, 400));
        await t.resize(90);
        await t.resize(80);
        const screen = await t.waitFor(/GFLOP\/s[\s\S]*^attn> $/m, 60000);
        const prompts = screen.split("\n").filter((l) => l.startsWith("attn>"));
        assert.deepEqual(prompts.map((l) => l.trimEnd()), ["attn> bench matmul --reps 1", "attn>"]);
      },
      { COLUMNS: "" },
      100,
    );
  },
});

Deno.test({
  name: "a terminal that reports 0 columns gets 80-column output, not one character per line",
  ...tty,
  async fn() {
    await withTempHome(async (home) => {
      const env = {
        HOME: home,
        XDG_STATE_HOME: "",
        DENO_DIR: denoDir(),
        TERM: "xterm-256color",
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        COLUMNS: "",
      };
      const deno = [Deno.execPath(), "run", ...taskFlags("attn", env), "main.ts", "help"];
      const script = `stty cols 0 rows 0; exec ${deno.map((w) => `'${w}'`).join(" ")}`;
      const term = await Tty.start(["sh", "-c", script], { env, cwd: root, columns: 200 });
      try {
        const screen = await term.waitFor(/\[exited \d+\]/, 60000);
        assert.match(screen, /\[exited 0\]/, screen);
        const lines = screen.split("\n").filter((l) => l.trim() !== "" && !/exited/.test(l));
        const widest = Math.max(...lines.map(displayWidth));
        assert.ok(widest > 60 && widest <= 80, `widest line ${widest}:\n${screen}`);
      } finally {
        await term.close();
      }
    });
  },
});

Deno.test("run with one attention matrix says so in the singular", async () => {
  const r = await runAttn(["run", "abcde", "--model", "reverse-gru-bahdanau", "--backend", "cpu"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /the 1 attention matrix \(alignment\)/);
  assert.doesNotMatch(r.stdout, /1 attention matrices/);
});
