import assert from "node:assert/strict";
import { withLengthBounds } from "../../src/data/bounded_task.ts";
import { getTask } from "../../src/data/task.ts";

Deno.test("withLengthBounds() keeps only sources of the given lengths, splits still disjoint", () => {
  const reverse = getTask("reverse");
  const short = withLengthBounds(reverse, { minLength: 3, maxLength: 6 });
  assert.equal(short.name, "reverse");
  assert.equal(short.maxSrcTokens, 6);
  assert.equal(short.maxTgtTokens, 6);
  const train = short.examples("train", 300, 5);
  const test = short.examples("test", 50, 5);
  assert.equal(train.length, 300);
  assert.equal(test.length, 50);
  const lengths = new Set(train.map((e) => e.src.length));
  assert.deepEqual([...lengths].sort(), [3, 4, 5, 6]);
  for (const e of train) assert.equal(e.tgt, [...e.src].reverse().join(""));
  const trainSources = new Set(train.map((e) => e.src));
  assert.ok(test.every((e) => !trainSources.has(e.src)), "test and train share no source");
  // The prefix property of tasks carries over.
  assert.deepEqual(short.examples("train", 120, 5), train.slice(0, 120));
});

Deno.test("withLengthBounds() rejects bounds outside the task's range", () => {
  const copy = getTask("copy");
  assert.throws(() => withLengthBounds(copy, { minLength: 3, maxLength: 30 }), /<= 24.*got 3-30/);
  assert.throws(() => withLengthBounds(copy, { minLength: 5, maxLength: 4 }), /got 5-4/);
});
