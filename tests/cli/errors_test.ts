import assert from "node:assert/strict";
import {
  AttnError,
  errorLine,
  exitCodeOf,
  InterruptedError,
  sanitizeForTerminal,
  UsageError,
} from "../../src/cli/errors.ts";
import { closestName } from "../../src/app/suggest.ts";
import { parseCount, parseLengths } from "../../src/cli/parse_number.ts";

Deno.test("errorLine() is one line with the attn: prefix and no escape sequences", () => {
  const line = errorLine(new AttnError("bad\ninput \x1b[31mred\x1b[0m"));
  // The same placeholders as every view (escapeForTerminal): \x1b for ESC.
  assert.equal(line, "attn: bad; input \\x1b[31mred\\x1b[0m");
  assert.ok(!line.includes("\x1b"));
  assert.equal(exitCodeOf(new UsageError("x")), 2);
  assert.equal(exitCodeOf(new AttnError("x")), 1);
  assert.equal(exitCodeOf(new Error("x")), 1);
  assert.equal(exitCodeOf(new InterruptedError()), 130);
  assert.equal(exitCodeOf(new InterruptedError("x", { signal: "SIGTERM" })), 143);
  assert.equal(exitCodeOf(new InterruptedError("x", { signal: "SIGHUP" })), 129);
  assert.equal(sanitizeForTerminal("a\u0007b\u009bc"), "a\\x07b\\x9bc");
});

Deno.test("closestName() suggests near typos and prefixes, not distant words", () => {
  const names = ["device", "bench", "models", "run"];
  assert.equal(closestName("devcie", names), "device");
  assert.equal(closestName("benc", names), "bench");
  assert.equal(closestName("mod", names), "models");
  assert.equal(closestName("xyzzy", names), null);
  // A very long word is compared with no name (it cannot be a typo of one) and answers at once.
  const started = performance.now();
  assert.equal(closestName("d".repeat(1_000_000), names), null);
  assert.ok(performance.now() - started < 200, "no quadratic comparison");
});

Deno.test("parseCount() and parseLengths() refuse NaN, fractions, negatives and absurd sizes", () => {
  assert.equal(parseCount("12", "--reps", { max: 100 }), 12);
  for (const bad of ["NaN", "Infinity", "-3", "1.5", "", "1e3", "0", "101"]) {
    assert.throws(() => parseCount(bad, "--reps", { max: 100 }), UsageError, bad);
  }
  assert.deepEqual(parseLengths("8..64", "--len", { max: 4096 }), [8, 16, 32, 64]);
  assert.deepEqual(parseLengths("8..48", "--len", { max: 4096 }), [8, 16, 32, 48]);
  assert.deepEqual(parseLengths("3,5,7", "--len", { max: 4096 }), [3, 5, 7]);
  assert.throws(() => parseLengths("64..8", "--len", { max: 4096 }), UsageError);
  assert.throws(() => parseLengths("8..99999", "--len", { max: 4096 }), /from 1 to 4096/);
});
