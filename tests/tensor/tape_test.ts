import assert from "node:assert/strict";
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend } from "../support/backends.ts";

function param(values: number[], shape: number[]): Tensor {
  const t = Tensor.from(cpuBackend, values, shape);
  t.requiresGrad = true;
  return t;
}

Deno.test("tidy() disposes intermediates and keeps its result", async () => {
  const liveBefore = cpuBackend.stats.liveBytes;
  let intermediate: Tensor | null = null;
  const result = tidy(() => {
    const a = Tensor.from(cpuBackend, [1, 2, 3], [3]);
    intermediate = ops.square(a);
    return ops.add(intermediate, a);
  });
  assert.equal(intermediate!.disposed, true);
  assert.equal(result.disposed, false);
  assert.deepEqual([...await result.toArray()], [2, 6, 12]);
  assert.equal(cpuBackend.stats.liveBytes, liveBefore + 3 * 4);
  result.dispose();
  assert.equal(cpuBackend.stats.liveBytes, liveBefore);
});

Deno.test("tidy() keeps tensors returned inside arrays, objects and Maps, and nests", () => {
  const { pair, map } = tidy(() => {
    const inner = tidy(() => [Tensor.zeros(cpuBackend, [2]), Tensor.zeros(cpuBackend, [1])]);
    Tensor.zeros(cpuBackend, [4]); // dropped
    return { pair: inner, map: new Map([["x", Tensor.zeros(cpuBackend, [3])]]) };
  });
  assert.ok(pair.every((t) => !t.disposed));
  assert.equal(map.get("x")!.disposed, false);
});

Deno.test("a view survives the disposal of its base, and the storage is freed after both", async () => {
  const liveBefore = cpuBackend.stats.liveBytes;
  const base = Tensor.from(cpuBackend, [1, 2, 3, 4, 5, 6], [2, 3]);
  const view = ops.reshape(base, [3, 2]);
  base.dispose();
  assert.deepEqual([...await view.toArray()], [1, 2, 3, 4, 5, 6]);
  await assert.rejects(() => base.toArray(), /used after dispose/);
  view.dispose();
  assert.equal(cpuBackend.stats.liveBytes, liveBefore);
});

Deno.test("a view returned from tidy() outlives its base created inside", async () => {
  const view = tidy(() =>
    ops.reshape(ops.square(Tensor.from(cpuBackend, [1, 2, 3, 4], [4])), [2, 2])
  );
  assert.deepEqual(view.shape, [2, 2]);
  assert.deepEqual([...await view.toArray()], [1, 4, 9, 16]);
});

Deno.test("the gradient of sum(add(a, a)) is 2 everywhere", async () => {
  const a = param([0.5, -1, 3], [3]);
  const tape = new Tape();
  const loss = tape.record(() => ops.sum(ops.add(a, a)));
  const grads = tape.backward(loss, [a]);
  assert.deepEqual([...await grads.get(a)!.toArray()], [2, 2, 2]);
});

Deno.test("a tensor used twice accumulates both gradients: d/da sum(a * a + a) = 2a + 1", async () => {
  const a = param([0.5, -1, 3], [3]);
  const tape = new Tape();
  const loss = tape.record(() => ops.sum(ops.add(ops.mul(a, a), a)));
  const grads = tape.backward(loss, [a]);
  assertClose(await grads.get(a)!.toArray(), [2, -1, 7]);
});

Deno.test("a tensor the loss does not depend on gets a zero gradient", async () => {
  const a = param([1, 2], [2]);
  const unused = param([5, 6, 7], [3]);
  const tape = new Tape();
  const loss = tape.record(() => ops.sum(ops.square(a)));
  const grads = tape.backward(loss, [a, unused]);
  assert.deepEqual(grads.get(unused)!.shape, [3]);
  assert.deepEqual([...await grads.get(unused)!.toArray()], [0, 0, 0]);
  assert.deepEqual([...await grads.get(a)!.toArray()], [2, 4]);
});

Deno.test("backward() of a non-scalar throws, naming the shape", () => {
  const a = param([1, 2], [2]);
  const tape = new Tape();
  const y = tape.record(() => ops.square(a));
  assert.throws(() => tape.backward(y, [a]), /backward\(\) needs a scalar loss, got shape \[2\]/);
});

Deno.test("ops outside a tape record nothing, and constants get no tape node", () => {
  const a = param([1, 2], [2]);
  const c = Tensor.from(cpuBackend, [3, 4], [2]);
  assert.equal(ops.square(a).node, null);
  const tape = new Tape();
  tape.record(() => {
    assert.equal(ops.square(c).node, null); // no input needs a gradient
    assert.notEqual(ops.mul(a, c).node, null);
  });
  assert.equal(tape.nodes.length, 1);
});

Deno.test("the gradient of an intermediate is available alongside the leaves", async () => {
  const a = param([1, -2], [2]);
  const tape = new Tape();
  let h: Tensor | null = null;
  const loss = tape.record(() => {
    h = ops.scale(a, 3);
    return ops.sum(ops.square(h));
  });
  const grads = tape.backward(loss, [a, h!]);
  assertClose(await grads.get(h!)!.toArray(), [6, -12]); // 2h
  assertClose(await grads.get(a)!.toArray(), [18, -36]); // 3 * 2h
});

Deno.test("backward inside tidy() frees every intermediate; only the gradients survive", () => {
  const a = param([1, 2, 3, 4], [2, 2]);
  const w = param([0.5, -1, 2, 1], [2, 2]);
  const liveBefore = cpuBackend.stats.liveBytes;
  const grads = tidy(() => {
    const tape = new Tape();
    const loss = tape.record(() => ops.mean(ops.tanh(ops.matmul(a, w))));
    return tape.backward(loss, [a, w]);
  });
  assert.equal(cpuBackend.stats.liveBytes, liveBefore + 2 * 4 * 4);
  for (const g of grads.values()) g.dispose();
  assert.equal(cpuBackend.stats.liveBytes, liveBefore);
});

Deno.test("backward() refuses when an intermediate it needs was disposed", () => {
  const a = param([1, 2, 3], [3]);
  const tape = new Tape();
  const loss = tape.record(() => {
    const h = ops.tanh(a);
    const l = ops.sum(ops.mul(h, h));
    h.dispose();
    return l;
  });
  assert.throws(() => tape.backward(loss, [a]), /disposed before backward/);
});

Deno.test("the gradient of a reshaped tensor and of its input do not share storage", async () => {
  const a = param([1, 2, 3, 4], [4]);
  const tape = new Tape();
  let r!: Tensor;
  const loss = tape.record(() => {
    r = ops.reshape(a, [2, 2]);
    return ops.sum(r);
  });
  const grads = tape.backward(loss, [a, r]);
  assertClose(await grads.get(r)!.toArray(), [1, 1, 1, 1]);
  assertClose(await grads.get(a)!.toArray(), [1, 1, 1, 1]);
});
