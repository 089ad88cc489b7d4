/**
 * `deno task compile` builds one binary that runs attn with nothing beside it: lessons, weights
 * and kernels inside, the state directory its only writable place. deno compile joins the
 * program to Deno's runtime (denort), which it downloads from dl.deno.land on first use; tests
 * never use the network, so this test runs only where denort is already there (DENORT_BIN, or
 * Deno's cache of it) and is reported as ignored elsewhere, never as passed.
 */
import assert from "node:assert/strict";
import { denoDir, shellWords } from "./support/run_attn.ts";
import { taskCommand } from "./support/deno_tasks.ts";
import { makeTempHome } from "./support/state.ts";

const root = new URL("../", import.meta.url).pathname;

/** Where deno compile finds denort without downloading it, or null. */
function localDenort(): string | null {
  const explicit = Deno.env.get("DENORT_BIN");
  const cached = `${denoDir()}/dl/release/v${Deno.version.deno}/denort-${Deno.build.target}.zip`;
  for (const path of [explicit, cached]) {
    try {
      if (path && Deno.statSync(path).isFile) return path;
    } catch {
      // not there
    }
  }
  return null;
}

const decoder = new TextDecoder();

async function runBinary(binary: string, args: string[], cwd: string, home: string) {
  const out = await new Deno.Command(binary, {
    args,
    cwd,
    env: { HOME: home, XDG_STATE_HOME: "", XDG_RUNTIME_DIR: home, NO_COLOR: "1" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

Deno.test({
  name: "deno task compile builds a binary that runs lessons and a shipped model from elsewhere",
  ignore: localDenort() === null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const home = makeTempHome();
    try {
      // The task's own words, its --output moved out of the project.
      const words = shellWords(taskCommand("compile"), { HOME: home });
      const binary = `${home}/bin/attn`;
      words[words.indexOf("--output") + 1] = binary;
      const built = await new Deno.Command(Deno.execPath(), {
        args: words.slice(1),
        cwd: root,
        env: { HOME: home, DENO_DIR: denoDir(), NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(built.code, 0, decoder.decode(built.stderr));

      const elsewhere = `${home}/elsewhere`;
      await Deno.mkdir(elsewhere);
      const version = await runBinary(binary, ["--version"], elsewhere, home);
      const config = JSON.parse(await Deno.readTextFile(`${root}deno.json`));
      assert.equal(version.stdout, `${config.version}\n`, version.stderr);
      const lessons = await runBinary(
        binary,
        ["lesson", "--list", "--lang", "en"],
        elsewhere,
        home,
      );
      assert.equal(lessons.code, 0, lessons.stderr);
      assert.match(lessons.stdout, /01-rnn-limits/);
      const run = await runBinary(
        binary,
        ["run", "나는 학생이다", "--backend", "cpu", "--json"],
        elsewhere,
        home,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.ok(JSON.parse(run.stdout), "run --json prints JSON");
      assert.deepEqual([...Deno.readDirSync(elsewhere)], [], "nothing written where it ran");
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});
