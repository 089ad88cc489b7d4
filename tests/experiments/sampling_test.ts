/**
 * `experiment sampling`: its table rows are real generations (one row recomputed from `generate
 * --json` with the same seeds), T = 0 gives one continuation whatever the seed, the result as JSON
 * and as a Korean view; the conclusion follows made-up rows every way they can point.
 */
import assert from "node:assert/strict";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import type { GenerateResult } from "../../src/app/generate_text.ts";
import type { ExperimentResult } from "../../src/experiments/experiment.ts";
import {
  concludeSampling,
  type RowSummary,
  samplingPrompts,
  samplingSettings,
  summarizeRow,
} from "../../src/experiments/sampling/mod.ts";
import { splitOf } from "../../src/data/split.ts";
import { EOS } from "../../src/data/vocab.ts";
import { koEnTask } from "../../src/data/tasks/ko_en.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";
import { runAttn } from "../support/run_attn.ts";
import "../support/private_state.ts";

/**
 * One session on the cpu backend (asked, or the default's choice for a small GPT when `auto`):
 * `experiment` keeps what it measured for the next command.
 */
function attnSession(backend: "cpu" | "auto" = "cpu") {
  const io = new RecordingIo(100);
  const session = new Session(io);
  return async (args: string[]) => {
    const [out, err] = [io.stdout.length, io.stderr.length];
    const code = await runCommandLine(
      [...(backend === "cpu" ? ["--backend", "cpu"] : []), ...args],
      { commands, session },
    );
    return {
      code,
      out: io.stdout.slice(out).join("\n"),
      err: io.stderr.slice(err).join("\n"),
    };
  };
}

const column = (r: ExperimentResult, table: number, name: string) => {
  const at = r.tables[table].columns.indexOf(name);
  assert.ok(at >= 0, `table ${table} has a '${name}' column`);
  return r.tables[table].rows.map((row) => row[at]);
};

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const pct = (share: number) => `${Math.round(share * 100)}%`;

Deno.test("experiment sampling --quick --json: a row per setting, and the numbers are generate's", async () => {
  const attn = attnSession("auto");
  const run = await attn(["experiment", "sampling", "--quick", "--json"]);
  assert.equal(run.code, 0, run.err);
  const r: ExperimentResult = JSON.parse(run.out);
  // The shipped GPT is small: by default it is drawn from on the cpu (no GPU round trip a token).
  assert.equal(r.backend, "cpu");
  assert.equal(r.backendReason, "small-work");
  const n = samplingSettings.quick.draws;
  assert.equal(r.experiment, "sampling");
  assert.equal(r.settings.draws, n);
  for (const table of [0, 1]) {
    assert.deepEqual(column(r, table, "T"), [0, 0.7, 1.5, 1.5, 1.5]);
    assert.deepEqual(column(r, table, "filter"), [null, null, null, "top-k 5", "top-p 0.9"]);
    // Greedy decoding does not depend on the seed: one continuation out of N.
    assert.equal(column(r, table, "distinct")[0], 1);
    assert.equal(column(r, table, "greedy %")[0], "100%");
    assert.equal(column(r, table, "H nats")[0], 0);
  }
  assert.equal(r.headline.distinctAtT0, 1);
  assert.equal(r.headline.distinctAtHighT, column(r, 0, "distinct")[2]);

  // Row "T = 0.7" of the continuation, recomputed from generate with seeds 1..N.
  const drawn: GenerateResult[] = [];
  const greedy = await attn(["generate", "나는", "어제", "--continue", "--json"]);
  const greedyIds = (JSON.parse(greedy.out) as GenerateResult).output.ids.join();
  for (let seed = 1; seed <= n; seed++) {
    const g = await attn([
      "generate",
      "나는",
      "어제",
      "--continue",
      "--temperature",
      "0.7",
      "--seed",
      String(seed),
      "--json",
    ]);
    assert.equal(g.code, 0, g.err);
    drawn.push(JSON.parse(g.out));
  }
  const ids = drawn.map((g) => g.output.ids.join());
  const steps = drawn.flatMap((g) => g.steps);
  const row = r.tables[0].rows[1];
  assert.equal(row[2], new Set(ids).size, "distinct");
  assert.equal(row[3], pct(ids.filter((i) => i === greedyIds).length / n), "greedy %");
  assert.ok(Math.abs(Number(row[4]) - mean(steps.map((s) => s.entropy))) < 1e-3, "H nats");
  assert.ok(Math.abs(Number(row[5]) - mean(steps.map((s) => s.p))) < 1e-3, "p drawn");

  // The translation prompt's exact match at T = 1.5, from generate too: the reference's ids
  // (as `tokens` splits it) followed by <eos>.
  const [ko, reference] = [samplingPrompts[1].text, samplingPrompts[1].reference!];
  const split = await attn(["tokens", ...reference.split(" "), "--model", "ko-en-gpt", "--json"]);
  const referenceIds = [...JSON.parse(split.out).ids, EOS].join();
  let exact = 0;
  for (let seed = 1; seed <= n; seed++) {
    const g = await attn([
      "generate",
      ...ko.split(" "),
      "--temperature",
      "1.5",
      "--seed",
      String(seed),
      "--json",
    ]);
    const out: GenerateResult = JSON.parse(g.out);
    if (out.output.ids.join() === referenceIds) exact++;
  }
  assert.equal(column(r, 1, "exact %")[2], pct(exact / n));

  // Shown again in Korean from the session's measurement: the same numbers, Korean sentences.
  const shown = await attn(["experiment", "sampling", "--quick", "--lang", "ko"]);
  assert.equal(shown.code, 0, shown.err);
  assert.match(shown.out, /이어 쓰기 프롬프트 '나는 어제': 행마다 \d+번 생성/);
  assert.match(shown.out, /번역 프롬프트 '준호는/);
  assert.match(shown.out, /^결론: /m);
  assert.ok(shown.out.replace(/\s+/g, "").includes(r.conclusion.ko.replace(/\s+/g, "")));
  assert.match(r.conclusion.ko, /T = 0이면 \d+번 모두 같은 이어 쓰기/);
  assert.deepEqual(unresolvedParticles(shown.out), []);
});

Deno.test("experiment lists sampling with its claim", async () => {
  const run = await runAttn(["experiment"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^sampling +Temperature decides how random generation is/m);
});

Deno.test("the translation prompt is a held-out ko-en sentence with the grammar's translation", () => {
  const [, translate] = samplingPrompts;
  assert.equal(translate.mode, "translate");
  assert.equal(splitOf(translate.text), "test");
  const test = koEnTask.examples("test", 50, 1);
  assert.ok(test.some((e) => e.src === translate.text && e.tgt === translate.reference));
});

/** A row of made-up numbers. */
function row(temperature: number, distinct: number, more: Partial<RowSummary> = {}): RowSummary {
  return {
    temperature,
    topK: 0,
    topP: 1,
    draws: 20,
    distinct,
    greedyShare: distinct === 1 ? 1 : 0.1,
    exactShare: null,
    meanEntropy: temperature,
    meanP: 1 - temperature / 4,
    meanModelP: 0.9 - temperature / 5,
    frequent: [],
    ...more,
  };
}

const translation = (exact: number[]) => ({
  text: "준호는 월요일에 작은 고양이를 잡지 않는다",
  rows: [0, 0.7, 1.5].map((t, i) => row(t, 1, { exactShare: exact[i] })),
});

Deno.test("concludeSampling() follows the rows: the claim, flat, unordered, seed-dependent", () => {
  const claim = concludeSampling(
    { text: "나는 어제", rows: [row(0, 1), row(0.7, 6), row(1.5, 18)] },
    translation([1, 0.9, 0.4]),
  );
  assert.equal(
    claim.conclusion.en,
    "On '나는 어제', at T = 0 all 20 draws are the same continuation; at T = 0.7 6 of 20 are distinct, at T = 1.5 18. The model's own probability of the drawn token falls from 0.90 to 0.60, and the entropy of the distribution drawn from rises from 0.00 to 1.50 nats per step. On the translation prompt '준호는 월요일에 작은 고양이를 잡지 않는다', the exact match against the reference falls as T rises: 100% at T = 0, 90% at T = 0.7, 40% at T = 1.5.",
  );
  assert.match(
    claim.conclusion.ko,
    /T = 0.7에서는 20개 중 6개, T = 1.5에서는 18개가 서로 다릅니다/,
  );
  assert.match(claim.conclusion.ko, /0\.90에서 0\.60으로 떨어지고/);
  assert.match(claim.conclusion.ko, /T = 0에서 100%, T = 0.7에서 90%, T = 1.5에서 40%\.$/);
  assert.equal(claim.headline.distinctAtHighT, 18);
  assert.equal(claim.headline.exactAtHighT, 0.4);

  const flat = concludeSampling(
    { text: "나는 어제", rows: [row(0, 1), row(0.7, 1), row(1.5, 1)] },
    translation([1, 1, 1]),
  );
  assert.match(flat.conclusion.en, /even at T = 1\.5 all 20 draws were the same/);
  assert.match(flat.conclusion.en, /did not fall with T: 100% at T = 0/);
  assert.match(flat.conclusion.ko, /T = 1\.5에서도 20번 모두 같은/);

  const unordered = concludeSampling(
    { text: "나는 어제", rows: [row(0, 1), row(0.7, 9), row(1.5, 4)] },
    null,
  );
  assert.match(unordered.conclusion.en, /not in the order of T: 9 distinct at T = 0\.7, 4 at/);
  assert.doesNotMatch(unordered.conclusion.en, /translation/);
  assert.equal(unordered.headline.exactAtT0, null);

  const seeded = concludeSampling(
    { text: "나는 어제", rows: [row(0, 3), row(0.7, 9), row(1.5, 12)] },
    null,
  );
  assert.match(seeded.conclusion.en, /gave 3 different continuations.*contradicts the claim/);
  assert.match(seeded.conclusion.ko, /주장과 반대/);

  // Filtered rows do not count as temperatures; T = 0 and two T > 0 are needed.
  const filtered = row(1.5, 2, { topK: 5 });
  assert.throws(
    () => concludeSampling({ text: "x", rows: [row(0, 1), row(0.7, 2), filtered] }, null),
    /T = 0 and at least two T > 0/,
  );
});

Deno.test("summarizeRow() counts continuations and pools the steps of every draw", () => {
  const step = (p: number, entropy: number, modelP: number) => ({ p, entropy, modelP });
  const summary = summarizeRow(
    {
      setting: { temperature: 0.7, topK: 0, topP: 1 },
      draws: [
        { seed: 1, ids: [5, 6, 2], text: "a b", steps: [step(1, 0, 0.5), step(0.5, 1, 0.5)] },
        { seed: 2, ids: [7, 2], text: "c", steps: [step(0.5, 2, 0.2)] },
        { seed: 3, ids: [5, 6, 2], text: "a b", steps: [step(1, 0, 0.8)] },
      ],
    },
    [5, 6, 2],
    [7, 2],
  );
  assert.equal(summary.distinct, 2);
  assert.equal(summary.greedyShare, 2 / 3);
  assert.equal(summary.exactShare, 1 / 3);
  assert.equal(summary.meanP, 3 / 4);
  assert.equal(summary.meanEntropy, 3 / 4);
  assert.equal(summary.meanModelP, 2 / 4);
  assert.deepEqual(summary.frequent, [{ text: "a b", count: 2 }, { text: "c", count: 1 }]);
});
