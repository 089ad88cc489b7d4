/**
 * Ratios as `bench` prints them (speedups against a baseline or an anchor): the formatter lives
 * with the other quantity formatters in src/measure/format.ts.
 */
export { formatRatio } from "../measure/format.ts";
