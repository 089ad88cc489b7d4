/**
 * Kernel params by name (src/engine/webgpu/params.ts): every kernel file's params struct is
 * read from its WGSL, the host code's named params pack to the same bytes the old positional
 * packing wrote, and a missing, unknown or mistyped field fails naming the kernel and field.
 * The struct and packing tests need no adapter: the host code records into a fake runtime.
 */
import assert from "node:assert/strict";
import "../support/private_state.ts";
import type { AdamParams, AttentionParams } from "../../src/engine/backend/contract.ts";
import { PARAMS_SLOT_BYTES, ParamsLayout } from "../../src/engine/webgpu/params.ts";
import { kernelParams } from "../../src/engine/webgpu/pipeline_cache.ts";
import type {
  GpuBuffer,
  GpuRuntime,
  KernelSpec,
  ParamValues,
} from "../../src/engine/webgpu/runtime.ts";
import { softmax } from "../../src/engine/webgpu/kernels/softmax.ts";
import { matmulWithVariant } from "../../src/engine/webgpu/kernels/matmul.ts";
import { flashAttention } from "../../src/engine/webgpu/kernels/flash_attention.ts";
import { adam } from "../../src/engine/webgpu/kernels/adam.ts";
import { permute } from "../../src/engine/webgpu/kernels/layout.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const KERNELS = new URL("../../src/engine/webgpu/kernels/", import.meta.url);

function kernelFiles(): string[] {
  return [...Deno.readDirSync(KERNELS)]
    .filter((e) => e.name.endsWith(".wgsl"))
    .map((e) => e.name.slice(0, -".wgsl".length))
    .sort();
}

Deno.test("every kernel file's params struct is read, with its fields in declaration order", () => {
  const files = kernelFiles();
  assert.ok(files.length >= 20, `found only ${files.length} kernel files`);
  for (const file of files) {
    const layout = kernelParams(file);
    assert.ok(layout, `${file}.wgsl binds no params struct at @binding(0)`);
    const source = Deno.readTextFileSync(new URL(`${file}.wgsl`, KERNELS));
    // An independent count of the struct's declarations: `name: type` between its braces.
    const body = source.match(new RegExp(`struct ${layout.struct} \\{([^}]*)\\}`))![1]
      .replace(/\/\/[^\n]*/g, "");
    const declared = [...body.matchAll(/(\w+)\s*:/g)].map((m) => m[1]);
    assert.deepEqual(layout.fields.map((f) => f.name), declared, `${file}.wgsl`);
    // Every field is a 4-byte scalar today, so field i sits at byte 4 i.
    layout.fields.forEach((f, i) => assert.equal(f.offset, 4 * i, `${file}.wgsl: ${f.name}`));
    assert.equal(layout.byteLength, 4 * declared.length);
    assert.ok(layout.byteLength <= PARAMS_SLOT_BYTES);
  }
  assert.equal(kernelParams("matmul_blocked")!.fields.length, 22);
  assert.equal(kernelParams("softmax")!.fields[5].type, "i32");
});

Deno.test("the params parser lays vectors out by WGSL's rules and skips comments", () => {
  const layout = ParamsLayout.parse(
    `// struct Decoy { x: f32 }
    struct P {
      a: u32, /* a block comment, with a comma */
      b: vec3<f32>, // 16-byte aligned
      c: f32,
      d: vec2u,
    }
    @group(0) @binding(0) var<uniform> p: P;`,
    "test.wgsl",
  )!;
  assert.deepEqual(
    layout.fields.map((f) => [f.name, f.offset, f.scalar, f.components]),
    [["a", 0, "u32", 1], ["b", 16, "f32", 3], ["c", 28, "f32", 1], ["d", 32, "u32", 2]],
  );
  assert.equal(layout.byteLength, 48); // rounded up to the struct's 16-byte alignment
  const view = new DataView(new ArrayBuffer(48));
  layout.write({ a: 7, b: [1, 2, 3], c: 0.5, d: [8, 9] }, view, 0, "test.wgsl:main");
  assert.deepEqual(
    [view.getUint32(0, true), view.getFloat32(24, true), view.getFloat32(28, true)],
    [7, 3, 0.5],
  );
  assert.equal(view.getUint32(36, true), 9);
  assert.equal(ParamsLayout.parse("fn main() {}", "none.wgsl"), null);
  assert.throws(
    () =>
      ParamsLayout.parse(
        "struct Q { n: u32, w: array<u32, 4> }\n@group(0) @binding(0) var<uniform> p: Q;",
        "bad.wgsl",
      ),
    /bad\.wgsl: expected struct Q's fields to be u32, i32, f32 or vec2-4 of them .*got 'w: array<u32/,
  );
});

Deno.test("a missing, unknown or mistyped params field fails naming the kernel and the field", () => {
  const fill = kernelParams("fill")!;
  const view = new DataView(new ArrayBuffer(PARAMS_SLOT_BYTES));
  const write = (values: ParamValues) => () => fill.write(values, view, 0, "fill.wgsl:fill");
  assert.throws(
    write({ n: 4 }),
    /^Error: fill\.wgsl:fill: expected params\.value \(f32\) of struct FillParams, got none; its fields are n, value$/,
  );
  assert.throws(
    write({ n: 4, value: 1, valeu: 2 }),
    /^Error: fill\.wgsl:fill: struct FillParams has no field 'valeu'; expected only n, value$/,
  );
  assert.throws(
    write({ n: -1, value: 1 }),
    /fill\.wgsl:fill: expected params\.n \(u32\) to be an integer in \[0, 4294967295\], got -1/,
  );
  assert.throws(write({ n: 2.5, value: 1 }), /params\.n \(u32\) .* got 2\.5/);
  assert.throws(write({ n: 2 ** 32, value: 1 }), /params\.n \(u32\) .* got 4294967296/);
  assert.throws(write({ n: 2, value: [1] }), /params\.value \(f32\) to be a number, got \[1\]/);
  const softmaxParams = kernelParams("softmax")!;
  assert.throws(
    () =>
      softmaxParams.write(
        { ...SOFTMAX_VALUES, causal_offset: 2 ** 31 },
        view,
        0,
        "softmax.wgsl:softmax_forward",
      ),
    /params\.causal_offset \(i32\) to be an integer in \[-2147483648, 2147483647\], got 2147483648/,
  );
  // -Infinity is a fine f32 (full() of a mask); a negative i32 is fine too.
  fill.write({ n: 1, value: -Infinity }, view, 0, "fill.wgsl:fill");
  assert.equal(view.getFloat32(4, true), -Infinity);
});

const SOFTMAX_VALUES = {
  rows: 6,
  cols: 4,
  tq: 3,
  heads: 2,
  causal: 1,
  causal_offset: -1,
  has_mask: 0,
  mask_groups: 1,
  mask_rows: 1,
  scale: 0.5,
};

Deno.test("rt.dispatch() refuses params that do not fit the kernel's struct", gpuTest, () => {
  const rt = webgpuOrThrow().rt;
  const out = rt.alloc(4);
  const spec = { file: "fill", entry: "fill", inputs: 0, outputs: 1 };
  try {
    assert.throws(
      () => rt.dispatch(spec, { params: { n: 4 }, inputs: [], outputs: [out], workgroups: [1] }),
      /fill\.wgsl:fill: expected params\.value \(f32\) of struct FillParams, got none/,
    );
    assert.throws(
      () => rt.dispatch(spec, { inputs: [], outputs: [out], workgroups: [1] }),
      /fill\.wgsl:fill: expected params for struct FillParams \(n, value\), got none/,
    );
  } finally {
    rt.release(out);
  }
});

// --- the host code's params, packed by name, against the old positional packing ------------

type Kind = "u32" | "i32" | "f32";

/** The bytes the removed `new Params().u32(..).i32(..).f32(..)` chain wrote, in its order. */
function positional(values: [Kind, number][]): number[] {
  const view = new DataView(new ArrayBuffer(4 * values.length));
  values.forEach(([kind, v], i) => {
    if (kind === "u32") view.setUint32(4 * i, v >>> 0, true);
    else if (kind === "i32") view.setInt32(4 * i, v | 0, true);
    else view.setFloat32(4 * i, v, true);
  });
  return [...new Uint8Array(view.buffer)];
}

/** A runtime that records the dispatches of host code instead of running them. */
function recordingRuntime(): { rt: GpuRuntime; dispatched: [KernelSpec, ParamValues][] } {
  const dispatched: [KernelSpec, ParamValues][] = [];
  let id = 0;
  const rt = {
    adapterName: "recording",
    alloc: (length: number): GpuBuffer => ({ length, id: id++, buffer: null as never }),
    release: () => {},
    dispatch: (spec: KernelSpec, p: { params?: ParamValues }) => {
      dispatched.push([spec, p.params!]);
    },
  };
  return { rt: rt as unknown as GpuRuntime, dispatched };
}

/** The bytes the params of one recorded dispatch pack to, by its kernel file's struct. */
function packed([spec, values]: [KernelSpec, ParamValues]): number[] {
  const layout = kernelParams(spec.file)!;
  const view = new DataView(new ArrayBuffer(layout.byteLength));
  layout.write(values, view, 0, `${spec.file}.wgsl:${spec.entry}`);
  return [...new Uint8Array(view.buffer)];
}

const buffer = (length: number) => ({ length, id: -1, buffer: null as never });

Deno.test("softmax's named params pack like the old positional ones", () => {
  const { rt, dispatched } = recordingRuntime();
  softmax(rt, buffer(6 * 4), buffer(2 * 3 * 4), {
    rows: 6,
    cols: 4,
    tq: 3,
    heads: 1,
    causal: true,
    causalOffset: -2,
    maskGroups: 2,
    maskRows: 3,
    scale: 0.125,
  });
  assert.deepEqual(
    packed(dispatched[0]),
    positional([
      ["u32", 6],
      ["u32", 4],
      ["u32", 3],
      ["u32", 1],
      ["u32", 1],
      ["i32", -2],
      ["u32", 1],
      ["u32", 2],
      ["u32", 3],
      ["f32", 0.125],
    ]),
  );
});

Deno.test("matmul's 22 named params pack like the old positional ones", () => {
  for (const variant of ["blocked", "tiled"] as const) {
    const { rt, dispatched } = recordingRuntime();
    // Strided operands (one head's columns of a packed projection) and a bias offset.
    const [batch, m, k, n] = [2, 3, 4, 5];
    matmulWithVariant(
      rt,
      buffer(2 * 3 * 12),
      buffer(4 * 5),
      {
        batch,
        m,
        k,
        n,
        broadcastB: true,
      },
      variant,
      {
        aLayout: { offset: 4, rowStride: 12, heads: 2, headStride: 36, batchStride: 0 },
        bias: buffer(16),
        biasOffset: 8,
      },
    );
    const [spec] = dispatched[0];
    // The grid the host chose (tiles along m and n): read back from the packed params.
    const values = dispatched[0][1] as Record<string, number>;
    assert.equal(spec.file, `matmul_${variant}`);
    const u32 = (v: number): [Kind, number] => ["u32", v];
    assert.deepEqual(
      packed(dispatched[0]),
      positional([
        ...[batch, m, k, n, 0, 0, values.tiles_m, values.tiles_n].map(u32),
        ...[4, 12, 2, 36].map(u32), // a: offset, row stride, heads, head stride
        ...[0, n, 1, 0].map(u32), // b: contiguous (broadcast)
        ...[0, n, 1, 0, m * n, 8].map(u32), // out, out batch stride, bias offset
      ]),
      variant,
    );
    assert.ok(values.tiles_m >= 1 && values.tiles_n >= 1);
  }
});

Deno.test("flash attention's named params pack like the old positional ones", () => {
  const { rt, dispatched } = recordingRuntime();
  const p: AttentionParams = {
    batch: 2,
    heads: 2,
    tq: 3,
    tk: 5,
    dk: 4,
    qStride: 24,
    qOffset: 0,
    kvStride: 24,
    kOffset: 8,
    vOffset: 16,
    scale: 0.5,
    causal: true,
    causalOffset: 2,
    maskGroups: 2,
    maskRows: 1,
  };
  flashAttention(rt, buffer(2 * 3 * 24), buffer(2 * 5 * 24), buffer(2 * 5), p);
  const forward = dispatched.find(([spec]) => spec.entry === "flash_attention_forward")!;
  assert.deepEqual(
    packed(forward),
    positional([
      ...[2, 2, 3, 5, 4, 24, 0, 24, 8, 16].map((v): [Kind, number] => ["u32", v]),
      ["u32", 1],
      ["i32", 2],
      ["u32", 1],
      ["u32", 2],
      ["u32", 1],
      ["f32", 0.5],
      ["u32", 0],
      ["u32", 5],
      ["u32", 1],
      ["u32", 1],
      ["u32", 0], // no scores: flashAttention keeps no weights
    ]),
  );
});

Deno.test("adam's and permute's named params pack like the old positional ones", () => {
  const { rt, dispatched } = recordingRuntime();
  const p: AdamParams = {
    n: 8,
    lr: 0.01,
    beta1: 0.9,
    beta2: 0.98,
    eps: 1e-9,
    step: 3,
    weightDecay: 0.1,
    clip: { maxNorm: 2 },
  };
  const s = buffer(8);
  adam(rt, s, buffer(8), buffer(8), buffer(8), buffer(1), p);
  assert.deepEqual(
    packed(dispatched[0]),
    positional([
      ["u32", 8],
      ["f32", 0.01],
      ["f32", 0.9],
      ["f32", 0.98],
      ["f32", 1e-9],
      ["f32", 1 - 0.9 ** 3],
      ["f32", 1 - 0.98 ** 3],
      ["f32", 0.1],
      ["u32", 1],
      ["f32", 2],
    ]),
  );
  // [2, 3, 4] -> [4, 2, 3] is [6, 4] transposed (dims 0 and 1 stay adjacent), padded to rank 6
  // with leading size-1 dims of stride 0: shape s0..s5, input strides t0..t5.
  permute(rt, buffer(24), { shape: [2, 3, 4], perm: [2, 0, 1] });
  const u32 = (v: number): [Kind, number] => ["u32", v];
  assert.deepEqual(
    packed(dispatched[1]),
    positional([24, 1, 1, 1, 1, 4, 6, 0, 0, 0, 0, 1, 4].map(u32)),
  );
});
