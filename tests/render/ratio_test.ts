import assert from "node:assert/strict";
import { formatRatio } from "../../src/render/ratio.ts";

Deno.test("formatRatio() prints two significant digits at every size", () => {
  const cases: [number, string][] = [
    [0.068, "0.068x"],
    [0.07, "0.070x"], // the trailing zero: two digits were measured, not one
    [0.0038, "0.0038x"],
    [0.52, "0.52x"],
    [1, "1.0x"],
    [1.94, "1.9x"],
    [2.04, "2.0x"],
    [9.96, "10x"],
    [12.3, "12x"],
    [123, "120x"], // no exponent form (1.2e+2)
  ];
  for (const [ratio, text] of cases) assert.equal(formatRatio(ratio), text, String(ratio));
});
