/**
 * What the rollout and saliency views conclude from their numbers (src/render/rollout_view.ts,
 * saliency_view.ts): the distance's verdict (close, close on average but another brightest
 * column, apart) and the agreement's (largely, partly, hardly, none to compare), in English and
 * Korean, on hand-made results.
 */
import assert from "node:assert/strict";
import type { RolloutResult } from "../../src/app/attribution/rollout_text.ts";
import type { SaliencyResult } from "../../src/app/attribution/saliency_text.ts";
import { renderRollout } from "../../src/render/rollout_view.ts";
import { renderSaliency } from "../../src/render/saliency_view.ts";
import { Palette } from "../../src/render/color.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";

const tokens = ["나는", "학생이다", "<eos>"];
const grid = [[0.6, 0.2, 0.2], [0.2, 0.6, 0.2], [0.2, 0.2, 0.6]];

function rollout(meanJs: number, argmaxDiffers: number): RolloutResult {
  return {
    model: "m",
    backend: "cpu",
    kind: "encoder",
    layers: 2,
    heads: 4,
    input: { tokens: ["나는", "학생이다"] },
    output: { tokens: ["I", "am"], text: "I am" },
    rows: tokens,
    cols: tokens,
    weights: grid,
    raw: grid,
    distance: { js: [meanJs, meanJs, meanJs], meanJs, argmaxDiffers },
    warnings: [],
  };
}

function saliency(mean: number | null, attention = true): SaliencyResult {
  return {
    model: "m",
    backend: "cpu",
    input: { tokens: ["나는", "학생이다"] },
    output: { tokens: ["I", "am"], text: "I am" },
    rows: ["I", "am", "<eos>"],
    cols: tokens,
    weights: grid,
    raw: grid,
    attention: attention ? { kind: "cross", layer: 0, heads: 4, weights: grid } : null,
    agreement: attention ? { rows: [mean, mean, null], mean } : null,
    warnings: [],
  };
}

const options = (lang: "en" | "ko") => ({ palette: new Palette(0), width: 100, lang });
const flat = (text: string) => text.replace(/\s+/g, " ");

Deno.test("rollout view: close, close on average with another brightest column, or apart", () => {
  const close = flat(renderRollout(rollout(0.02, 0), options("en")));
  assert.match(close, /mean Jensen-Shannon divergence 0\.020 bits per row/);
  assert.match(close, /the brightest column differs in 0 of 3 rows/);
  assert.match(close, /→ close \(under 0\.1 bits\)/);
  const moved = flat(renderRollout(rollout(0.02, 2 / 3), options("en")));
  assert.match(
    moved,
    /→ close on average \(under 0\.1 bits\), yet the brightest column differs in 2 rows/,
  );
  const apart = flat(renderRollout(rollout(0.4, 1 / 3), options("en")));
  assert.match(apart, /→ apart \(0\.1 bits or more\)/);
  const ko = renderRollout(rollout(0.4, 1 / 3), options("ko"));
  assert.match(flat(ko), /→ 다릅니다 \(0\.1비트 이상\)/);
  assert.deepEqual(unresolvedParticles(ko), []);
});

Deno.test("saliency view: the mean rho's verdict, n/a rows, and an RNN without attention", () => {
  const strong = flat(renderSaliency(saliency(0.8), options("en")));
  assert.match(strong, /per output token: I 0\.80, am 0\.80, <eos> n\/a; mean 0\.80/);
  assert.match(strong, /→ yes, largely \(mean ≥ 0\.7\)/);
  assert.match(
    flat(renderSaliency(saliency(0.5), options("en"))),
    /→ partly \(0\.3 ≤ mean < 0\.7\)/,
  );
  assert.match(flat(renderSaliency(saliency(-0.2), options("en"))), /→ hardly \(mean < 0\.3\)/);
  const none = flat(renderSaliency(saliency(null, false), options("en")));
  assert.match(none, /m has no attention to compare \(an RNN without attention\)/);
  assert.doesNotMatch(none, /Spearman/);
  const ko = renderSaliency(saliency(0.5), options("ko"));
  assert.match(flat(ko), /I 0\.50, am 0\.50, <eos> 없음; 평균 0\.50/);
  assert.match(flat(ko), /→ 부분적으로만 그렇습니다/);
  assert.deepEqual(unresolvedParticles(ko), []);
});
