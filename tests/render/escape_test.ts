import assert from "node:assert/strict";
import {
  escapeForTerminal,
  escapeInvisibleFormat,
  escapeInvisibleFormatInJson,
} from "../../src/render/escape.ts";
import { cleanText, displayWidth, showToken } from "../../src/render/layout.ts";

Deno.test("escapeForTerminal() shows controls as \\xNN and format characters as <U+XXXX>", () => {
  assert.equal(escapeForTerminal("a\x1b[2Jb"), "a\\x1b[2Jb");
  assert.equal(escapeForTerminal("a\u009bb\u007f"), "a\\x9bb\\x7f");
  assert.equal(escapeForTerminal("exe.\u202ecba"), "exe.<U+202E>cba");
  for (const c of ["\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]) {
    assert.match(
      escapeForTerminal(`x${c}y`),
      /^x<U\+[0-9A-F]{4}>y$/,
      c.codePointAt(0)!.toString(16),
    );
  }
  assert.equal(
    escapeForTerminal("\u2028\u2029\u200b\ufeff\u00ad"),
    "<U+2028><U+2029><U+200B><U+FEFF><U+00AD>",
  );
  assert.equal(escapeForTerminal("tag\u{e0041}"), "tag<U+E0041>");
  // Line breaks: escaped in a token, kept in a message of several lines.
  assert.equal(escapeForTerminal("a\nb\tc"), "a\\x0ab\\x09c");
  assert.equal(escapeForTerminal("a\nb\tc", { keepLineBreaks: true }), "a\nb\tc");
  // Ordinary text, Korean and emoji included, is untouched.
  assert.equal(escapeForTerminal("나는 학생이다 😀 é"), "나는 학생이다 😀 é");
});

Deno.test("escapeInvisibleFormat() keeps color escapes, only format characters change", () => {
  assert.equal(escapeInvisibleFormat("\x1b[31mred\u202e\x1b[0m"), "\x1b[31mred<U+202E>\x1b[0m");
  const same = "plain \x1b[1mtext\x1b[0m";
  assert.equal(escapeInvisibleFormat(same), same);
});

Deno.test("escapeInvisibleFormatInJson() writes \\u escapes that parse back to the real string", () => {
  const value = { token: "a\u202eb\u{e0041}", path: "x\u2028y" };
  const json = escapeInvisibleFormatInJson(JSON.stringify(value));
  assert.equal(/[\p{Cf}\u2028\u2029]/u.test(json), false);
  assert.match(json, /a\\u202eb\\udb40\\udc41/);
  assert.deepEqual(JSON.parse(json), value);
});

Deno.test("views measure the escaped token: cleanText and showToken escape before width counts", () => {
  assert.equal(cleanText("a\u202eb"), "a<U+202E>b");
  assert.equal(displayWidth(showToken("a\u200bb")), "a<U+200B>b".length);
  assert.equal(showToken("x".repeat(100)), "x".repeat(80) + "…");
  assert.equal(showToken("a" + "😀".repeat(50)), "a" + "😀".repeat(39) + "…", "a pair is not cut");
});
