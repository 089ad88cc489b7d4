import assert from "node:assert/strict";
import {
  attentionStats,
  concludeHeads,
  type HeadsSettings,
  type ModelPatterns,
  runHeads,
  type TimingPoint,
} from "../../src/experiments/heads/mod.ts";
import { jensenShannon } from "../../src/experiments/stats.ts";
import type { RowTrace } from "../../src/models/run_result.ts";
import type { AttentionSite } from "../../src/models/trace.ts";
import { renderExperiment } from "../../src/render/experiment_view.ts";
import { Palette } from "../../src/render/color.ts";
import { displayWidth } from "../../src/render/layout.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";
import { testContext } from "../support/experiment_context.ts";

const tiny: HeadsSettings = {
  timing: { dModels: [16], lengths: [4, 8], batch: 1, reps: 1, targetMs: 1 },
  training: {
    task: "copy",
    maxLength: 4,
    dModel: 16,
    ffn: 16,
    steps: 4,
    batchSize: 8,
    lr: 5e-3,
    seed: 1,
  },
  probes: 3,
  shipped: "",
};

/** A probe's trace with one attention of `heads` heads over q x k (rows given per head). */
function trace(kind: AttentionSite, heads: number[][][]): RowTrace {
  const q = heads[0].length;
  const k = heads[0][0].length;
  return {
    attention: [{
      kind,
      layer: 0,
      weights: { shape: [heads.length, q, k], data: new Float32Array(heads.flat(2)) },
    }],
    hidden: [],
  };
}

Deno.test("attentionStats() gives entropy per head and JSD between heads; 1-key rows skipped", () => {
  const uniform = [[0.5, 0.5], [0.5, 0.5]];
  const oneHot = [[1, 0], [0, 1]];
  const [same] = attentionStats([trace("encoder", [uniform, uniform])]);
  assert.equal(same.meanJsd, 0);
  assert.ok(Math.abs(same.relativeEntropy[0] - 1) < 1e-6, "uniform rows have the largest entropy");
  const [apart] = attentionStats([trace("encoder", [oneHot, uniform])]);
  const byHand = jensenShannon([1, 0], [0.5, 0.5]); // 0.311 bits, every row
  assert.ok(Math.abs(apart.meanJsd! - byHand) < 1e-6, `one-hot vs uniform: ${apart.meanJsd}`);
  assert.deepEqual(apart.jsdToOthers.map((v) => Number(v.toFixed(6))), [0.311278, 0.311278]);
  assert.ok(Math.abs(apart.entropy[1] - Math.log(2)) < 1e-6);
  assert.equal(apart.entropy[0], 0);
  // Causal decoder: row 0 sees one key (always weight 1), so only row 1 counts.
  const [causal] = attentionStats([trace("decoder", [[[1, 0], [1, 0]], [[1, 0], [0, 1]]])]);
  assert.ok(Math.abs(causal.meanJsd! - 1) < 1e-6, `only the second row counts: ${causal.meanJsd}`);
  assert.throws(
    () => attentionStats([trace("encoder", [uniform, [[0.5, 0.5], [NaN, 0.5]]])]),
    /expected finite attention weights, got NaN in row 1 of head 1 of the encoder attention/,
  );
  const [single] = attentionStats([trace("cross", [uniform])]);
  assert.equal(single.meanJsd, null);
  assert.deepEqual(single.jsdToOthers, []);
});

Deno.test("experiment heads times 1 vs 8 heads, trains both and reads their heads", async () => {
  const ctx = testContext(cpuBackend);
  const findings = await runHeads(ctx, tiny);
  const [timing, patterns] = findings.tables;
  assert.deepEqual(timing.rows.map((r) => [r[0], r[1]]), [[16, 4], [16, 8]]);
  for (const row of timing.rows) {
    assert.ok((row[2] as number) > 0 && (row[3] as number) > 0, `times are positive: ${row}`);
    const ratio = (row[3] as number) / (row[2] as number); // of the rounded times
    assert.ok(Math.abs((row[4] as number) - ratio) <= 0.01 * ratio + 0.01, `ratio: ${row}`);
  }
  // h=1, h=8, h=8 untrained; one encoder, decoder and cross attention each.
  assert.deepEqual(
    patterns.rows.map((r) => `${r[0]} ${r[2]} ${r[3]}`),
    [
      "h=1 encoder 0 1",
      "h=1 decoder 0 1",
      "h=1 cross 0 1",
      "h=8 encoder 0 8",
      "h=8 decoder 0 8",
      "h=8 cross 0 8",
      "h=8 untrained encoder 0 8",
      "h=8 untrained decoder 0 8",
      "h=8 untrained cross 0 8",
    ],
  );
  for (const row of patterns.rows) {
    const h = row[4] as number;
    assert.ok(h > 0 && h <= 1 + 1e-6, `relative entropy in (0, 1]: ${row}`);
  }
  assert.equal(findings.charts[0].series.length, 2);
  assert.deepEqual(findings.charts[0].series[0].x, [4, 8]);
  // The most diverse attention: 1 grid for h=1 and 8 for h=8, rows summing to 1.
  const grids = findings.grids ?? [];
  assert.equal(grids.length, 9);
  assert.match(grids[0].title.en, /^h=1 head 0, (encoder|decoder|cross) 0 \(H 0\.\d\d\)$/);
  assert.match(
    grids[8].title.en,
    /^h=8 head 7, (encoder|decoder|cross) 0 \(H 0\.\d\d, JSD 0\.\d\d\)$/,
  );
  // The same probe for both models: the longest that fits (tiny: 3-4 letters + <eos>).
  assert.deepEqual([grids[0].rows, grids[0].cols], [grids[1].rows, grids[1].cols]);
  assert.ok(grids[1].rows.length >= 4 && grids[1].rows.length <= 8, `${grids[1].rows}`);
  for (const row of grids[1].values) {
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 0.01, `row sums to 1: ${row}`);
  }
  const h = findings.headline;
  assert.equal(typeof h.timeRatio, "number");
  assert.ok((h.jsdTrained as number) >= 0 && (h.jsdTrained as number) <= 1);
  assert.equal(h.jsdShipped, null);
  assert.match(findings.conclusion.en, /8 heads took [\d.]+x the time of 1 head/);
  assert.match(findings.conclusion.ko, /헤드 8개는/);
  assert.equal(ctx.calls.at(-1)?.what, "done");
});

Deno.test(
  "experiment heads reads the shipped ko-en-transformer's 4 heads and runs on webgpu",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const findings = await runHeads(testContext(gpu), {
      ...tiny,
      timing: { ...tiny.timing, lengths: [8] },
      shipped: "ko-en-transformer",
    });
    const shippedRows = findings.tables[1].rows.filter((r) => r[0] === "ko-en-transformer");
    assert.deepEqual(shippedRows.map((r) => `${r[2]} ${r[3]}`), [
      "encoder 0 4",
      "encoder 1 4",
      "decoder 0 4",
      "cross 0 4",
    ]);
    // A fully trained model: its heads differ (measured ~0.2 bits).
    assert.ok((findings.headline.jsdShipped as number) > 0.05, `${findings.headline.jsdShipped}`);
    const shippedGrids = (findings.grids ?? []).filter((g) => g.title.en.startsWith("ko-en"));
    assert.equal(shippedGrids.length, 4);
    // The first probe is the showcase sentence "나는 어제 도서관에서 책을 읽었다" (+ <eos>).
    assert.ok(shippedGrids[0].cols.includes("도서관에서") || shippedGrids[0].rows.includes("I"));
    assert.match(findings.tables[0].title.en, /GPU timestamps/);
  },
);

Deno.test("experiment heads stops when Ctrl-C aborted the signal", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(
    runHeads(testContext(cpuBackend, { signal: controller.signal }), tiny),
    /stop/,
  );
});

Deno.test("the experiment view draws grids side by side when they fit, stacked when not", () => {
  const grid = (head: number) => ({
    title: { en: `h=8 head ${head}, cross 0`, ko: `h=8 헤드 ${head}, cross 0` },
    rows: ["a", "b", "<eos>"],
    cols: ["b", "a", "<eos>"],
    values: [[0.1, 0.8, 0.1], [0.7, 0.2, 0.1], [0, 0.1, 0.9]],
    range: { min: 0, max: 1 },
  });
  const result = {
    experiment: "heads",
    claim: { en: "claim", ko: "주장" },
    quick: true,
    backend: "cpu",
    backendReason: "asked" as const,
    adapter: null,
    elapsedMs: 1,
    settings: {},
    tables: [],
    charts: [],
    grids: [grid(0), grid(1), grid(2)],
    headline: {},
    conclusion: { en: "done", ko: "끝" },
    notes: [],
  };
  const render = (width: number) =>
    renderExperiment(result, { palette: new Palette(0), width, lang: "en" }).split("\n");
  const wide = render(100);
  // As many side by side as fit without a legend wrapping inside a panel (two at 100 columns).
  assert.ok(wide.some((l) => /h=8 head 0, cross 0 +h=8 head 1, cross 0/.test(l)));
  assert.ok(wide.every((l) => !/^\s*maximum\s*$|\s{3}maximum\s*$/.test(l)), wide.join("\n"));
  assert.ok(wide.some((l) => /^b .*→ b 0\.7 +b .*→ b 0\.7/.test(l)), "rows side by side");
  assert.ok(wide.every((l) => displayWidth(l) <= 100));
  const narrow = render(40);
  assert.equal(narrow.filter((l) => l.includes("h=8 head")).length, 3, "one title per line");
  assert.ok(narrow.every((l) => displayWidth(l) <= 40));
  assert.ok(render(100).join("\n").includes("→ <eos> 0.9"));
});

Deno.test("experiment heads stops mid-run on Ctrl-C and frees what it made", async () => {
  for (const when of [/^time d_model 16, n 8$/, /^train h=1, step/, /^train h=8$/]) {
    const controller = new AbortController();
    const ctx = testContext(cpuBackend, { signal: controller.signal });
    const seen: string[] = [];
    ctx.progress = (_done, _total, what) => {
      seen.push(what);
      if (when.test(what)) controller.abort(new Error("stop"));
    };
    const before = cpuBackend.stats.liveBytes;
    await assert.rejects(runHeads(ctx, tiny), /stop/);
    assert.equal(cpuBackend.stats.liveBytes, before, `tensors leaked when stopped at ${when}`);
    assert.ok(when.test(seen.at(-1)!), `stopped right after ${when}, last: ${seen.at(-1)}`);
  }
});

/** Timed cases at n 16 and n 256 (forward and forward+backward) with the given h8 / h1. */
function times(shortRatio: number, longRatio = shortRatio): TimingPoint[] {
  return [16, 256].flatMap((n) =>
    (["forward", "forward+backward"] as const).map((pass) => {
      const ratio = n === 16 ? shortRatio : longRatio;
      return {
        dModel: 64,
        n,
        pass,
        oneHeadMs: 10,
        manyHeadsMs: 10 * ratio,
        ratio,
        timing: "gpu" as const,
      };
    })
  );
}

function patterns(label: string, heads: number, meanJsd: number | null): ModelPatterns {
  return {
    label,
    heads,
    exactMatch: null,
    attentions: [],
    relativeEntropy: 0.8,
    meanJsd,
  };
}

function data(timing: TimingPoint[], trainedJsd: number) {
  return {
    timing,
    one: patterns("h=1", 1, null),
    many: patterns("h=8", 8, trainedJsd),
    untrained: patterns("h=8 untrained", 8, 0.05),
    shipped: patterns("ko-en-transformer", 4, 0.22),
  };
}

Deno.test("concludeHeads() follows the data: claim, cost differs, heads alike, neither", () => {
  const claim = concludeHeads(data(times(1, 1.05), 0.3));
  assert.match(claim.conclusion.en, /^Splitting d_model into heads costs about the same/);
  assert.match(
    claim.conclusion.en,
    /8 heads took 1\.05x the time of 1 head at n = 256 \(1\.00x at n = 16/,
  );
  assert.match(
    claim.conclusion.en,
    /0\.30 bits \(0\.05 untrained; the shipped ko-en-transformer: 0\.22\)/,
  );
  assert.match(claim.conclusion.ko, /비용이 거의 같고/);
  assert.equal(claim.headline.timeRatio, 1.05);
  assert.equal(claim.headline.longestN, 256);

  // Slower at the longest n, and more so than at the shortest: the h n^2 explanation.
  const costly = concludeHeads(data(times(1, 2), 0.3));
  assert.match(
    costly.conclusion.en,
    /but the cost is not the same: 8 heads took 2\.00x the time of 1 head at n = 256/,
  );
  assert.match(costly.conclusion.en, /grow to h n\^2 values/);
  assert.match(costly.conclusion.ko, /비용은 같지 않습니다/);
  // Slower everywhere alike: no claim about n^2 terms.
  const flatCost = concludeHeads(data(times(2, 2), 0.3));
  assert.match(flatCost.conclusion.en, /not the same/);
  assert.doesNotMatch(flatCost.conclusion.en, /h n\^2/);
  const cheaper = concludeHeads(data(times(1, 0.5), 0.3));
  assert.match(cheaper.conclusion.en, /not the same: 8 heads took 0\.50x/);
  assert.doesNotMatch(cheaper.conclusion.en, /h n\^2/);
  // Only the longest n decides: slow short sequences do not.
  const shortOnly = concludeHeads(data(times(3, 1), 0.3));
  assert.match(shortOnly.conclusion.en, /^Splitting d_model into heads costs about the same/);

  const alike = concludeHeads(data(times(1), 0.07));
  assert.match(alike.conclusion.en, /did not learn clearly different patterns/);
  assert.match(alike.conclusion.en, /from 0\.10 bits and 0\.05 above untrained/);
  assert.match(alike.conclusion.ko, /뚜렷하게 다른 패턴을 배우지는 않았습니다/);
  // Above the bar but not above untrained by the margin: still alike.
  assert.match(
    concludeHeads({ ...data(times(1), 0.12), untrained: patterns("u", 8, 0.1) }).conclusion.en,
    /did not learn clearly different/,
  );

  const neither = concludeHeads(data(times(1, 3), 0.02));
  assert.match(neither.conclusion.en, /^This run shows neither half of the claim/);
  assert.match(neither.conclusion.ko, /어느 쪽도/);

  const slowest = concludeHeads(data([...times(0.9), { ...times(1.5)[3], n: 512 }], 0.3));
  assert.equal(slowest.headline.slowestCase, "d_model 64, n 512, forward+backward");
  assert.equal(slowest.headline.timeRatio, 1.5);
});
