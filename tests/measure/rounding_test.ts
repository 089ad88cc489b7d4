import assert from "node:assert/strict";
import { percent, round, significant } from "../../src/measure/rounding.ts";

Deno.test("round() to decimal places rounds the double's exact decimal value", () => {
  assert.equal(round(0.12345), 0.123);
  assert.equal(round(2.5, 0), 3);
  assert.equal(round(1.23456, 2), 1.23);
  // 1.005 is stored as 1.00499999999999989...: it rounds down (Math.round(x * 100) would not).
  assert.equal(round(1.005, 2), 1);
  assert.equal(round(-0.0004), -0);
});

Deno.test("significant() keeps that many significant digits", () => {
  assert.equal(significant(1234.5), 1230);
  assert.equal(significant(0.000123456), 0.000123);
  assert.equal(significant(9.87654, 2), 9.9);
});

Deno.test("percent() of a fraction, with no or some decimals", () => {
  assert.equal(percent(0.973), "97%");
  assert.equal(percent(1), "100%");
  assert.equal(percent(0.9734, 1), "97.3%");
  assert.equal(percent(0, 1), "0.0%");
  // Halves round up, also below zero (an accuracy drop can be negative).
  assert.equal(percent(-0.025), "-2%");
  assert.equal(percent(0.125, 1), "12.5%");
});
