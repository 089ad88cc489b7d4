/**
 * The kernels generated from rolled sources (kernels/gru_sequence.wgsl, lstm_sequence.wgsl,
 * matmul_wide.wgsl) are
 * exactly what tools/unroll_wgsl.ts makes of their *.rolled.wgsl now: a hand edit of a generated
 * file, or a rolled source changed without `deno task gen:kernels`, fails here.
 */
import assert from "node:assert/strict";
import { generatedName, KERNEL_DIR, ROLLED_SUFFIX, unrollWgsl } from "../../tools/unroll_wgsl.ts";

const rolled = [...Deno.readDirSync(KERNEL_DIR)]
  .map((e) => e.name)
  .filter((name) => name.endsWith(ROLLED_SUFFIX))
  .sort();

Deno.test("the recurrent sequence and wide matmul kernels are generated from rolled sources", () => {
  assert.deepEqual(rolled, [
    "gru_sequence.rolled.wgsl",
    "lstm_sequence.rolled.wgsl",
    "matmul_wide.rolled.wgsl",
  ]);
});

for (const name of rolled) {
  const kernel = generatedName(name);
  Deno.test(`kernels/${kernel} is what tools/unroll_wgsl.ts makes of ${name}`, () => {
    const expected = unrollWgsl(Deno.readTextFileSync(new URL(name, KERNEL_DIR)), name);
    const actual = Deno.readTextFileSync(new URL(kernel, KERNEL_DIR));
    if (actual === expected) return;
    const a = actual.split("\n");
    const e = expected.split("\n");
    const line = a.findIndex((l, i) => l !== e[i]);
    const at = line === -1 ? Math.min(a.length, e.length) : line;
    assert.fail(
      `kernels/${kernel} differs from what tools/unroll_wgsl.ts makes of ${name} from line ` +
        `${at + 1}: expected ${JSON.stringify(e[at])}, got ${JSON.stringify(a[at])}. ` +
        `Edit ${name} and run deno task gen:kernels; never edit ${kernel} by hand.`,
    );
  });
}
