import assert from "node:assert/strict";
import { koEnLmCorpus, lmSequenceIds, translationPromptIds } from "../../src/data/lm_corpus.ts";
import { LmBatchStream, packLmBatch } from "../../src/data/lm_batches.ts";
import { koEnBpe } from "../../src/data/tokenizers/ko_en_bpe.ts";
import { SEP } from "../../src/data/tokenizers/bpe_specials.ts";
import { BOS, EOS, PAD } from "../../src/data/vocab.ts";

const corpus = koEnLmCorpus({ counts: { train: 3000, dev: 300, test: 300 } });

Deno.test("ko-en LM corpus: no dev or test sentence, Korean or English, in training", () => {
  const trainKo = new Set(corpus.train.filter((s) => s.kind !== "en").map((s) => s.example.src));
  const trainEn = new Set(corpus.train.filter((s) => s.kind !== "ko").map((s) => s.example.tgt));
  for (const { example } of [...corpus.dev, ...corpus.test]) {
    assert.ok(!trainKo.has(example.src), example.src);
    assert.ok(!trainEn.has(example.tgt), example.tgt);
  }
  assert.ok(corpus.test.every((s) => s.kind === "pair") && corpus.test.length === 300);
});

Deno.test("ko-en LM corpus: pairs and single sentences of both languages, fixed by the seed", () => {
  const kinds = { pair: 0, ko: 0, en: 0 };
  for (const s of corpus.train) kinds[s.kind]++;
  assert.ok(kinds.pair > 0.7 * corpus.train.length, JSON.stringify(kinds));
  assert.ok(kinds.ko > 100 && kinds.en > 100, JSON.stringify(kinds));
  const again = koEnLmCorpus({ counts: { train: 3000, dev: 300, test: 300 } });
  assert.deepEqual(again, corpus);
  assert.notDeepEqual(
    koEnLmCorpus({ counts: { train: 50, dev: 0, test: 0 }, seed: 2 }).train,
    corpus.train.slice(0, 50),
  );
});

Deno.test("a translation pair is one sequence <bos> ko <sep> en <eos>", () => {
  const bpe = koEnBpe();
  const example = { src: "나는 학생이다", tgt: "I am a student" };
  const ids = lmSequenceIds(bpe, { kind: "pair", example });
  assert.equal(ids[0], BOS);
  assert.equal(ids.at(-1), EOS);
  const sep = ids.indexOf(SEP);
  assert.equal(bpe.decode(ids.slice(1, sep)), "나는 학생이다");
  assert.equal(bpe.decode(ids.slice(sep + 1, -1)), "I am a student");
  assert.deepEqual(translationPromptIds(bpe, "나는 학생이다"), ids.slice(0, sep + 1));
  const ko = lmSequenceIds(bpe, { kind: "ko", example });
  assert.deepEqual(ko, [BOS, ...bpe.encode("나는 학생이다").ids, EOS]);
  assert.ok(!lmSequenceIds(bpe, { kind: "en", example }).includes(SEP));
});

Deno.test("next-token batches: targets are inputs shifted by one, padding masked", () => {
  const packed = packLmBatch([[BOS, 10, 11, EOS], [BOS, 12, EOS]]);
  assert.deepEqual(packed.shape, [2, 3]);
  assert.deepEqual([...packed.inputs], [BOS, 10, 11, BOS, 12, PAD]);
  assert.deepEqual([...packed.targets], [10, 11, EOS, 12, EOS, PAD]);
  assert.deepEqual([...packed.mask], [1, 1, 1, 1, 1, 0]);
  assert.deepEqual(packed.lengths, [3, 2]);
  assert.equal(packed.tokens, 5);
  assert.throws(() => packLmBatch([[BOS]]), /at least 2 ids/);
  assert.throws(() => packLmBatch([]), /at least one sequence/);
});

Deno.test("the LM batch stream gives every sequence once per epoch, the same for the same seed", () => {
  const sequences = Array.from(
    { length: 50 },
    (_, i) => [BOS, ...Array(1 + (i % 7)).fill(10 + i), EOS],
  );
  const take = () => {
    const stream = new LmBatchStream(sequences, { batchSize: 8, seed: 3 });
    const seen: number[][] = [];
    while (seen.length < 50) seen.push(...stream.next().map((s) => [...s]));
    return seen;
  };
  const first = take();
  assert.deepEqual(first.map((s) => s[1]).sort((a, b) => a - b), sequences.map((s) => s[1]));
  assert.deepEqual(take(), first);
});
