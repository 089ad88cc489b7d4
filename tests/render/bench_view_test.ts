import assert from "node:assert/strict";
import type { BenchReport, BenchResult } from "../../src/bench/types.ts";
import { renderBenchReport } from "../../src/render/bench_view.ts";
import { Palette } from "../../src/render/color.ts";
import { displayWidth, stripAnsi } from "../../src/render/layout.ts";

/** A sweep result: median ms = scale * n^power. */
function sweepResult(series: string, n: number, scale: number, power: number): BenchResult {
  const ms = scale * n ** power;
  return {
    name: `${series} n=${n}`,
    params: { n },
    medianMs: ms,
    minMs: ms * 0.9,
    maxMs: ms * 1.1,
    timing: "gpu",
    ...{ series, sweep: "attention sweep", slope: power, scoreBufferBytes: n * n * 4 },
  } as BenchResult;
}

function sweepReport(seriesCount: number): BenchReport {
  const results: BenchResult[] = [];
  for (let s = 0; s < seriesCount; s++) {
    for (const n of [64, 128, 256, 512]) results.push(sweepResult(`line ${s}`, n, 1e-3, 1 + s / 2));
  }
  return { suite: "attention", backend: "cpu", adapter: null, results };
}

function chartCount(text: string): number {
  return text.split("\n").filter((l) => /log-log/.test(l)).length;
}

Deno.test("renderBenchReport() draws a log-log chart of a length sweep within the width", () => {
  for (const width of [60, 100]) {
    const text = renderBenchReport(sweepReport(2), { palette: new Palette(0), width });
    assert.equal(text, stripAnsi(text), "no escape codes at color level 0");
    for (const line of text.split("\n")) {
      assert.ok(displayWidth(line) <= width, `wider than ${width}: '${line}'`);
    }
    assert.equal(chartCount(text), 1);
    assert.match(text, /line 0 \(slope 1\.00\)/);
    assert.match(text, /line 1 \(slope 1\.50\)/);
    assert.match(text, /n 64 \.\. 512 \(log scale\)/);
    assert.match(text, /n×n MiB/);
    assert.match(text, /│ +1 │/, "512 x 512 x 4 bytes is 1 MiB");
  }
});

Deno.test("renderBenchReport() puts at most six uncolored series in one chart", () => {
  assert.equal(chartCount(renderBenchReport(sweepReport(6), { palette: new Palette(0) })), 1);
  const plain = renderBenchReport(sweepReport(7), { palette: new Palette(0), width: 100 });
  assert.equal(chartCount(plain), 2);
  assert.match(plain, /attention sweep \(1 of 2\)/);
  const colored = renderBenchReport(sweepReport(7), { palette: new Palette(1), width: 100 });
  assert.equal(chartCount(colored), 1, "colors tell seven series apart");
  for (const line of colored.split("\n")) assert.ok(displayWidth(stripAnsi(line)) <= 100);
});

Deno.test("renderBenchReport() draws no chart without a sweep or with one length", () => {
  const matmul: BenchReport = {
    suite: "matmul",
    backend: "cpu",
    adapter: null,
    results: [{
      name: "matmul 8x8x8",
      params: { m: 8, k: 8, n: 8 },
      medianMs: 1,
      minMs: 1,
      maxMs: 1,
    }],
  };
  assert.equal(chartCount(renderBenchReport(matmul)), 0, "params.n alone is not a sweep");
  const one = sweepReport(2);
  one.results = one.results.filter((r) => r.params.n === 64);
  assert.equal(chartCount(renderBenchReport(one)), 0);
});

Deno.test("renderBenchReport() names the baseline, the clocks and what was left out", () => {
  const report = sweepReport(1) as BenchReport & {
    skipped: string[];
    numpyUnavailable: string;
  };
  report.results[0].timing = "wall";
  report.results[0].speedup = 2;
  report.baseline = { suite: "attention", backend: "numpy 1.24", adapter: null, results: [] };
  report.skipped = ["n = 8192 with 1 head needs a 256 MiB buffer"];
  report.numpyUnavailable = "running /usr/bin/python3 is not allowed";
  const text = renderBenchReport(report, { width: 120 });
  assert.match(text, /│ vs numpy │/);
  assert.match(text, /vs numpy 1\.24: its median/);
  assert.match(text, /2\.0x/);
  assert.match(text, /│ clock │/);
  assert.match(text, /as the clock column says/);
  assert.match(text, /left out: n = 8192 with 1 head/);
  assert.match(text, /no numpy comparison: running \/usr\/bin\/python3 is not allowed/);
});
