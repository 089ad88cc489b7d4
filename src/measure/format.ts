/**
 * One number formatter per kind of quantity, so that the same kind reads the same everywhere:
 * durations, byte sizes (binary units), parameter counts, ratios, percentages, a column of
 * measurements (one precision for the whole column) and axis ticks (one notation, nice steps).
 * Below render/ (experiments and benchmarks write sentences with them too); no words that need
 * a translation: units are SI/IEC symbols.
 */

/** A duration in ms with sensible precision: 0.0123, 1.23, 12.3, 123. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toPrecision(3);
}

const BINARY_UNITS = ["KiB", "MiB", "GiB", "TiB"];

/**
 * Bytes in binary units, two significant digits at least: 512 -> "512 B", 1024 -> "1.0 KiB",
 * 4096 -> "4.0 KiB", 65536 -> "64 KiB", 1.5 * 2^20 -> "1.5 MiB".
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} B`;
  if (Math.abs(bytes) < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 9.96 KiB rounds to "10.0": one decimal only below 9.95, so the digit count never jumps.
  const text = Math.abs(value) < 9.95 ? value.toFixed(1) : value.toFixed(0);
  return `${text} ${BINARY_UNITS[unit]}`;
}

/** A parameter or token count: 1234567 -> "1.23M", 45600 -> "45.6k", 950 -> "950". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/**
 * A ratio (speedups): two significant digits whatever the size, so a slow case reads 0.068x
 * and a fast one 12x (a shared machine's noise is larger than the third digit).
 * 0.068 -> "0.068x", 0.07 -> "0.070x", 1.94 -> "1.9x", 12.3 -> "12x", 123 -> "120x".
 */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return `${ratio}x`;
  // toPrecision keeps the trailing zero (0.070, 2.0) that says two digits were measured; above
  // 10 it would switch to exponent form (1.2e+2), so those go through Number first.
  const digits = Math.abs(ratio) >= 10
    ? String(Number(ratio.toPrecision(2)))
    : ratio.toPrecision(2);
  return `${digits}x`;
}

/** A fraction as a percentage with a fixed number of decimals: 0.9734 -> "97.3%". */
export function formatPercent(fraction: number, decimals = 1): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/** Decimals `value` shows when written shortest at `significant` digits (3.025 -> 3, 3 -> 0). */
function decimalsOf(value: number, significant: number): number {
  if (value === 0 || !Number.isFinite(value)) return 0;
  const text = String(Number(value.toPrecision(significant)));
  if (/e/.test(text)) return Infinity;
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * A column of measurements in one precision, so digits line up and `3` never sits between
 * `3.063` and `3.025` (it becomes `3.000`). Each value keeps up to `significant` digits; the
 * column takes the most decimals any value needs, at most `maxDecimals` and at most what keeps
 * its largest value within 5 digits. A column whose values
 * are too small or too large for that (below 0.001, 1e7 and above) is written in exponent form
 * throughout, with the same mantissa digits: 1.2e-5, 3.0e-4.
 */
export function formatColumn(
  values: readonly number[],
  options: { significant?: number; maxDecimals?: number } = {},
): string[] {
  const significant = options.significant ?? 4;
  const maxDecimals = options.maxDecimals ?? 4;
  const finite = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  const tiny = finite.some((v) => v < 1e-3);
  const huge = finite.some((v) => v >= 1e7);
  if (tiny || huge) {
    return values.map((v) => (Number.isFinite(v) ? v.toExponential(1) : String(v)));
  }
  // The largest value keeps at most 5 digits in all: a column of 0.689 and 160 reads 0.69 and
  // 160.00, not 160.000 (a precision the measurement never had).
  const largest = Math.max(1, ...finite);
  const room = Math.max(0, 5 - (Math.floor(Math.log10(largest)) + 1));
  const needed = Math.max(0, ...values.map((v) => decimalsOf(v, significant)));
  const decimals = Math.min(maxDecimals, room, needed);
  return values.map((v) => (Number.isFinite(v) ? v.toFixed(decimals) : String(v)));
}

/**
 * About `count` ticks at nice steps (1, 2 or 5 times a power of ten) covering min..max:
 * niceTicks(0.13, 0.92, 5) -> [0, 0.2, 0.4, 0.6, 0.8, 1].
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return niceTicks(min - pad, max + pad, count);
  }
  const step = niceStep((max - min) / Math.max(1, count - 1));
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** The nice step (1, 2 or 5 times a power of ten) nearest above `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Tick labels in one notation: fixed with the step's decimals (0, 0.5, 1.0 -> "0.0", "0.5",
 * "1.0"), or exponent form for all of them when the values are too large or small for that.
 * Ticks of a log axis (`log`) keep each its own shortest form: 0.1, 1, 10, 100.
 */
export function formatTicks(ticks: readonly number[], options: { log?: boolean } = {}): string[] {
  if (ticks.length === 0) return [];
  const largest = Math.max(...ticks.map(Math.abs));
  const smallest = Math.min(...ticks.filter((t) => t !== 0).map(Math.abs));
  if (options.log) {
    if (largest >= 1e6 || smallest < 1e-4) return ticks.map((t) => t.toExponential(0));
    return ticks.map((t) => String(Number(t.toPrecision(6))));
  }
  const steps = ticks.slice(1).map((t, i) => Math.abs(t - ticks[i])).filter((s) => s > 0);
  const step = steps.length > 0 ? Math.min(...steps) : Math.abs(ticks[0]) || 1;
  if (largest >= 1e6 || step < 1e-4) {
    return ticks.map((t) => (t === 0 ? "0" : t.toExponential(0)));
  }
  return formatColumn(ticks, { significant: 6, maxDecimals: 4 });
}

/**
 * Ticks on a log axis, in the data's own units: powers of ten when the range spans a decade
 * or more (adding 2 and 5 times them when it spans few), else nice linear steps.
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) return [];
  if (max < min) [min, max] = [max, min];
  const low = Math.floor(Math.log10(min) + 1e-9);
  const high = Math.ceil(Math.log10(max) - 1e-9);
  if (high - low < 1) return niceTicks(min, max, 4).filter((t) => t > 0);
  const multiples = high - low <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let p = low; p <= high; p++) {
    for (const m of multiples) {
      const t = Number((m * 10 ** p).toPrecision(6));
      if (t >= min * 0.999 && t <= max * 1.001) ticks.push(t);
    }
  }
  return ticks.length >= 2 ? ticks : [min, max];
}

/**
 * `count` with its noun, singular or plural: plural(1, "attention matrix", "attention
 * matrices") -> "1 attention matrix". English only: Korean nouns do not change with the count.
 */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
