/**
 * The README's PyTorch section runs as written with Debian's python3-torch and nothing else
 * (no safetensors package): the shell snippet exports a model and loads it with
 * tools/load_in_torch.py, whose output must be the output the README shows; the Python snippet
 * runs from the project directory. Ignored when /usr/bin/python3 has no torch.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { makeTempHome } from "../support/state.ts";
import { needs, python } from "../support/needs.ts";
import { readmeBlocks, shellLineWords, withoutComment } from "../support/readme.ts";

const root = new URL("../../", import.meta.url).pathname;
const SECTION = "Using attn checkpoints in PyTorch";
const blocks = readmeBlocks().filter((b) => b.section === SECTION);

async function runPython(args: string[], home: string) {
  const out = await new Deno.Command(python, {
    args,
    cwd: root,
    env: { HOME: home, PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("the README's PyTorch section has a shell snippet, its output and a Python snippet", () => {
  assert.deepEqual(blocks.map((b) => b.lang), ["sh", "", "python"]);
});

Deno.test({
  name:
    "the README's shell snippet exports a model and loads it in PyTorch, printing what it shows",
  ignore: !needs.torch,
  async fn() {
    const home = makeTempHome();
    try {
      let printed = "";
      for (const line of blocks[0].text.split("\n").map(withoutComment).filter(Boolean)) {
        const words = shellLineWords(line, home);
        if (words.slice(0, 3).join(" ") === "deno task attn") {
          const run = await runAttn(words.slice(3), { env: { HOME: home } });
          assert.equal(run.code, 0, `${line}\n${run.stderr}`);
        } else {
          assert.equal(words[0], python, `expected the snippet to run ${python}, got ${line}`);
          const run = await runPython(words.slice(1), home);
          assert.equal(run.code, 0, `${line}\n${run.stderr}`);
          printed = run.stdout;
        }
      }
      assert.equal(printed.trimEnd(), blocks[1].text.trimEnd());
    } finally {
      await Deno.remove(home, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "the README's Python snippet runs from the project directory and prints the first word",
  ignore: !needs.torch,
  async fn() {
    const home = makeTempHome();
    try {
      const run = await runPython(["-c", blocks[2].text], home);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, "I\n");
    } finally {
      await Deno.remove(home, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "load_in_torch.py refuses a file that is not a checkpoint in one line, exit 1",
  ignore: !needs.torch,
  async fn() {
    const home = makeTempHome();
    try {
      const run = await runPython(["tools/load_in_torch.py", "README.md"], home);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^load_in_torch: cannot use README\.md: not a safetensors file/);
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
    } finally {
      await Deno.remove(home, { recursive: true }).catch(() => {});
    }
  },
});
