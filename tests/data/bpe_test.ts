import assert from "node:assert/strict";
import fc from "fast-check";
import { BpeTokenizer } from "../../src/data/tokenizers/bpe.ts";
import { SEP } from "../../src/data/tokenizers/bpe_specials.ts";
import { trainBpe } from "../../src/data/tokenizers/bpe_train.ts";
import { WORD_START } from "../../src/data/tokenizers/bpe_words.ts";
import { koEnBpe } from "../../src/data/tokenizers/ko_en_bpe.ts";
import { koEnLmCorpus, lmTexts } from "../../src/data/lm_corpus.ts";
import { BOS, EOS, PAD, UNK } from "../../src/data/vocab.ts";

const small = [
  "나는 학교에서 책을 읽는다",
  "너는 집에서 빵을 먹는다",
  "She is reading",
  "He is eating",
];

Deno.test("BPE training is deterministic: same merges for the same text in any order", () => {
  const a = trainBpe(small, { vocabSize: 60 });
  const b = trainBpe([...small].reverse(), { vocabSize: 60 });
  assert.deepEqual(a, b);
  assert.ok(a.merges.length > 5);
  // counts never grow: each merge is the most frequent pair left
  for (let i = 1; i < a.merges.length; i++) {
    assert.ok(
      a.merges[i].count! <= a.merges[i - 1].count!,
      JSON.stringify(a.merges.slice(0, i + 1)),
    );
  }
});

Deno.test("BPE ties go to the pair first in string order", () => {
  // ▁ab and ▁cd occur twice each, so all four pairs tie at 2: a < c < ▁ (U+2581)
  const { merges } = trainBpe(["ab cd", "cd ab"], { vocabSize: 100 });
  const order = merges.map((m) => `${m.left}+${m.right}`);
  assert.deepEqual(order, ["a+b", "c+d", `${WORD_START}+ab`, `${WORD_START}+cd`]);
  assert.ok(merges.every((m) => m.count! >= 2), "a pair seen once is never merged");
});

Deno.test("BPE vocabulary: specials at fixed ids, then characters, then merges in order", () => {
  const bpe = BpeTokenizer.train(small, { vocabSize: 50 });
  assert.deepEqual(bpe.vocab.tokens.slice(0, 5), ["<pad>", "<bos>", "<eos>", "<unk>", "<sep>"]);
  assert.deepEqual([PAD, BOS, EOS, UNK, SEP], [0, 1, 2, 3, 4]);
  assert.equal(bpe.vocab.size, 5 + bpe.alphabet.length + bpe.merges.length);
  assert.ok(bpe.vocab.size <= 50);
  assert.equal(BpeTokenizer.train(small, { vocabSize: 36 }).vocab.size, 36);
  const merged = bpe.vocab.tokens.slice(5 + bpe.alphabet.length);
  assert.deepEqual(merged, [...new Set(bpe.merges.map((m) => m.left + m.right))]);
  assert.throws(
    () => BpeTokenizer.train(small, { vocabSize: 10 }),
    /expected a vocabulary size of at least/,
  );
});

const bpe = koEnBpe();
const corpus = koEnLmCorpus({ counts: { train: 300, dev: 0, test: 0 } });
const words = [...new Set(lmTexts(corpus.train).flatMap((t) => t.split(" ")))];
const alphabet = bpe.alphabet.filter((c) => c !== WORD_START);
const corpusWord = fc.oneof(
  fc.constantFrom(...words),
  fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 8 }).map((cs) => cs.join("")),
);

Deno.test("BPE round trip: decode(encode(text)) = text on strings from the corpus alphabet", () => {
  fc.assert(
    fc.property(fc.array(corpusWord, { minLength: 1, maxLength: 12 }), (ws) => {
      const text = ws.join(" ");
      const { ids, unknown } = bpe.encode(text);
      assert.deepEqual(unknown, []);
      assert.ok(!ids.includes(UNK));
      assert.equal(bpe.decode(ids), text);
      assert.equal(bpe.decode([BOS, ...ids, SEP, EOS, PAD]), text);
    }),
    { numRuns: 300 },
  );
});

Deno.test("BPE never splits a Korean syllable: every token is whole characters of the alphabet", () => {
  fc.assert(
    fc.property(fc.array(corpusWord, { minLength: 1, maxLength: 8 }), (ws) => {
      const { tokens } = bpe.encode(ws.join(" "));
      for (const token of tokens) {
        for (const c of Array.from(token)) assert.ok(bpe.alphabet.includes(c), `${c} in ${token}`);
        // no lone jamo or half of a surrogate pair: Hangul stays in precomposed syllables
        assert.ok(!/[\u1100-\u11ff\u3130-\u318f]/u.test(token), token);
      }
      assert.equal(tokens.join("").replaceAll(WORD_START, " ").trim(), ws.join(" "));
    }),
    { numRuns: 200 },
  );
  // decomposed jamo typed on macOS (NFD) meet the same syllables
  assert.deepEqual(bpe.encode("학생".normalize("NFD")).ids, bpe.encode("학생").ids);
});

Deno.test("BPE reads only characters never seen in training as <unk>, and names them", () => {
  const { tokens, ids, unknown } = bpe.encode("나는 Ω학생이다 ☃");
  assert.deepEqual(unknown, ["Ω", "☃"]);
  assert.equal(ids.filter((id) => id === UNK).length, 2);
  assert.equal(tokens[ids.indexOf(UNK)], "Ω");
  // the characters after it are still known: only Ω itself is <unk>
  assert.equal(ids.length, tokens.length);
  assert.equal(bpe.decode(ids), "나는 <unk>학생이다 <unk>");
  // a ▁ typed inside a word is not the marker; a special typed as text is not the special
  assert.deepEqual(bpe.encode(`a${WORD_START}b`).unknown, [WORD_START]);
  assert.ok(!bpe.encode("<eos> <sep>").ids.some((id) => id === EOS || id === SEP));
});

Deno.test("ko-en BPE learns Korean particles and endings and English suffixes as units", () => {
  const vocab = new Set(bpe.vocab.tokens);
  for (const unit of ["에서", "이다", "았다", "ing", "ed", "es", "는", "을"]) {
    assert.ok(vocab.has(unit), `${unit} is a token`);
  }
  for (const unit of ["에서", "ing", "ed"]) {
    assert.ok(bpe.merges.some((m) => m.left + m.right === unit), `${unit} was learned by a merge`);
  }
  // and they are used as units in real sentences
  assert.ok(bpe.encode("나는 도서관에서 책을 읽었다").tokens.includes("에서"));
  assert.ok(bpe.encode("She is reading books").tokens.includes("ing"));
});

/** The textbook algorithm, recounting every pair of every word before each merge. */
function naiveMerges(texts: string[], vocabSize: number): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) {
    for (const w of t.split(/\s+/).filter((x) => x)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const words = [...counts].map(([w, n]) => ({ symbols: [WORD_START, ...Array.from(w)], n }));
  const alphabet = new Set(words.flatMap((w) => w.symbols));
  const merges: string[] = [];
  const made = new Set<string>();
  while (5 + alphabet.size + made.size < vocabSize) {
    const pairs = new Map<string, [string, string, number]>();
    for (const { symbols, n } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = JSON.stringify([symbols[i], symbols[i + 1]]);
        const entry = pairs.get(key) ?? [symbols[i], symbols[i + 1], 0];
        entry[2] += n;
        pairs.set(key, entry);
      }
    }
    const best = [...pairs.values()].sort((a, b) =>
      b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)
    )[0];
    if (best === undefined || best[2] < 2) {
      break;
    }
    merges.push(`${best[0]}+${best[1]}:${best[2]}`);
    made.add(best[0] + best[1]);
    for (const w of words) {
      const out: string[] = [];
      for (let i = 0; i < w.symbols.length; i++) {
        const hit = i + 1 < w.symbols.length && w.symbols[i] === best[0] &&
          w.symbols[i + 1] === best[1];
        out.push(hit ? best[0] + best[1] : w.symbols[i]);
        if (hit) {
          i++;
        }
      }
      w.symbols = out;
    }
  }
  return merges;
}

Deno.test("BPE training's running pair counts give the textbook algorithm's merges", () => {
  const texts = lmTexts(corpus.train);
  const ours = trainBpe(texts, { vocabSize: 600 }).merges.map((m) =>
    `${m.left}+${m.right}:${m.count}`
  );
  assert.deepEqual(ours, naiveMerges(texts, 600));
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^[ab가 ]{1,12}$/), { minLength: 1, maxLength: 8 }),
      (ts) => {
        const size = 5 +
          new Set(
            ts.flatMap((t) => t.split(/\s+/).filter((x) => x).flatMap((w) => [WORD_START, ...w])),
          ).size + 6;
        const got = trainBpe(ts, { vocabSize: size }).merges.map((m) =>
          `${m.left}+${m.right}:${m.count}`
        );
        assert.deepEqual(got, naiveMerges(ts, size));
      },
    ),
    { numRuns: 200 },
  );
});
