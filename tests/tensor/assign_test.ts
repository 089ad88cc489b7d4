import assert from "node:assert/strict";
import { ops, Tape, Tensor } from "../../src/engine/mod.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { testOnBackends } from "../support/gpu.ts";

testOnBackends("ops.assign copies every value into dst and leaves src alone", async (backend) => {
  // 300_000 elements: more workgroups of 64 than one grid dimension holds (65_535).
  for (const shape of [[1], [3, 4], [2, 3, 5], [600, 500]]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = randomArray(n, n);
    const src = Tensor.from(backend, values, shape);
    const dst = Tensor.zeros(backend, shape);
    try {
      ops.assign(dst, src);
      assert.deepEqual(await dst.toArray(), values, `shape [${shape}]`);
      assert.deepEqual(await src.toArray(), values, `shape [${shape}]: src changed`);
    } finally {
      src.dispose();
      dst.dispose();
    }
  }
});

testOnBackends("ops.assign records one dispatch and no round trip", async (backend) => {
  const src = Tensor.from(backend, [1, 2, 3, 4, 5, 6], [2, 3]);
  const dst = Tensor.zeros(backend, [2, 3]);
  try {
    const before = { ...backend.stats };
    ops.assign(dst, src);
    assert.equal(backend.stats.dispatches - before.dispatches, 1);
    assert.equal(backend.stats.roundTrips - before.roundTrips, 0);
    assert.deepEqual(await dst.toNested(), [[1, 2, 3], [4, 5, 6]]);
  } finally {
    src.dispose();
    dst.dispose();
  }
});

testOnBackends("ops.assign into a view writes the storage it shares", async (backend) => {
  const base = Tensor.zeros(backend, [2, 3]);
  const src = Tensor.from(backend, [1, 2, 3, 4, 5, 6], [6]);
  const view = base.view([6]);
  try {
    ops.assign(view, src);
    assert.deepEqual(await base.toNested(), [[1, 2, 3], [4, 5, 6]]);
    ops.assign(view, base.view([6])); // one storage: nothing to copy, and no error
    assert.deepEqual(await view.toArray(), new Float32Array([1, 2, 3, 4, 5, 6]));
  } finally {
    for (const t of [base, src, view]) t.dispose();
  }
});

Deno.test("ops.assign refuses another shape of the same size, naming both", () => {
  const a = Tensor.zeros(cpuBackend, [2, 3]);
  const b = Tensor.zeros(cpuBackend, [3, 2]);
  assert.throws(
    () => ops.assign(a, b),
    /assign: expected a source of the destination's shape \[2, 3\], got \[3, 2\]/,
  );
});

Deno.test("ops.assign refuses a disposed tensor", () => {
  const a = Tensor.zeros(cpuBackend, [2]);
  const b = Tensor.zeros(cpuBackend, [2]);
  b.dispose();
  assert.throws(() => ops.assign(a, b), /used after dispose/);
});

Deno.test("ops.assign refuses to overwrite a parameter while a tape records", () => {
  const param = Tensor.zeros(cpuBackend, [2]);
  param.requiresGrad = true;
  const other = Tensor.from(cpuBackend, [1, 2], [2]);
  assert.throws(
    () => new Tape().record(() => ops.assign(param, other)),
    /assign: not differentiable; copy parameters outside tape.record/,
  );
  ops.assign(param, other); // between steps it is fine
});

testOnBackends(
  "ops.assign at an offset writes one window of an axis, in one dispatch",
  async (backend) => {
    const dst = Tensor.zeros(backend, [2, 4, 3]);
    const src = Tensor.from(backend, [1, 2, 3, 4, 5, 6], [2, 1, 3]);
    try {
      const before = backend.stats.dispatches;
      ops.assign(dst, src, { axis: 1, start: 2 });
      assert.equal(backend.stats.dispatches - before, 1);
      const z = [0, 0, 0];
      assert.deepEqual(await dst.toNested(), [[z, z, [1, 2, 3], z], [z, z, [4, 5, 6], z]]);
      assert.throws(() => ops.assign(dst, src, { axis: 1, start: 4 }), /at 4 on axis 1/);
    } finally {
      src.dispose();
      dst.dispose();
    }
  },
);
