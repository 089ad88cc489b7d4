/**
 * `train gpt ko-en` through the real command line (`deno task attn` in a child process with a
 * temporary HOME): progress, the --json report with held-out perplexity, a checkpoint that loads
 * with its BPE merges and scores, Ctrl-C keeping the parameters so far, and one-line refusals.
 * The recipe is tiny (a --recipe file in the state directory) so a run takes seconds on cpu.
 */
import assert from "node:assert/strict";
import { runAttn, spawnAttn } from "../support/run_attn.ts";
import { withTaskHome } from "../support/state.ts";
import { writeRecipe } from "../support/tiny_recipe.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { bpeTokenizerFromMetadata } from "../../src/models/weights/checkpoint_bpe.ts";
import type { TrainReport } from "../../src/train/report.ts";

/** A GPT of d 16, one block, a 400-token BPE vocabulary, on 300 sequences. */
const tinyGptRecipe = {
  model: { dModel: 16, heads: 2, layers: 1, ffn: 32 },
  bpeVocab: 400,
  data: { train: 300, dev: 16, test: 16 },
  batchSize: 8,
  warmup: 2,
  logEvery: 5,
  evalEvery: 1000,
};

Deno.test("train gpt ko-en --steps 5 --json: progress, perplexity, a checkpoint with merges and scores", async () => {
  await withTaskHome(async (home, dir) => {
    const recipe = await writeRecipe(home, tinyGptRecipe);
    const out = `${dir}/gpt.safetensors`;
    const r = await runAttn(
      ["train", "gpt", "ko-en", "--steps", "5", "--backend", "cpu", "--json"]
        .concat(["--recipe", recipe, "--out", out]),
      { env: { HOME: home } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /step 5\/5 \| loss \d+\.\d+/); // progress on stderr beside --json
    const report = JSON.parse(r.stdout) as TrainReport;
    assert.equal(report.arch, "gpt");
    assert.equal(report.pe, "learned");
    assert.equal(report.task, "ko-en");
    assert.equal(report.steps, 5);
    assert.equal(report.test.count, 16);
    assert.equal(report.dev.count, 16);
    assert.equal(report.lossCurve.at(-1)?.step, 5);
    assert.ok(report.perplexity !== null && report.perplexity.test > 1, r.stdout);
    // An untrained model spreads its bets over many of the 400 tokens.
    assert.ok(report.perplexity.test < 400, `perplexity ${report.perplexity.test}`);
    assert.equal(report.out, out);

    const saved = await loadCheckpoint(out);
    assert.equal(saved.config.arch, "gpt");
    assert.equal(saved.tokenizer, "bpe");
    const meta = saved.metadata;
    const tokenizer = bpeTokenizerFromMetadata(meta); // merges fit the vocabulary
    assert.equal(tokenizer.vocab.size, saved.srcVocab.length);
    assert.ok(tokenizer.merges.length > 0);
    assert.equal(Number(meta.accuracy), report.test.exactMatch);
    assert.equal(Number(meta.perplexity).toFixed(3), report.perplexity.test.toFixed(3));
    assert.equal(Number(meta.dev_perplexity).toFixed(3), report.perplexity.dev.toFixed(3));
    assert.equal(meta.test_examples, "16");
    assert.equal(meta.train_steps, "5");
    assert.equal(JSON.parse(meta.recipe).bpeVocab, 400);
  });
});

Deno.test("train gpt ko-en (text): the summary names the GPT and its held-out perplexity", async () => {
  await withTaskHome(async (home) => {
    const recipe = await writeRecipe(home, tinyGptRecipe);
    const r = await runAttn(
      ["train", "gpt", "ko-en", "--steps", "5", "--backend", "cpu", "--recipe", recipe],
      { env: { HOME: home } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /trained gpt \(learned positions; exact match = prompted translation\)/);
    assert.match(r.stdout, /^test: exact match \d+\.\d%, token accuracy .* \(16 examples\)$/m);
    assert.match(r.stdout, /^perplexity on held-out text: dev \d+\.\d{3}, test \d+\.\d{3} /m);
  });
});

Deno.test("train gpt: Ctrl-C stops between steps, keeps and saves the parameters so far (130)", async () => {
  await withTaskHome(async (home, dir) => {
    const recipe = await writeRecipe(home, tinyGptRecipe);
    const out = `${dir}/gpt.safetensors`;
    const child = spawnAttn(
      ["train", "gpt", "ko-en", "--steps", "2000", "--backend", "cpu", "--out", out]
        .concat(["--recipe", recipe]),
      { env: { HOME: home } },
    );
    await child.waitFor(/step 5\/2000/, { stream: "stdout" });
    child.kill("SIGINT");
    const r = await child.done;
    assert.equal(r.code, 130, r.stderr);
    const saved = await loadCheckpoint(out);
    assert.equal(saved.config.arch, "gpt");
    assert.equal(saved.metadata.interrupted, "true");
    assert.equal(saved.metadata.kept_by, "last");
    assert.equal(saved.metadata.accuracy, undefined); // not scored: no false 0%
    const steps = Number(saved.metadata.train_steps);
    assert.ok(steps >= 5 && steps < 2000, `stopped at step ${steps}`);
    bpeTokenizerFromMetadata(saved.metadata);
    assert.match(r.stderr, /^attn: interrupted at step \d+: kept the parameters of step \d+/m);
  });
});

Deno.test("train:all --only ko-en-gpt trains the shipped GPT's recipe and saves it with its name", async () => {
  await withTaskHome(async (home, dir) => {
    const recipe = await writeRecipe(home, { ...tinyGptRecipe, steps: 5 });
    const env = { HOME: home };
    const args = ["--only", "ko-en-gpt", "--recipe", recipe, "--out-dir", dir, "--backend", "cpu"];
    const r = await runAttn(args, { task: "train:all", env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\[1\/1\] ko-en-gpt$/m);
    const saved = await loadCheckpoint(`${dir}/ko-en-gpt.safetensors`);
    assert.equal(saved.metadata.name, "ko-en-gpt");
    assert.equal(saved.config.arch, "gpt");
    assert.equal(saved.metadata.train_steps, "5");
    assert.ok(Number(saved.metadata.perplexity) > 1);
    bpeTokenizerFromMetadata(saved.metadata);
  });
});

Deno.test("train gpt refuses other tasks and --norm in one usage line", async () => {
  const cases: [string[], RegExp][] = [
    [["train", "gpt", "reverse"], /a gpt trains on the language-modelling corpus of ko-en/],
    [["train", "gpt", "ko-en", "--norm", "post"], /--norm applies to a transformer only/],
    [["train", "gpt", "ko-en", "--pe", "sinusoidal"], /--pe must be one of: learned, rope/],
    [["train", "gpt", "ko-en", "--attention", "bahdanau"], /must be one of: scaled-dot/],
  ];
  for (const [args, pattern] of cases) {
    const r = await runAttn([...args, "--backend", "cpu"]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});
