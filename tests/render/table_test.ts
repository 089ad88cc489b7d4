import assert from "node:assert/strict";
import { renderTable } from "../../src/render/table.ts";
import { assertFits } from "./snapshot.ts";

const head = ["case", "median ms", "note"];
const rows = [
  ["matmul 256x256x256", "1.23", "a very long explanatory note that goes on and on"],
  ["나는 학생이다", "2", "x"],
];

Deno.test("renderTable() with maxWidth wraps cells onto more lines, cutting nothing", () => {
  for (const width of [30, 40, 60]) {
    const text = renderTable(head, rows, { maxWidth: width });
    assertFits(text, width);
    assert.doesNotMatch(text, /…/);
    assert.match(text, /median/);
    if (width < 40) continue; // too narrow for the longest words: they break, and still fit
    const words = text.replace(/[│┌┐└┘├┤┬┴┼─]/g, " ").split(/\s+/);
    for (const word of ["explanatory", "goes", "on", "and", "1.23"]) {
      assert.ok(words.includes(word), `${word} kept whole at ${width}:\n${text}`);
    }
  }
  // Without a bound (or with room) nothing is wrapped.
  assert.equal(renderTable(head, rows).split("\n").length, 7);
  assert.equal(renderTable(head, rows, { maxWidth: 200 }).split("\n").length, 7);
});

Deno.test("renderTable() never shrinks two headers to the same text", () => {
  const text = renderTable(
    ["d_k", "max w scaled", "max w raw", "H scaled", "H raw"],
    [[8, 0.123, 0.456, 3.063, 3.025]],
    { maxWidth: 40 },
  );
  assertFits(text, 40);
  const headerLines = text.split("\n").slice(1, 3).join(" ");
  assert.match(headerLines, /scaled/);
  assert.match(headerLines, /raw/);
  assert.doesNotMatch(text, /…/);
});

Deno.test("renderTable() drops trailing columns, and says so, when even narrow columns do not fit", () => {
  const text = renderTable(head, rows, { maxWidth: 16 });
  assertFits(text, 16);
  assert.match(text.replaceAll("\n", " "), /column/);
  assert.doesNotMatch(text.split("\n")[1], /note/);
});
