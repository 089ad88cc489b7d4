/**
 * `experiment heads-ablation`: measured through the command users run (the shipped
 * ko-en-transformer, --quick, cpu), in both languages; the conclusion computed from the data
 * (hand-made rankings: a few heads carry the rise, none does, the entropy ranking agreeing,
 * reversed or unrelated); Spearman's rho on known cases. PyTorch's numbers for the same
 * ablations: tests/torch/heads_ablation_test.ts.
 */
import assert from "node:assert/strict";
import {
  concludeHeadsAblation,
  rhoLevel,
  withinStacks,
} from "../../src/experiments/heads_ablation/mod.ts";
import { ranks, spearman } from "../../src/measure/rank_correlation.ts";
import { runAttn } from "../support/run_attn.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";

const env = { DENO_WEBGPU_BACKEND: "doesnotexist", LANG: "en_US.UTF-8", LC_ALL: "" };

Deno.test("experiment heads-ablation --quick ranks the 16 heads of ko-en-transformer by the loss rise", async () => {
  const run = await runAttn(
    ["experiment", "heads-ablation", "--quick", "--backend", "cpu", "--json"],
    { env },
  );
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.experiment, "heads-ablation");
  assert.equal(result.settings.model, "ko-en-transformer");
  const table = result.tables[0];
  assert.deepEqual(table.columns.slice(0, 4), ["rank", "head", "loss", "rise"]);
  assert.equal(table.rows.length, 16);
  const labels = table.rows.map((r: unknown[]) => r[1]).sort();
  const expected = [
    ...[0, 1].flatMap((l) => [0, 1, 2, 3].map((h) => `encoder:${l}.${h}`)),
    ...["cross", "decoder"].flatMap((s) => [0, 1, 2, 3].map((h) => `${s}:0.${h}`)),
  ].sort();
  assert.deepEqual(labels, expected);
  const rises = table.rows.map((r: number[]) => r[3]);
  assert.deepEqual(rises, [...rises].sort((a, b) => b - a), "ranked by the rise");
  for (const row of table.rows) {
    assert.ok(Math.abs(row[2] - result.headline.baseLoss - row[3]) < 1e-12, "rise = loss - base");
  }
  assert.ok(result.headline.baseLoss > 0);
  assert.equal(result.headline.topHead, table.rows[0][1]);
  assert.ok(typeof result.headline.spearmanRiseVsFocus === "number");
  assert.match(result.conclusion.en, /Spearman rho = -?\d\.\d\d/);
  assert.match(result.conclusion.ko, /스피어만 rho = -?\d\.\d\d/);
});

Deno.test("experiment heads-ablation --quick speaks Korean", async () => {
  const run = await runAttn(
    ["experiment", "heads-ablation", "--quick", "--backend", "cpu", "--lang", "ko"],
    { env },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /헤드 16개 중/);
  assert.match(run.stdout, /평가 손실/);
  assert.deepEqual(unresolvedParticles(run.stdout), []);
});

Deno.test("experiment heads-ablation --model ko-en-gpt ranks the GPT's 8 heads; other experiments refuse --model", async () => {
  const run = await runAttn(
    [
      "experiment",
      "heads-ablation",
      "--quick",
      "--model",
      "ko-en-gpt",
      "--backend",
      "cpu",
      "--json",
    ],
    { env },
  );
  assert.equal(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.settings.model, "ko-en-gpt");
  const rows = result.tables[0].rows;
  assert.deepEqual(
    rows.map((r: unknown[]) => r[1]).sort(),
    [0, 1].flatMap((l) => [0, 1, 2, 3].map((h) => `${l}.${h}`)),
  );
  for (const row of rows) {
    assert.ok(Math.abs(row[2] - result.headline.baseLoss - row[3]) < 1e-12, "rise = loss - base");
  }
  const refused = await runAttn(["experiment", "heads", "--model", "ko-en-gpt"], { env });
  assert.equal(refused.code, 2, refused.stderr);
  assert.equal(refused.stdout, "");
  assert.match(refused.stderr, /^attn: --model applies to experiment heads-ablation\b.*\n$/);
});

/** 16 heads: rises given, relative entropies given (or derived from the rises). */
function ranking(rises: number[], entropy: (rise: number, i: number) => number) {
  return {
    baseLoss: 0.02,
    heads: rises.map((rise, i) => ({ label: `h${i}`, rise, relativeEntropy: entropy(rise, i) })),
  };
}

Deno.test("heads-ablation: a few heads carrying the rise, focused ones, agree with the entropy ranking", () => {
  const rises = [0.3, 0.2, ...Array.from({ length: 14 }, (_, i) => 0.001 * (i + 1))];
  const { headline, conclusion } = concludeHeadsAblation(ranking(rises, (r) => 1 - r));
  assert.equal(headline.headsThatMatter, 2);
  assert.equal(headline.topHead, "h0");
  assert.equal(headline.spearmanRiseVsFocus, 1);
  assert.match(conclusion.en, /^2 of 16 heads matter: .*h0 \(\+0\.30\), h1 \(\+0\.20\)/);
  assert.match(conclusion.en, /agrees with the attention-entropy ranking/);
  assert.match(conclusion.ko, /헤드 16개 중 2개가 중요합니다/);
});

Deno.test("heads-ablation: the rise spread evenly, diffuse heads mattering more, no relation", () => {
  const even = Array.from({ length: 16 }, (_, i) => 0.01 + 0.0001 * i);
  const spread = concludeHeadsAblation(ranking(even, (r) => r)); // more rise, more entropy
  assert.equal(spread.headline.headsThatMatter, 0);
  assert.match(spread.conclusion.en, /^No single head of 16 matters much/);
  assert.match(spread.conclusion.en, /runs against the attention-entropy ranking/);
  // Entropies unrelated to the rises (a fixed shuffle): rho within the 5% level.
  const shuffled = [3, 9, 14, 0, 7, 12, 5, 1, 10, 15, 2, 8, 13, 6, 11, 4];
  const unrelated = concludeHeadsAblation(ranking(even, (_, i) => shuffled[i]));
  const rho = unrelated.headline.spearmanRiseVsFocus as number;
  assert.ok(Math.abs(rho) < rhoLevel(16), `rho ${rho}`);
  assert.match(unrelated.conclusion.en, /does not follow the attention-entropy ranking/);
  // Negligible: removing the head moves the loss by less than 1% of the loss (0.0002 here).
  const tiny = concludeHeadsAblation(ranking([0.1, 0.0001, -0.0001, 0.05], () => 0.5));
  assert.equal(tiny.headline.negligibleHeads, 2);
});

Deno.test("spearman: ranks with ties, same order 1, reversed -1, constant undefined", () => {
  assert.deepEqual(ranks([10, 30, 20, 20]), [1, 4, 2.5, 2.5]);
  assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 45]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  assert.equal(spearman([1, 1, 1], [1, 2, 3]), null);
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])! - 0.8) < 1e-12);
  assert.ok(Math.abs(rhoLevel(16) - 1.96 / Math.sqrt(15)) < 1e-12);
});

Deno.test("heads-ablation: a pooled agreement that comes only from the stacks differing says so", () => {
  // Encoder heads: diffuse and barely needed; decoder heads: focused and needed; within each
  // stack the order of rise and focus is unrelated (a fixed shuffle).
  const order = [2, 0, 3, 1, 3, 1, 0, 2];
  const heads = [
    ...order.map((k, i) => ({
      label: `encoder:${i >> 2}.${i % 4}`,
      rise: 0.001 * (i + 1),
      relativeEntropy: 0.8 + 0.01 * k,
    })),
    ...order.map((k, i) => ({
      label: `cross:0.${i}`,
      rise: 0.1 + 0.01 * i,
      relativeEntropy: 0.3 + 0.01 * k,
    })),
  ];
  const { headline } = concludeHeadsAblation({ baseLoss: 0.02, heads });
  const pooled = headline.spearmanRiseVsFocus as number;
  assert.ok(pooled >= rhoLevel(16), `pooled rho ${pooled}`);
  const note = withinStacks(heads, pooled)!;
  assert.match(note.en, /^Within one stack the agreement is not significant/);
  // The same stacks with focus following the rise inside each: the plain numbers.
  const ordered = heads.map((h) => ({ ...h, relativeEntropy: h.relativeEntropy - 100 * h.rise }));
  assert.match(
    withinStacks(ordered, pooled)!.en,
    /^Within one stack: rho = 1\.00 .*, rho = 1\.00 /,
  );
});
