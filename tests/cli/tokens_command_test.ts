/**
 * `tokens` and `tokenizer` through the paths users hit: `deno task attn ...` for the views and
 * their JSON, in-process command lines for widths, languages and refusals.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTaskHome } from "../support/state.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { displayWidth } from "../../src/render/layout.ts";
import { koEnBpe } from "../../src/data/tokenizers/ko_en_bpe.ts";
import { BpeTokenizer } from "../../src/data/tokenizers/bpe.ts";
import { encodeSafetensors } from "../../src/models/weights/safetensors.ts";
import type { TokensResult } from "../../src/app/tokenize_text.ts";
import type { TokenizerResult } from "../../src/app/tokenizer_merges.ts";
import "../support/private_state.ts";

async function attn(args: string[], columns = 60) {
  const io = new RecordingIo(columns);
  const code = await runCommandLine(args, { commands, session: new Session(io) });
  return { code, out: io.outText, err: io.errText };
}

function assertFits(text: string, columns: number): void {
  for (const line of text.split("\n")) {
    assert.ok(displayWidth(line) <= columns, `wider than ${columns}: ${JSON.stringify(line)}`);
  }
}

Deno.test("deno task attn tokens 나는 학생이다: each token over its id, in 60 columns", async () => {
  const run = await runAttn(["tokens", "나는", "학생이다"], { env: { COLUMNS: "60" } });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  const bpe = koEnBpe();
  const { tokens, ids } = bpe.encode("나는 학생이다");
  const lines = run.stdout.split("\n");
  const tokenLine = lines.findIndex((l) => l.startsWith(tokens[0]));
  assert.ok(tokenLine > 0, run.stdout);
  assert.deepEqual(lines[tokenLine].trim().split(/\s+/), tokens);
  assert.deepEqual(lines[tokenLine + 1].trim().split(/\s+/), ids.map(String));
  assert.match(run.stdout, /▁ starts a word/);
  assertFits(run.stdout, 60);
});

Deno.test("deno task attn tokens --json: tokens and ids as the tokenizer gives them, unknowns named", async () => {
  const run = await runAttn(["tokens", "--json", "나는", "Ω학생이다"]);
  assert.equal(run.code, 0, run.stderr);
  const result: TokensResult = JSON.parse(run.stdout);
  const expected = koEnBpe().encode("나는 Ω학생이다");
  assert.deepEqual(result.tokens.map((t) => t.token), expected.tokens);
  assert.deepEqual(result.ids, expected.ids);
  assert.deepEqual(result.tokens.map((t) => t.id), expected.ids);
  assert.deepEqual(result.unknown, ["Ω"]);
  assert.deepEqual(result.tokens.filter((t) => t.unknown).map((t) => [t.token, t.id]), [["Ω", 3]]);
  assert.equal(result.model, null);
});

Deno.test("deno task attn tokenizer --json: the first merges in order, with counts, and the units found", async () => {
  const run = await runAttn(["tokenizer", "--json"]);
  assert.equal(run.code, 0, run.stderr);
  const result: TokenizerResult = JSON.parse(run.stdout);
  const bpe = koEnBpe();
  assert.equal(result.merges.length, 20);
  assert.deepEqual(
    result.merges.map((m) => [m.left, m.right, m.count]),
    bpe.merges.slice(0, 20).map((m) => [m.left, m.right, m.count]),
  );
  assert.equal(result.merges[0].rank, 1);
  assert.ok(result.merges.every((m) => typeof m.count === "number" && m.count >= 2));
  assert.equal(result.vocabSize, bpe.vocab.size);
  assert.ok(result.units.ko.some((u) => u.token === "에서" && u.merge !== null));
  assert.ok(result.units.en.some((u) => u.token === "ing" && u.merge !== null));
});

Deno.test("tokens and tokenizer fit 60 columns in English and Korean", async () => {
  for (const lang of ["en", "ko"]) {
    for (
      const args of [
        [
          "tokens",
          "나는",
          "어제",
          "도서관에서",
          "책을",
          "읽었다",
          "She",
          "is",
          "reading",
          "books",
          "Ω",
        ],
        ["tokenizer", "40"],
      ]
    ) {
      const r = await attn(["--lang", lang, ...args]);
      assert.equal(r.code, 0, r.err);
      assertFits(r.out, 60);
    }
  }
  const ko = await attn(["--lang", "ko", "tokenizer", "3"]);
  assert.match(ko.out, /병합 3개/);
  assert.match(ko.out, /토큰이 된 한국어 조사와 어미: .*에서 \(병합 \d+\)/s);
  const unk = await attn(["--lang", "ko", "tokens", "Ω"]);
  assert.match(unk.out, /학습 때 한 번도 못 본 문자: Ω/);
});

Deno.test("tokens and tokenizer refuse bad requests in one line", async () => {
  const cases: [string[], number, RegExp][] = [
    [["tokens", " "], 2, /expected some text to split into tokens/],
    [["tokens", "a".repeat(3000)], 2, /at most 2000 characters/],
    [["tokenizer", "0"], 2, /n must be from 1 to 1000, got 0/],
    [["tokenizer", "5", "--model", "no-such-model"], 2, /unknown model 'no-such-model'/],
    [
      ["tokens", "abc", "--model", "reverse-transformer"],
      1,
      /tokenizer "bpe" \(a GPT\), got "char"/,
    ],
  ];
  for (const [args, code, message] of cases) {
    const r = await attn(args);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.err}`);
    assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
    assert.match(r.err, /^attn: /);
    assert.match(r.err, message);
  }
});

Deno.test("tokens --model reads a GPT checkpoint's merges; hostile merges are refused in one line", async () => {
  const small = BpeTokenizer.train(["나는 학교에서 책을 읽는다", "너는 집에서 빵을 먹는다"], {
    vocabSize: 50,
  });
  const vocab = JSON.stringify(small.vocab.tokens);
  const file = (merges: string) =>
    encodeSafetensors([], {
      tokenizer: "bpe",
      src_vocab: vocab,
      tgt_vocab: vocab,
      bpe_merges: merges,
    });
  await withTaskHome(async (home, dir) => {
    await Deno.writeFile(`${dir}/gpt.safetensors`, file(JSON.stringify(small.mergePairs())));
    const good = await runAttn(["tokenizer", "--json", "--model", `${dir}/gpt.safetensors`], {
      env: { HOME: home },
    });
    assert.equal(good.code, 0, good.stderr);
    const result: TokenizerResult = JSON.parse(good.stdout);
    assert.equal(result.model, `${dir}/gpt.safetensors`);
    assert.deepEqual(result.merges.map((m) => [m.left, m.right]), small.mergePairs().slice(0, 20));
    assert.ok(result.merges.every((m) => m.count === null), "counts are not stored");

    const bad = `${dir}/bad.safetensors`;
    await Deno.writeFile(bad, file(JSON.stringify([["Ω", "a"]])));
    const run = await runAttn(["tokens", "abc", "--model", bad], { env: { HOME: home } });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, "");
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], new RegExp(`^attn: ${bad}: checkpoint bpe_merges: expected`));
  });
});
