/**
 * Sampling (src/models/decode/sample.ts): the probabilities a step reports are softmax(logits /
 * T) after top-k and top-p, renormalised, as computed here by hand; T = 0 is the argmax; the
 * same seed draws the same tokens; the draws follow the reported distribution.
 */
import assert from "node:assert/strict";
import { filteredDistribution, Sampler } from "../../src/models/decode/sample.ts";
import { randomArray } from "../support/backends.ts";

const logits = [1.2, -0.3, 2.5, 0.4, 2.1, -1.7, 0.9];

/** The filter written out step by step for these logits. */
function byHand(t: number, k: number, p: number): Map<number, number> {
  const e = logits.map((l) => Math.exp(l / t));
  const z = e.reduce((a, b) => a + b, 0);
  const probs = e.map((v) => v / z); // softmax(logits / T)
  const order = probs.map((_, i) => i).sort((a, b) => probs[b] - probs[a]);
  let kept = k > 0 ? order.slice(0, k) : order;
  const topKMass = kept.reduce((s, i) => s + probs[i], 0);
  const renormalised = kept.map((i) => probs[i] / topKMass);
  let cumulative = 0;
  let n = 0;
  while (cumulative < p) cumulative += renormalised[n++];
  kept = kept.slice(0, n);
  const mass = kept.reduce((s, i) => s + probs[i], 0);
  return new Map(kept.map((i) => [i, probs[i] / mass]));
}

Deno.test("the sampled-from probabilities are softmax(logits / T) after top-k and top-p", () => {
  const settings: [number, number, number][] = [
    [1, 0, 1],
    [0.7, 3, 1],
    [0.7, 3, 0.8],
    [1.5, 0, 0.9],
    [0.5, 5, 0.6],
    [2, 2, 0.3],
  ];
  for (const [temperature, topK, topP] of settings) {
    const want = byHand(temperature, topK, topP);
    const got = filteredDistribution(logits, { temperature, topK, topP });
    const label = `T=${temperature} k=${topK} p=${topP}`;
    assert.deepEqual(got.map((c) => c.id).sort(), [...want.keys()].sort(), label);
    for (const c of got) assert.ok(Math.abs(c.p - want.get(c.id)!) < 1e-9, `${label} id ${c.id}`);
    const step = new Sampler({ temperature, topK, topP, show: 7 }, 1).sample(logits);
    assert.deepEqual(step.after, got, label);
    assert.ok(Math.abs(step.p - want.get(step.id)!) < 1e-9, `${label}: p of the chosen token`);
    const entropy = -[...want.values()].reduce((s, q) => s + q * Math.log(q), 0);
    assert.ok(Math.abs(step.entropy - entropy) < 1e-9, `${label}: entropy`);
    // Before the filters: softmax of the raw logits (T = 1), best first.
    const raw = byHand(1, 0, 1);
    assert.deepEqual(step.before.map((c) => c.id), [2, 4, 0, 6, 3, 1, 5]);
    for (const c of step.before) assert.ok(Math.abs(c.p - raw.get(c.id)!) < 1e-9);
  }
});

Deno.test("temperature 0 is the argmax, with probability 1 and entropy 0", () => {
  for (let seed = 1; seed <= 20; seed++) {
    const row = [...randomArray(11, seed, -3, 3)];
    const step = new Sampler({ temperature: 0, topK: 3, topP: 0.5 }, seed).sample(row);
    assert.equal(step.id, row.indexOf(Math.max(...row)));
    assert.equal(step.p, 1);
    assert.equal(step.entropy, 0);
    assert.ok(step.rawEntropy > 0);
  }
});

Deno.test("the same seed draws the same tokens; another seed draws others", () => {
  const draw = (seed: number) => {
    const sampler = new Sampler({ temperature: 1.3, topP: 0.95 }, seed);
    return Array.from({ length: 60 }, () => sampler.sample(logits).id);
  };
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
});

Deno.test("draws follow the reported distribution", () => {
  const sampler = new Sampler({ temperature: 0.9, topK: 4 }, 42);
  const counts = new Map<number, number>();
  const n = 20000;
  let dist = sampler.sample(logits).after;
  for (let i = 0; i < n; i++) {
    const step = sampler.sample(logits);
    dist = step.after;
    counts.set(step.id, (counts.get(step.id) ?? 0) + 1);
  }
  assert.equal(counts.size, 4, "only the top 4 tokens are drawn");
  for (const c of dist) {
    assert.ok(Math.abs((counts.get(c.id) ?? 0) / n - c.p) < 0.015, `token ${c.id}`);
  }
});

Deno.test("bad sampling options are refused with what was expected", () => {
  assert.throws(() => new Sampler({ temperature: -1 }), /expected a temperature >= 0, got -1/);
  assert.throws(() => new Sampler({ topK: 1.5 }), /expected top-k a whole number/);
  assert.throws(() => new Sampler({ topP: 0 }), /expected top-p in \(0, 1\], got 0/);
});
