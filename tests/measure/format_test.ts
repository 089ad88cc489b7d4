/** One formatter per kind of quantity (src/measure/format.ts). */
import assert from "node:assert/strict";
import {
  formatBytes,
  formatColumn,
  formatCount,
  formatPercent,
  formatRatio,
  formatTicks,
  logTicks,
  niceTicks,
  plural,
} from "../../src/measure/format.ts";

Deno.test("formatBytes() writes binary units: 1024 -> 1.0 KiB, 65536 -> 64 KiB", () => {
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(1024), "1.0 KiB");
  assert.equal(formatBytes(4096), "4.0 KiB");
  assert.equal(formatBytes(16384), "16 KiB");
  assert.equal(formatBytes(65536), "64 KiB");
  assert.equal(formatBytes(1.5 * 2 ** 20), "1.5 MiB");
  assert.equal(formatBytes(10 * 1024 - 1), "10 KiB", "9.999 KiB rounds up without a decimal");
  assert.equal(formatBytes(3 * 2 ** 30), "3.0 GiB");
});

Deno.test("formatColumn() writes a whole column in one precision", () => {
  assert.deepEqual(formatColumn([3.063, 3, 3.025]), ["3.063", "3.000", "3.025"]);
  assert.deepEqual(formatColumn([8, 16, 512]), ["8", "16", "512"]);
  assert.deepEqual(formatColumn([2.6, 2.7, 3, 8.1, 25]), ["2.6", "2.7", "3.0", "8.1", "25.0"]);
  // A precision the measurement never had is not invented: 160 keeps 5 digits at most.
  assert.deepEqual(formatColumn([0.689, 13.7, 160]), ["0.69", "13.70", "160.00"]);
  // Values too small for fixed decimals put the whole column in exponent form.
  assert.deepEqual(formatColumn([3.1e-6, 14]), ["3.1e-6", "1.4e+1"]);
});

Deno.test("formatCount(), formatPercent() and formatRatio() keep their kind's precision", () => {
  assert.equal(formatCount(1234567), "1.23M");
  assert.equal(formatCount(45600), "45.6k");
  assert.equal(formatCount(950), "950");
  assert.equal(formatPercent(0.9734), "97.3%");
  assert.equal(formatPercent(1), "100.0%");
  assert.equal(formatRatio(0.068), "0.068x");
  assert.equal(formatRatio(12.3), "12x");
  assert.equal(formatRatio(123), "120x");
});

Deno.test("niceTicks() steps by 1, 2 or 5 times a power of ten and covers the range", () => {
  assert.deepEqual(niceTicks(0.13, 0.92, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(-0.0015, 2200, 6), [-500, 0, 500, 1000, 1500, 2000, 2500]);
  const ticks = niceTicks(1.88, 100, 6);
  assert.deepEqual(ticks, [0, 20, 40, 60, 80, 100]);
});

Deno.test("formatTicks() writes one notation per axis", () => {
  assert.deepEqual(formatTicks([0, 0.5, 1, 1.5]), ["0.0", "0.5", "1.0", "1.5"]);
  assert.deepEqual(formatTicks([-500, 0, 500, 1000]), ["-500", "0", "500", "1000"]);
  const tiny = formatTicks([0, 2e-5, 4e-5]);
  assert.ok(tiny.slice(1).every((t) => /e-5$/.test(t)), tiny.join(" "));
  assert.deepEqual(formatTicks([0.1, 1, 10, 100], { log: true }), ["0.1", "1", "10", "100"]);
});

Deno.test("logTicks() gives powers of ten in the data's units", () => {
  assert.deepEqual(logTicks(0.032, 524), [0.1, 1, 10, 100]);
  assert.deepEqual(logTicks(3, 80), [5, 10, 20, 50]);
  assert.deepEqual(logTicks(-1, 10), []);
});

Deno.test("plural() agrees with the count: 1 attention matrix, 2 attention matrices", () => {
  assert.equal(plural(1, "attention matrix", "attention matrices"), "1 attention matrix");
  assert.equal(plural(2, "attention matrix", "attention matrices"), "2 attention matrices");
  assert.equal(plural(0, "column", "columns"), "0 columns");
});
