import assert from "node:assert/strict";
import { assertClose } from "../support/assert_close.ts";
import { getRuntime, GpuRuntime, workgroupGrid } from "../../src/engine/webgpu/runtime.ts";
import { bucketBytes } from "../../src/engine/webgpu/buffer_pool.ts";
import * as elementwise from "../../src/engine/webgpu/kernels/elementwise.ts";
import { gpuTest } from "../support/gpu.ts";
import { randomArray } from "../support/backends.ts";

Deno.test("workgroupGrid() covers the count with dims <= 65535", () => {
  assert.deepEqual(workgroupGrid(0), [0, 1, 1]);
  assert.deepEqual(workgroupGrid(1), [1, 1, 1]);
  assert.deepEqual(workgroupGrid(65535), [65535, 1, 1]);
  for (const count of [65536, 100000, 65535 * 3 + 1, 2 ** 31]) {
    const [x, y, z] = workgroupGrid(count);
    assert.ok(x <= 65535 && y <= 65535 && z === 1, `grid ${[x, y, z]} for ${count}`);
    assert.ok(x * y >= count, `grid ${[x, y, z]} too small for ${count}`);
    assert.ok(x * (y - 1) < count, `grid ${[x, y, z]} has a needless row for ${count}`);
  }
  assert.throws(() => workgroupGrid(65536 * 65535), /at most/);
});

Deno.test("bucketBytes() rounds up to powers of two, then quarter steps", () => {
  assert.equal(bucketBytes(1), 16);
  assert.equal(bucketBytes(17), 32);
  assert.equal(bucketBytes(4096), 4096);
  assert.equal(bucketBytes(4097), 5120);
  assert.equal(bucketBytes(8192), 8192);
  for (const bytes of [5000, 123456, 1e7]) {
    const b = bucketBytes(bytes);
    assert.ok(b >= bytes && b <= bytes * 1.25 + 16, `${b} for ${bytes}`);
  }
});

Deno.test("upload() then read() returns the data for sizes 1 to 100000", gpuTest, async () => {
  const rt = await getRuntime();
  for (const n of [1, 3, 17, 65, 130, 100000]) {
    const data = randomArray(n, n);
    const b = rt.upload(data);
    assert.equal(b.length, n);
    assertClose(await rt.read(b), data, { rtol: 0, atol: 0, what: `n=${n}` });
    rt.release(b);
  }
  const empty = rt.upload(new Float32Array(0));
  assert.equal((await rt.read(empty)).length, 0);
  rt.release(empty);
});

Deno.test("many dispatches then one read cost exactly one round trip", gpuTest, async () => {
  const rt = await getRuntime();
  await rt.sync();
  const before = { ...rt.stats };
  const x = elementwise.full(rt, 1000, 0);
  const one = elementwise.full(rt, 1000, 1);
  for (let i = 0; i < 50; i++) elementwise.accumulate(rt, x, one, { n: 1000 });
  const out = await rt.read(x);
  assert.equal(rt.stats.roundTrips - before.roundTrips, 1);
  assert.equal(rt.stats.dispatches - before.dispatches, 52);
  assert.equal(out[0], 50);
  assert.equal(out[999], 50);
  rt.release(x);
  rt.release(one);
  assert.equal(rt.stats.liveBytes, before.liveBytes);
});

Deno.test("reads requested in the same tick share one round trip", gpuTest, async () => {
  const rt = await getRuntime();
  await rt.sync();
  const before = rt.stats.roundTrips;
  const bufs = [1, 2, 3].map((v) => elementwise.full(rt, 10, v));
  const outs = await Promise.all(bufs.map((b) => rt.read(b)));
  assert.equal(rt.stats.roundTrips - before, 1);
  assert.deepEqual(outs.map((o) => o[9]), [1, 2, 3]);
  // Awaiting one after the other costs one round trip each.
  await rt.read(bufs[0]);
  await rt.read(bufs[1]);
  assert.equal(rt.stats.roundTrips - before, 3);
  // A read and a sync in the same tick share one too.
  const [last] = await Promise.all([rt.read(bufs[2]), rt.sync()]);
  assert.equal(last[0], 3);
  assert.equal(rt.stats.roundTrips - before, 4);
  bufs.forEach((b) => rt.release(b));
});

Deno.test(
  "upload() into a recycled buffer does not clobber earlier recorded reads",
  gpuTest,
  async () => {
    const rt = await getRuntime();
    const first = randomArray(100, 1);
    const second = randomArray(100, 2);
    const a = rt.upload(first);
    const doubledFirst = elementwise.binary(rt, "add", a, a, { na: 100, nb: 100 });
    rt.release(a);
    const b = rt.upload(second); // same pooled GPUBuffer, while the add above is still unsubmitted
    assert.equal(b.id, a.id, "expected the pool to hand the released buffer out again");
    const doubledSecond = elementwise.binary(rt, "add", b, b, { na: 100, nb: 100 });
    const [u, v] = await Promise.all([rt.read(doubledFirst), rt.read(doubledSecond)]);
    assertClose(u, first.map((x) => 2 * x), { what: "first" });
    assertClose(v, second.map((x) => 2 * x), { what: "second" });
    [b, doubledFirst, doubledSecond].forEach((buf) => rt.release(buf));
  },
);

Deno.test("more dispatches than params slots in one batch stay correct", gpuTest, async () => {
  const rt = await getRuntime();
  const x = elementwise.full(rt, 5, 0);
  const one = elementwise.full(rt, 5, 1);
  for (let i = 0; i < 4100; i++) elementwise.accumulate(rt, x, one, { n: 5, alpha: i % 2 ? 1 : 2 });
  assert.deepEqual([...await rt.read(x)], new Array(5).fill(4100 * 1.5));
  rt.release(x);
  rt.release(one);
});

Deno.test("stage() timings are returned after the read that completes them", gpuTest, async () => {
  const rt = await getRuntime();
  await rt.sync();
  rt.takeTimings();
  const x = rt.upload(randomArray(4096, 3));
  const y = rt.stage("tanh", () => elementwise.unary(rt, "tanh", x, { n: 4096 }));
  const z = rt.stage("outer", () => {
    const inner = rt.stage("inner", () => elementwise.unary(rt, "exp", y, { n: 4096 }));
    const out = elementwise.unary(rt, "neg", inner, { n: 4096 });
    rt.release(inner);
    return out;
  });
  assert.deepEqual(rt.takeTimings(), [], "expected no timings before the read");
  await rt.read(z);
  const timings = rt.takeTimings();
  assert.deepEqual(timings.map((t) => t.name), ["tanh", "outer", "inner"]);
  for (const t of timings) {
    assert.ok(t.wallMs >= 0);
    if (rt.hasTimestamps) assert.ok(typeof t.gpuMs === "number" && t.gpuMs >= 0, t.name);
  }
  if (rt.hasTimestamps) {
    const byName = Object.fromEntries(timings.map((t) => [t.name, t.gpuMs!]));
    assert.ok(byName.outer >= byName.inner, "outer stage includes the inner one");
  }
  assert.deepEqual(rt.takeTimings(), []);
  [x, y, z].forEach((b) => rt.release(b));
});

Deno.test("release() twice and use after release throw", gpuTest, async () => {
  const rt = await getRuntime();
  const b = elementwise.full(rt, 4, 1);
  rt.release(b);
  assert.throws(() => rt.release(b), /released twice/);
  assert.throws(() => elementwise.unary(rt, "neg", b, { n: 4 }), /after release/);
  assert.throws(() => rt.read(b), /after release/);
});

Deno.test("an invalid dispatch surfaces as a thrown Error from the read", gpuTest, async () => {
  const rt = await GpuRuntime.create();
  try {
    const x = rt.upload(new Float32Array([1, 2, 3]));
    const out = rt.alloc(3);
    // unary_forward declares binding 2 read_write; binding it as a second input
    // makes the pipeline layout disagree with the shader.
    rt.dispatch({ file: "unary", entry: "unary_forward", inputs: 2, outputs: 1 }, {
      params: { n: 3, op: 6, alpha: 1 },
      inputs: [x, out],
      outputs: [rt.alloc(3)],
      workgroups: [1],
    });
    await assert.rejects(rt.read(out), /GPU validation error.*unary\.wgsl:unary_forward/s);
    // The runtime keeps working afterwards.
    const ok = elementwise.full(rt, 2, 5);
    assert.deepEqual([...await rt.read(ok)], [5, 5]);
    rt.release(ok);
    assert.throws(
      () =>
        rt.dispatch({ file: "no_such_kernel_file", entry: "main", inputs: 0, outputs: 1 }, {
          inputs: [],
          outputs: [x],
          workgroups: [1],
        }),
      /expected a kernel file at .*no_such_kernel_file\.wgsl/,
    );
  } finally {
    rt.destroy();
  }
});

Deno.test("a flushed batch's validation error is thrown by the next sync()", gpuTest, async () => {
  const rt = await GpuRuntime.create();
  try {
    rt.dispatch({ file: "fill", entry: "no_such_entry", inputs: 0, outputs: 1 }, {
      params: { n: 1, value: 0 },
      inputs: [],
      outputs: [rt.alloc(1)],
      workgroups: [1],
    });
    rt.flush();
    await assert.rejects(rt.sync(), /GPU validation error.*fill\.wgsl:no_such_entry/s);
    await rt.sync(); // reported once
  } finally {
    rt.destroy();
  }
});

Deno.test(
  "dispatch() rejects bad workgroup counts and input/output aliasing",
  gpuTest,
  async () => {
    const rt = await getRuntime();
    const b = rt.alloc(4);
    const spec = { file: "accumulate", entry: "accumulate", inputs: 1, outputs: 1 };
    assert.throws(
      () => rt.dispatch(spec, { inputs: [b], outputs: [b], workgroups: [1] }),
      /both as an input and an output/,
    );
    assert.throws(
      () => rt.dispatch(spec, { inputs: [b], outputs: [rt.alloc(4)], workgroups: [70000] }),
      /workgroup counts/,
    );
    assert.throws(
      () => rt.dispatch(spec, { inputs: [], outputs: [b], workgroups: [1] }),
      /expected 1 inputs and 1 outputs, got 0 and 1/,
    );
    rt.release(b);
  },
);

Deno.test(
  "a lost device makes every method throw; getRuntime() then makes a new one",
  gpuTest,
  async () => {
    const rt = await getRuntime();
    assert.equal(await getRuntime(), rt, "expected the same runtime while it lives");
    rt.destroy();
    for (let i = 0; i < 10 && !rt.lost; i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(rt.lost);
    assert.throws(
      () => rt.alloc(1),
      /the GPU device was lost \(.*\); the next command will create a new one/,
    );
    assert.throws(() => rt.upload(new Float32Array(1)), /device was lost/);
    await assert.rejects(async () => await rt.sync(), /device was lost/);
    const fresh = await getRuntime();
    assert.notEqual(fresh, rt);
    assert.deepEqual([...await fresh.read(fresh.upload(new Float32Array([4])))], [4]);
  },
);

Deno.test("GpuRuntime.create() explains a missing adapter in one line", async () => {
  const script = `
    import { GpuRuntime } from ${
    JSON.stringify(new URL("../../src/engine/webgpu/runtime.ts", import.meta.url).href)
  };
    try { await GpuRuntime.create(); console.log("created"); }
    catch (e) { console.log("error: " + e.message); }
  `;
  const { stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", script],
    env: { DENO_WEBGPU_BACKEND: "doesnotexist" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout).trim();
  assert.equal(
    out,
    "error: no WebGPU adapter found (DENO_WEBGPU_BACKEND=doesnotexist)",
    new TextDecoder().decode(stderr),
  );
});

Deno.test(
  "on Linux the runtime enables only Vulkan, so libEGL (it aborts deno test at exit) never loads",
  { ...gpuTest, ignore: gpuTest.ignore || Deno.build.os !== "linux" },
  async () => {
    const script = `
    import { GpuRuntime } from ${
      JSON.stringify(new URL("../../src/engine/webgpu/runtime.ts", import.meta.url).href)
    };
    let rt;
    try { rt = await GpuRuntime.create(); } catch (e) { console.log("no adapter: " + e.message); Deno.exit(0); }
    await rt.read(rt.upload(new Float32Array([1])));
    const maps = Deno.readTextFileSync("/proc/self/maps");
    console.log(JSON.stringify({
      backend: Deno.env.get("DENO_WEBGPU_BACKEND"),
      egl: maps.split("\\n").some((line) => /libEGL/.test(line)),
    }));
  `;
    // The child must not inherit a DENO_WEBGPU_BACKEND this process (or the user) set.
    const env = Deno.env.toObject();
    delete env.DENO_WEBGPU_BACKEND;
    const { stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--no-check", script],
      clearEnv: true,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = new TextDecoder().decode(stdout).trim();
    assert.deepEqual(
      JSON.parse(out || "null"),
      { backend: "vulkan", egl: false },
      new TextDecoder().decode(stderr),
    );
  },
);

Deno.test(
  "uploads never wait for a submit beyond 64 MiB of staging, and keep their order",
  gpuTest,
  async () => {
    const rt = await getRuntime();
    await rt.sync();
    const MiB = 1024 * 1024;
    const buffers = [];
    for (let i = 0; i < 100; i++) {
      buffers.push(rt.upload(new Float32Array(MiB / 4).fill(i)));
      assert.ok(rt.stats.pendingUploadBytes <= 64 * MiB, `${rt.stats.pendingUploadBytes} bytes`);
    }
    const [first, last] = await Promise.all([rt.read(buffers[0]), rt.read(buffers[99])]);
    assert.equal(first[0], 0);
    assert.equal(last[MiB / 4 - 1], 99);
    assert.equal(rt.stats.pendingUploadBytes, 0, "a read submits everything");
    for (const b of buffers) rt.release(b);
  },
);
