import assert from "node:assert/strict";
import { renderTable } from "../../src/render/table.ts";
import { assertFits } from "./snapshot.ts";

const head = ["case", "median ms", "note"];
const rows = [
  ["matmul 256x256x256", "1.23", "a very long explanatory note that goes on and on"],
  ["나는 학생이다", "2", "x"],
];

Deno.test("renderTable() with maxWidth truncates the widest column until the table fits", () => {
  for (const width of [30, 40, 60]) {
    const text = renderTable(head, rows, { maxWidth: width });
    assertFits(text, width);
    assert.match(text, /…/);
    assert.match(text, /median/);
  }
  // Without a bound (or with room) nothing is cut.
  assert.doesNotMatch(renderTable(head, rows), /…/);
  assert.doesNotMatch(renderTable(head, rows, { maxWidth: 200 }), /…/);
});

Deno.test("renderTable() drops trailing columns, and says so, when even narrow columns do not fit", () => {
  const text = renderTable(head, rows, { maxWidth: 16 });
  assertFits(text, 16);
  assert.match(text.replaceAll("\n", " "), /column/);
  assert.doesNotMatch(text.split("\n")[1], /note/);
});
