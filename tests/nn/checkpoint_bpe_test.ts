import assert from "node:assert/strict";
import { BpeTokenizer } from "../../src/data/tokenizers/bpe.ts";
import {
  bpeMergesFromMetadata,
  bpeMergesToMetadata,
  bpeTokenizerFromMetadata,
} from "../../src/models/weights/checkpoint_bpe.ts";
import { CheckpointError } from "../../src/models/weights/checkpoint_error.ts";

const trained = BpeTokenizer.train(
  ["나는 학교에서 책을 읽는다", "너는 집에서 빵을 먹는다", "She is reading", "He is eating"],
  { vocabSize: 60 },
);
const metadata = (merges: string, vocab: readonly string[] = trained.vocab.tokens) => ({
  tokenizer: "bpe",
  src_vocab: JSON.stringify(vocab),
  tgt_vocab: JSON.stringify(vocab),
  bpe_merges: merges,
});

Deno.test("bpe_merges: [left, right] pairs in merge order, loaded back to the same tokenizer", () => {
  const text = bpeMergesToMetadata(trained);
  const parsed = JSON.parse(text);
  assert.deepEqual(parsed, trained.merges.map((m) => [m.left, m.right]));
  const loaded = bpeTokenizerFromMetadata(metadata(text));
  assert.deepEqual(loaded.vocab.tokens, trained.vocab.tokens);
  assert.deepEqual(loaded.mergePairs(), trained.mergePairs());
  for (const s of ["나는 집에서 읽는다", "She is eating bread"]) {
    assert.deepEqual(loaded.encode(s), trained.encode(s));
  }
  // the order matters: the same pairs reversed are refused (a merge before its parts exist)
  const reversed = JSON.stringify([...parsed].reverse());
  assert.throws(() => bpeTokenizerFromMetadata(metadata(reversed)), CheckpointError);
});

const pairs = trained.mergePairs();
/** Merges with the vocabulary they imply, so the merge checks themselves are reached. */
const withVocab = (merges: string[][]) =>
  metadata(JSON.stringify(merges), [
    ...trained.vocab.tokens.slice(0, 5 + trained.alphabet.length),
    ...new Set(merges.map(([l, r]) => l + r)),
  ]);
const hostile: [string, Record<string, string>][] = [
  ["missing", { tokenizer: "bpe", src_vocab: JSON.stringify(trained.vocab.tokens) }],
  ["not bpe", { ...metadata(bpeMergesToMetadata(trained)), tokenizer: "word" }],
  ["not JSON", metadata("[[")],
  ["an object", metadata('{"a":1}')],
  ["a triple", metadata(JSON.stringify([["a", "b", "c"]]))],
  ["a number", metadata(JSON.stringify([["a", 1]]))],
  ["an empty side", metadata(JSON.stringify([["", "a"]]))],
  ["deep", metadata("[".repeat(5000) + "]".repeat(5000))],
  ["too many values", metadata(JSON.stringify(Array.from({ length: 70_000 }, () => ["a", "b"])))],
  ["a long side", metadata(JSON.stringify([["a".repeat(5000), "b"]]))],
  ["an unknown side", withVocab([["Ω", "a"], ...pairs.slice(1)])],
  ["a later side", withVocab([[pairs[0][0] + pairs[0][1], "a"], ...pairs])],
  ["a duplicate", withVocab([pairs[0], pairs[0], ...pairs.slice(1)])],
  ["a marker inside", withVocab([["\u2581", "a"], ["a", "\u2581a"]])],
  ["vocabulary mismatch", metadata(JSON.stringify(pairs.slice(1)))],
  ["tgt_vocab differs", { ...metadata(bpeMergesToMetadata(trained)), tgt_vocab: "[]" }],
  ["a newline token", withVocab([["a\nb", "c"]])],
];

for (const [what, meta] of hostile) {
  Deno.test(`hostile bpe metadata (${what}) is refused in one line`, () => {
    const started = performance.now();
    assert.throws(() => bpeTokenizerFromMetadata(meta), (e: unknown) => {
      assert.ok(e instanceof CheckpointError, String(e));
      assert.ok(!e.message.includes("\n"), e.message);
      assert.ok(e.message.length < 300, e.message);
      assert.match(e.message, /bpe|tokenizer|vocab/);
      assert.match(e.message, /expected|has no|must/);
      return true;
    });
    assert.ok(performance.now() - started < 1000);
  });
}

Deno.test("bpe_merges parses only pairs of non-empty strings", () => {
  assert.deepEqual(bpeMergesFromMetadata('[["a","b"]]'), [["a", "b"]]);
  assert.throws(() => bpeMergesFromMetadata(undefined), /has no bpe_merges/);
});
