import assert from "node:assert/strict";
import type { Anchor, BenchReport, BenchResult } from "../../src/bench/types.ts";
import { anchorLines, renderBenchReport } from "../../src/render/bench_view.ts";
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
    assert.match(text, /n×n buffers/);
    assert.match(text, /│ +1\.0 MiB │/, "512 x 512 x 4 bytes is 1 MiB, in binary units");
    // The y axis is labelled in ms (1, 10, ...), not in log10(ms).
    assert.doesNotMatch(text, /log10/);
    assert.match(text, /median ms against n, log-log/);
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
  assert.match(text, /numpy ms: the median of numpy 1\.24 in the same run; vs numpy: its median/);
  assert.match(text, /2\.0x/);
  assert.match(text, /│ clock │/);
  assert.match(text, /as the clock column says/);
  assert.match(text, /left out: n = 8192 with 1 head/);
  assert.match(text, /no numpy comparison: running \/usr\/bin\/python3 is not allowed/);
});

const openblasAnchor: Anchor = {
  name: "numpy",
  version: "1.24.2",
  blas: "OpenBLAS 0.3.21 (pthread)",
  blasKind: "openblas",
  blasCore: "SkylakeX",
  blasThreads: 2,
  blasPaths: ["/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so"],
  threads: 2,
  environment: {},
  unset: { OPENBLAS_CORETYPE: "Haswell" },
  set: {},
};

function comparedReport(speedup: number, anchor: Anchor): BenchReport {
  return {
    suite: "matmul",
    backend: "webgpu",
    adapter: "llvmpipe",
    results: [{
      name: "matmul 1024x1024x1024",
      params: { m: 1024, k: 1024, n: 1024 },
      medianMs: 10,
      minMs: 9,
      maxMs: 11,
      speedup,
    }],
    baseline: {
      suite: "matmul",
      backend: `numpy ${anchor.version}`,
      adapter: null,
      results: [{
        name: "matmul 1024x1024x1024",
        params: {},
        medianMs: 0.68,
        minMs: 0.6,
        maxMs: 1,
      }],
    },
    anchor,
  };
}

Deno.test("renderBenchReport() names the anchor's BLAS and threads, ratios to two digits", () => {
  const text = renderBenchReport(comparedReport(0.068, openblasAnchor), { width: 200 });
  assert.match(text, /│ numpy ms │ vs numpy │/);
  assert.match(
    text,
    /│ +0\.680 │ +0\.068x │/,
    "numpy's median, then the ratio: not 0.1x, not 0.0x",
  );
  assert.match(
    text,
    /^anchor: numpy 1\.24\.2 on OpenBLAS 0\.3\.21 \(pthread\), SkylakeX kernels, 2 threads$/m,
  );
  assert.match(text, /anchor ran without OPENBLAS_CORETYPE=Haswell \(from attn's environment\)/);
  assert.doesNotMatch(text, /WARNING/);
});

Deno.test("renderBenchReport() warns loudly when the anchor ran on reference BLAS", () => {
  const reference: Anchor = {
    ...openblasAnchor,
    blas: "reference BLAS (libblas3)",
    blasKind: "reference",
    blasCore: null,
    blasThreads: null,
    blasPaths: ["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"],
    threads: 1,
    unset: {},
  };
  const text = renderBenchReport(comparedReport(4, reference), { width: 200 });
  assert.match(text, /│ +4\.0x │/);
  assert.match(text, /^anchor: numpy 1\.24\.2 on reference BLAS \(libblas3\), 1 thread$/m);
  assert.match(
    text,
    /^WARNING: numpy ran on reference BLAS \(libblas3\), which is not built for speed: this is not a comparison against a fast anchor\. Install libopenblas0-pthread/m,
  );
  const bold = renderBenchReport(comparedReport(4, reference), { palette: new Palette(1) });
  assert.notEqual(bold, stripAnsi(bold), "the warning stands out in color");
});

Deno.test("anchorLines() shows PyTorch's own and its BLAS's threads and what attn set", () => {
  const lines = anchorLines({
    ...openblasAnchor,
    name: "PyTorch",
    version: "1.13.0a0",
    threads: 2,
    blasThreads: 1,
    environment: { OMP_WAIT_POLICY: "PASSIVE", OPENBLAS_NUM_THREADS: "1" },
    unset: {},
    set: { OMP_WAIT_POLICY: "PASSIVE" },
  });
  assert.deepEqual(lines.slice(0, 2), [
    "anchor: PyTorch 1.13.0a0 on OpenBLAS 0.3.21 (pthread), SkylakeX kernels, 2 threads " +
    "(its BLAS: 1 thread)",
    "anchor environment: OPENBLAS_NUM_THREADS=1",
  ]);
  assert.match(lines[2], /^anchor ran with OMP_WAIT_POLICY=PASSIVE \(set by attn/);
  assert.equal(lines.length, 3);
});

Deno.test("renderBenchReport() speaks the session's language", () => {
  const ko = renderBenchReport(sweepReport(2), { palette: new Palette(0), width: 100, lang: "ko" });
  assert.match(ko, /반복 측정의 중앙값/);
  assert.match(ko, /n×n 버퍼/);
  assert.match(ko, /중앙값 ms \(로그-로그\)/);
  assert.match(ko, /n 64 \.\. 512 \(로그 눈금\)/);
  assert.doesNotMatch(ko, /median of timed repetitions|against n/);
});

Deno.test("anchorLines() in Korean: every line, the warning included, without English words", () => {
  const lines = anchorLines({
    ...openblasAnchor,
    name: "numpy",
    blas: "reference BLAS (libblas3)",
    blasKind: "reference",
    environment: { OMP_WAIT_POLICY: "PASSIVE", OPENBLAS_NUM_THREADS: "1" },
    unset: { OPENBLAS_CORETYPE: "Haswell", OPENBLAS_L2_SIZE: "1048576" },
    set: { OMP_WAIT_POLICY: "PASSIVE" },
  }, "ko");
  assert.match(lines[0], /^기준: numpy .* \(reference BLAS \(libblas3\) 위\), .*스레드 \d+개/);
  assert.equal(lines[1], "기준의 환경 변수: OPENBLAS_NUM_THREADS=1");
  assert.match(lines[2], /^기준은 attn이 설정한 OMP_WAIT_POLICY=PASSIVE 아래에서 돌았습니다/);
  assert.match(lines[3], /OPENBLAS_CORETYPE=Haswell, OPENBLAS_L2_SIZE=1048576 없이 돌았으므로/);
  assert.match(lines[4], /^경고: numpy 기준은 속도를 위해 만들지 않은 BLAS/);
  for (const word of ["anchor", "thread", "ran", "WARNING", "kernels", "environment"]) {
    const english = new RegExp(`\\b${word}s?\\b`);
    assert.ok(!lines.some((l) => english.test(l)), `"${word}" in ${lines.join("\n")}`);
  }
});
