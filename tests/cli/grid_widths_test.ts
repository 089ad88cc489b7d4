/**
 * The grid through the commands users type, at the widths of a narrow, a usual and a wide
 * terminal: no line is wider than the terminal, and Korean source words stay whole and
 * horizontal in the header where they fit.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { displayWidth } from "../../src/render/layout.ts";

const sentence = "나는 어제 도서관에서 책을 읽었다";
const WIDTHS = [60, 80, 160];

function assertFitsWidth(text: string, width: number, what: string): void {
  for (const line of text.split("\n")) {
    assert.ok(
      displayWidth(line) <= width,
      `${what} at ${width}: ${displayWidth(line)} > ${width}: ${line}`,
    );
  }
}

for (const width of WIDTHS) {
  Deno.test(`run, pe and mask at ${width} columns: no line over the width`, async () => {
    for (
      const [args, color] of [
        [["run", sentence, "--backend", "cpu"], false],
        [["run", sentence, "--backend", "cpu"], true],
        [["pe", "sinusoidal"], false],
        [["pe", "sinusoidal", "50", "64"], true],
        [["mask", "causal", "6"], false],
      ] as const
    ) {
      const env: Record<string, string> = { COLUMNS: String(width) };
      if (color) Object.assign(env, { NO_COLOR: "", FORCE_COLOR: "3" });
      const r = await runAttn([...args], { env });
      assert.equal(r.code, 0, r.stderr);
      assertFitsWidth(r.stdout, width, args.join(" "));
    }
  });

  Deno.test(`attn, hidden and step at the prompt at ${width} columns: no line over the width`, async () => {
    const r = await runAttn([], {
      task: "start",
      env: { COLUMNS: String(width) },
      stdin: [
        `run ${sentence} --backend cpu`,
        "attn decoder",
        "attn cross 0 1",
        "attn encoder",
        "hidden",
        "step 나는 학생이다 --backend cpu --all",
        "",
      ].join("\n"),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /attn: /);
    assertFitsWidth(r.stdout, width, "the prompt session");
    assert.match(r.stdout, /· masked: cannot attend/);
  });
}

Deno.test("run at 80 and 160 columns: the Korean source words stand whole in the header", async () => {
  for (const width of [80, 160]) {
    const r = await runAttn(["run", sentence, "--backend", "cpu"], {
      env: { COLUMNS: String(width) },
    });
    // In one line, or staggered over two: every word whole in a header line.
    for (const word of sentence.split(" ")) {
      assert.match(r.stdout, new RegExp(`^ +(\\S+ +)*${word}( |$)`, "m"), r.stdout);
    }
    assert.match(r.stdout, /rows: output token \(query\); columns: source token \(key\)/);
  }
  const narrow = await runAttn(["run", sentence, "--backend", "cpu"], { env: { COLUMNS: "60" } });
  // Too narrow for one line: the words staggered over two lines, still whole.
  assert.match(narrow.stdout, /^ +나는 +도서관에서 +읽었다$/m, narrow.stdout);
  assert.match(narrow.stdout, /^ +어제 +책을 +<eos>$/m, narrow.stdout);
});
