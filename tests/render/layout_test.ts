import assert from "node:assert/strict";
import fc from "fast-check";
import {
  displayWidth,
  fitWidth,
  graphemes,
  padEndWidth,
  showToken,
  truncateWidth,
  wrapWidth,
} from "../../src/render/layout.ts";

Deno.test("displayWidth() counts Hangul as 2 columns and escape codes as none", () => {
  assert.equal(displayWidth("학생이다"), 8);
  assert.equal(displayWidth("\x1b[31m나는\x1b[39m a"), 6);
});

Deno.test("padEndWidth() and truncateWidth() work in columns, never splitting a wide character", () => {
  assert.equal(padEndWidth("나는", 6), "나는  ");
  assert.equal(truncateWidth("학생이다", 5), "학생…");
  assert.equal(truncateWidth("학생이다", 4, ""), "학생");
  assert.equal(truncateWidth("학생이다", 8), "학생이다");
  assert.equal(displayWidth(fitWidth("학생이다 abc", 7)), 7);
  assert.deepEqual(graphemes("학생"), ["학", "생"]);
});

Deno.test("wrapWidth() keeps every line within the width", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom("나는", "학생이다", "a", "student", "supercalifragilistic", ""), {
        maxLength: 30,
      }),
      fc.integer({ min: 1, max: 30 }),
      (words, width) => {
        for (const line of wrapWidth(words.join(" "), width)) {
          assert.ok(displayWidth(line) <= width, line);
        }
      },
    ),
  );
  assert.deepEqual(wrapWidth("나는 학생이다", 8), ["나는", "학생이다"]);
});

Deno.test("showToken() makes spaces and control characters visible", () => {
  assert.equal(showToken(" "), "␣");
  assert.equal(showToken("a\x1b[2J"), "a\\x1b[2J");
});
