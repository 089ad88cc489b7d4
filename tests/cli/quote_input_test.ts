import assert from "node:assert/strict";
import { boundMessage, quoteInput } from "../../src/app/quote_input.ts";

Deno.test("quoteInput() cuts after 80 characters and says how long the input was", () => {
  assert.equal(quoteInput("short"), "'short'");
  assert.equal(quoteInput("a".repeat(80)), `'${"a".repeat(80)}'`);
  assert.equal(quoteInput("a".repeat(81)), `'${"a".repeat(80)}…' (81 characters)`);
  // Characters are code points, and a surrogate pair is never cut in half.
  assert.equal(quoteInput("😀".repeat(80)), `'${"😀".repeat(80)}'`);
  assert.equal(quoteInput("😀".repeat(81)), `'${"😀".repeat(80)}…' (81 characters)`);
  assert.equal(quoteInput("a😀b", 2), "'a😀…' (3 characters)");
  assert.equal(quoteInput("abc", 2), "'ab…' (3 characters)");
});

Deno.test("boundMessage() cuts long words and long messages, leaves short ones alone", () => {
  const short = "unknown model 'x'; expected one of: a, b";
  assert.equal(boundMessage(short), short);
  const path = `/tmp/${"d".repeat(300)}.safetensors`;
  assert.equal(
    boundMessage(`no checkpoint file at ${path}: not found`),
    `no checkpoint file at ${path.slice(0, 80)}… (${path.length + 1} characters) not found`,
  );
  const many = "word ".repeat(1000);
  const cut = boundMessage(many);
  assert.ok(cut.length < 1100);
  assert.match(cut, /… \(message cut from 5,000 characters\)$/);
});
