import assert from "node:assert/strict";
import { Vocab } from "../../src/data/vocab.ts";
import { joinTokens, splitTokens, Tokenizer } from "../../src/data/tokenizer.ts";
import { EOS, UNK } from "../../src/data/vocab.ts";

const specials = ["<pad>", "<bos>", "<eos>", "<unk>"];

Deno.test("splitTokens() char gives one token per code point, space included", () => {
  assert.deepEqual(splitTokens("나는 학생", "char"), ["나", "는", " ", "학", "생"]);
  // A character outside the BMP is one code point (two UTF-16 units), one token.
  assert.deepEqual(splitTokens("a😀b", "char"), ["a", "😀", "b"]);
});

Deno.test("splitTokens() char normalizes decomposed Hangul to syllables (NFC)", () => {
  const decomposed = "한".normalize("NFD"); // 3 jamo code points
  assert.equal(Array.from(decomposed).length, 3);
  assert.deepEqual(splitTokens(decomposed, "char"), ["한"]);
});

Deno.test("splitTokens() word splits on runs of whitespace and drops the ends", () => {
  assert.deepEqual(splitTokens("  the cat\t sat \n", "word"), ["the", "cat", "sat"]);
  assert.deepEqual(splitTokens("   ", "word"), []);
});

Deno.test("joinTokens() joins chars with nothing and words with one space", () => {
  assert.equal(joinTokens(["a", " ", "b"], "char"), "a b");
  assert.equal(joinTokens(["the", "cat"], "word"), "the cat");
});

Deno.test("Vocab maps tokens to ids, unknown tokens to <unk>", () => {
  const vocab = Vocab.fromTokens(["a", "b", "a", "c"]);
  assert.deepEqual(vocab.tokens, [...specials, "a", "b", "c"]);
  assert.equal(vocab.id("b"), 5);
  assert.equal(vocab.id("zzz"), UNK);
  assert.equal(vocab.token(6), "c");
  assert.equal(vocab.token(99), "<unk>");
});

Deno.test("Vocab refuses a list without the specials first, and duplicates", () => {
  assert.throws(() => new Vocab(["a", "<bos>", "<eos>", "<unk>"]), /starting with <pad>/);
  assert.throws(() => new Vocab([...specials, "x", "y", "x"]), /distinct.*"x" at 4 and 6/);
});

Deno.test("Tokenizer.encode() names each OOV token once and reads it as <unk>", () => {
  const tok = new Tokenizer("char", Vocab.fromTokens(["a", "b", " "]));
  const encoded = tok.encode("ab zaz!");
  assert.deepEqual(encoded.tokens, ["a", "b", " ", "z", "a", "z", "!"]);
  assert.deepEqual(encoded.ids, [4, 5, 6, UNK, 4, UNK, UNK]);
  assert.deepEqual(encoded.unknown, ["z", "!"]);
  assert.deepEqual(tok.sourceIds(encoded), [4, 5, 6, UNK, 4, UNK, UNK, EOS]);
});

Deno.test("Tokenizer.encode() does not let typed specials act as specials", () => {
  const tok = new Tokenizer("word", Vocab.fromTokens(["the", "cat"]));
  const encoded = tok.encode("the <eos> cat <unk>");
  assert.deepEqual(encoded.ids, [4, UNK, 5, UNK]);
  assert.deepEqual(encoded.unknown, ["<eos>"]); // "<unk>" means <unk>: nothing to warn about
});

Deno.test("Tokenizer.decode() leaves out <bos>/<eos>/<pad> and keeps <unk>", () => {
  const tok = new Tokenizer("word", Vocab.fromTokens(["the", "cat"]));
  assert.equal(tok.decode([1, 4, UNK, 5, EOS, 0]), "the <unk> cat");
  assert.deepEqual(tok.tokensOf([4, EOS]), ["the", "<eos>"]);
});

Deno.test("Tokenizer refuses an unknown kind", () => {
  // deno-lint-ignore no-explicit-any
  assert.throws(() => new Tokenizer("bpe" as any, Vocab.fromTokens([])), /"char" or "word"/);
});
