/**
 * Bidi controls and other invisible format characters (Unicode category Cf, and U+2028/2029)
 * typed in a token or a path never reach the terminal raw: views and error lines show them as
 * <U+XXXX>, as control characters already were shown as \xNN. --json keeps the real string.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTempHome } from "../support/state.ts";

const noGpu = { DENO_WEBGPU_BACKEND: "doesnotexist" };

/** Every character the terminal must not get raw. */
const INVISIBLE = /[\p{Cf}\u2028\u2029]/u;

const samples: [string, string][] = [
  ["\u202e", "<U+202E>"], // right-to-left override
  ["\u2066", "<U+2066>"], // left-to-right isolate
  ["\u2069", "<U+2069>"], // pop directional isolate
  ["\u200f", "<U+200F>"], // right-to-left mark
  ["\u061c", "<U+061C>"], // Arabic letter mark
  ["\u2028", "<U+2028>"], // line separator
  ["\u200b", "<U+200B>"], // zero width space
  ["\ufeff", "<U+FEFF>"], // zero width no-break space (BOM)
  ["\u{e0041}", "<U+E0041>"], // a tag character (astral)
];

function assertVisible(text: string, shown: string, what: string): void {
  const raw = INVISIBLE.exec(text);
  assert.equal(raw, null, `${what}: raw U+${raw?.[0].codePointAt(0)?.toString(16)} in ${text}`);
  assert.ok(text.includes(shown), `${what}: expected ${shown} in ${text}`);
}

Deno.test("an invisible character in a run's word: <U+XXXX> in the warning and the view", async () => {
  await withTempHome(async (home) => {
    const env = { ...noGpu, HOME: home };
    // U+2028 and U+FEFF count as white space (JavaScript's \s): the word tokenizer splits there.
    const inWords = samples.filter(([c]) => !/\s/.test(c));
    const line = (c: string, json = "") =>
      `run 나는 학생${c}이다 --model ko-en-gru --backend cpu${json}`;
    const views = await runAttn([], {
      task: "start",
      env,
      stdin: inWords.map(([c]) => line(c)).join("\n") + "\n",
    });
    assert.equal(views.code, 0, views.stderr);
    for (const [, shown] of inWords) {
      assertVisible(views.stderr, `'학생${shown}이다'`, `warning for ${shown}`);
      // The word is unknown to the model: the view labels it <unk>, as the model saw it.
      assertVisible(views.stdout, `input   나는 <unk>`, `view for ${shown}`);
    }
    const json = await runAttn([], {
      task: "start",
      env,
      stdin: inWords.map(([c]) => line(c, " --json")).join("\n") + "\n",
    });
    assert.equal(json.code, 0, json.stderr);
    assert.equal(INVISIBLE.exec(json.stdout), null, "escaped as \\u in the JSON text");
    const results = json.stdout.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(
      results.map((r) => r.input.written),
      inWords.map(([c]) => ["나는", `학생${c}이다`]),
      "--json keeps the real string",
    );
    assert.deepEqual(results.map((r) => r.input.tokens), inWords.map(() => ["나는", "<unk>"]));
  });
});

Deno.test("an invisible character in a path, a command or an option: <U+XXXX> in the error", async () => {
  await withTempHome(async (home) => {
    const cases: [string[], string][] = [
      [["run", "나는", "--model", "weights/evil\u202egnp.safetensors"], "evil<U+202E>gnp"],
      [["use", "ko-en\u200b-gru"], "'ko-en<U+200B>-gru'"],
      [["devi\u2066ce"], "'devi<U+2066>ce'"],
      [["device", "--js\u200fon"], "'--js<U+200F>on'"],
      [["mask", "caus\u2028al", "4"], "'caus<U+2028>al'"],
      [["set", "colormap", "magma\u{e0041}"], "'magma<U+E0041>'"],
    ];
    for (const [args, shown] of cases) {
      const run = await runAttn([...args, "--backend", "cpu"], { env: { ...noGpu, HOME: home } });
      assert.notEqual(run.code, 0);
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
      assertVisible(run.stderr, shown, args.join(" "));
    }
    // The same at the prompt, reading a script.
    const script = await runAttn([], {
      task: "start",
      env: { ...noGpu, HOME: home },
      stdin: 'use ko-en-gru\u202e\nhelp "ru\ufeffn"\n', // quoted: U+FEFF is white space to \\s
    });
    assert.equal(script.code, 1);
    assertVisible(script.stderr, "'ko-en-gru<U+202E>'", "use at the prompt");
    assertVisible(script.stderr, "'ru<U+FEFF>n'", "help at the prompt");
  });
});
