import assert from "node:assert/strict";
import { makeCompleter, wordsIn } from "../../src/repl/completer.ts";
import { commands } from "../../src/cli/commands/mod.ts";

const complete = makeCompleter(commands, {
  models: () => ["ko-en-transformer", "ko-en-gru-bahdanau", "reverse-transformer"],
  tasks: () => ["reverse", "dates", "ko-en"],
});

Deno.test("completion: commands, then the words each argument and option takes", () => {
  const cases: [string, string[]][] = [
    ["ru", ["run "]],
    ["sa", ["saliency", "save"]],
    ["sav", ["save "]],
    ["s", ["saliency", "save", "set", "step"]],
    ["h", ["help", "hidden"]],
    ["pe ", ["learned", "rope", "sinusoidal"]],
    ["pe ro", ["rope "]],
    ["mask ", ["causal", "padding"]],
    ["attn c", ["cross "]],
    ["set ", ["backend", "color", "colormap", "images", "kernels", "lang", "values"]],
    ["set kernels ", ["fast", "reference"]],
    ["--kernels r", ["reference "]],
    ["--kernels reference dev", ["device "]],
    ["run x --kernels ", ["fast", "reference"]],
    ["set colormap ", ["gray", "magma", "viridis"]],
    ["set values o", ["off", "on"]],
    ["use ko", ["ko-en-gru-bahdanau", "ko-en-transformer"]],
    ["run 나는 학생이다 --model rev", ["reverse-transformer "]],
    ["run x --m", ["--max-steps", "--model"]],
    ["compare abc --task d", ["dates "]],
    ["hidden --where ", ["decoder", "encoder"]],
    ["--backend c", ["cpu "]],
    ["--json dev", ["device "]],
    ["help at", ["attn "]],
    ["bench ", ["attention", "dispatch", "generate", "matmul", "models", "train"]],
    ["nosuch ", []],
  ];
  for (const [line, expected] of cases) {
    const [hits, word] = complete(line);
    assert.deepEqual(hits, expected, JSON.stringify(line));
    assert.ok(line.endsWith(word), `${JSON.stringify(line)}: the completed word ends the line`);
  }
});

Deno.test("wordsIn() reads word lists from descriptions and nothing else", () => {
  assert.deepEqual(wordsIn("sinusoidal, learned or rope"), ["sinusoidal", "learned", "rope"]);
  assert.deepEqual(wordsIn("the model: transformer, gru, lstm"), ["transformer", "gru", "lstm"]);
  assert.deepEqual(wordsIn("encoder or decoder (default both)"), ["encoder", "decoder"]);
  assert.deepEqual(wordsIn("sequence length (1-64)"), []);
  assert.deepEqual(wordsIn("a head number from 0, or mean"), []);
});
