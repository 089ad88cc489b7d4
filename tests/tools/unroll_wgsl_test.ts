/**
 * tools/unroll_wgsl.ts on tiny inputs: block and one-line regions, nesting, `$name` substitution
 * (the longest bound name first), the header, each mistake reported with its line, and the script
 * run as deno task gen:kernels runs it (on a temporary folder).
 */
import assert from "node:assert/strict";
import { generatedHeader, unrollWgsl } from "../../tools/unroll_wgsl.ts";

const lines = (...l: string[]) => l.join("\n");
const body = (out: string) => out.split("\n").slice(1).join("\n");

Deno.test("unrollWgsl repeats a block per value, substituting $name, and removes the markers", () => {
  const out = unrollWgsl(
    lines(
      "fn f() {",
      "  // @unroll row < 3",
      "  if (ROWS > $rowu) {",
      "    acc$row += h_ws[$rowu * CAPQ];",
      "  }",
      "  // @end",
      "}",
      "",
    ),
    "tiny.rolled.wgsl",
  );
  assert.equal(out.split("\n")[0], generatedHeader("tiny.rolled.wgsl"));
  assert.equal(
    body(out),
    lines(
      "fn f() {",
      "  if (ROWS > 0u) {",
      "    acc0 += h_ws[0u * CAPQ];",
      "  }",
      "  if (ROWS > 1u) {",
      "    acc1 += h_ws[1u * CAPQ];",
      "  }",
      "  if (ROWS > 2u) {",
      "    acc2 += h_ws[2u * CAPQ];",
      "  }",
      "}",
      "",
    ),
  );
});

Deno.test("unrollWgsl repeats a line with a trailing marker, the marker dropped", () => {
  const out = unrollWgsl("  var a$row = vec4<f32>(0.0); // @unroll row < 2\nx", "t.rolled.wgsl");
  assert.equal(body(out), "  var a0 = vec4<f32>(0.0);\n  var a1 = vec4<f32>(0.0);\nx");
});

Deno.test("unrollWgsl nests regions, and $rowu reads as row then u even with r bound", () => {
  const out = unrollWgsl(
    lines(
      "// @unroll r < 2",
      "// @unroll row < 2",
      "w$r$row = $rowu + $ru; // @unroll k < 2",
      "// @end",
      "// @end",
    ),
    "t.rolled.wgsl",
  );
  // k is bound but unused: the line is simply repeated.
  assert.equal(
    body(out),
    lines(
      "w00 = 0u + 0u;",
      "w00 = 0u + 0u;",
      "w01 = 1u + 0u;",
      "w01 = 1u + 0u;",
      "w10 = 0u + 1u;",
      "w10 = 0u + 1u;",
      "w11 = 1u + 1u;",
      "w11 = 1u + 1u;",
    ),
  );
});

Deno.test("unrollWgsl copies text outside every region as is, $ included", () => {
  const source = "// `$row` is the row's number\nlet x = 1;\n";
  assert.equal(body(unrollWgsl(source, "t.rolled.wgsl")), source);
});

Deno.test("unrollWgsl reports each mistake with its file and line", () => {
  const cases: [string, RegExp][] = [
    ["a\n// @end", /^t\.rolled\.wgsl:2: `\/\/ @end` without an open `\/\/ @unroll` block$/],
    ["// @unroll row < 8\nx", /^t\.rolled\.wgsl:1: `\/\/ @unroll row < 8` has no `\/\/ @end`$/],
    [
      "// @unroll row < 2\nacc$rwo = 0;\n// @end",
      /^t\.rolled\.wgsl:2: `\$rwo` names no enclosing region's variable \(row\)$/,
    ],
    [
      "// @unroll row 8\n// @end",
      /^t\.rolled\.wgsl:1: expected `\/\/ @unroll <name> < <count>` or `\/\/ @end`, got `\/\/ @unroll row 8`$/,
    ],
    ["x // @unroll row < 0", /^t\.rolled\.wgsl:1: expected .*, got `\/\/ @unroll row < 0`$/],
    ["  //@end", /^t\.rolled\.wgsl:1: expected .*, got `\/\/@end`$/],
    [
      "// @unroll row < 2\nx$row; // @unroll row < 2\n// @end",
      /^t\.rolled\.wgsl:2: `row` is already the variable of an outer region$/,
    ],
  ];
  for (const [source, message] of cases) {
    assert.throws(() => unrollWgsl(source, "t.rolled.wgsl"), { message }, source);
  }
});

const script = new URL("../../tools/unroll_wgsl.ts", import.meta.url).pathname;

/** Runs the script on `dir` with only that folder readable and writable, as the task does. */
async function runScript(dir: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", `--allow-read=${dir}`, `--allow-write=${dir}`, script, dir],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test(
  "the script writes x.wgsl for each x.rolled.wgsl, leaves current files alone, and fails in one line",
  { sanitizeResources: false, sanitizeOps: false },
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "unroll-" });
    try {
      Deno.writeTextFileSync(`${dir}/tiny.rolled.wgsl`, "let a$k = $k; // @unroll k < 2\n");
      Deno.writeTextFileSync(`${dir}/other.wgsl`, "untouched\n");
      const first = await runScript(dir);
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stdout, "wrote tiny.wgsl\n");
      const generated = Deno.readTextFileSync(`${dir}/tiny.wgsl`);
      assert.equal(
        generated,
        `${generatedHeader("tiny.rolled.wgsl")}\nlet a0 = 0;\nlet a1 = 1;\n`,
      );
      const written = Deno.statSync(`${dir}/tiny.wgsl`).mtime;

      const again = await runScript(dir);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout, "tiny.wgsl is up to date\n");
      assert.deepEqual(Deno.statSync(`${dir}/tiny.wgsl`).mtime, written, "not rewritten");
      assert.equal(Deno.readTextFileSync(`${dir}/other.wgsl`), "untouched\n");

      Deno.writeTextFileSync(`${dir}/tiny.rolled.wgsl`, "// @unroll k < 2\nlet a$k = 1;\n");
      const broken = await runScript(dir);
      assert.equal(broken.code, 1);
      assert.equal(
        broken.stderr,
        "unroll_wgsl: tiny.rolled.wgsl:1: `// @unroll k < 2` has no `// @end`\n",
      );
      assert.equal(Deno.readTextFileSync(`${dir}/tiny.wgsl`), generated, "kept as it was");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
