/**
 * matmul() with strided operand layouts (MatrixLayout) and the epilogue (bias, relu, relu mask,
 * residual, into): the cpu backend against naive loops written here, and both webgpu variants
 * (every blocked entry point: scalar, vec4, vec4_nt, vec4_tn) against the cpu backend.
 */
import assert from "node:assert/strict";
import type {
  MatmulExtras,
  MatmulParams,
  MatrixLayout,
} from "../../src/engine/backend/contract.ts";
import { MATMUL_VARIANTS, setMatmulOverride } from "../../src/engine/webgpu/matmul_tuning.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

/** A product (sizes and layouts), the lengths of its storages, and which epilogue parts it uses. */
interface Case {
  name: string;
  p: MatmulParams & Pick<MatmulExtras, "aLayout" | "bLayout" | "outLayout">;
  aLength: number;
  bLength: number;
  outLength: number;
  bias?: boolean;
  /** The bias is a window at this offset of a longer vector (a packed projection's). */
  biasOffset?: number;
  relu?: boolean;
  reluMask?: boolean;
  residual?: boolean;
  into?: boolean;
}

/** Element (r, c) of stored matrix g under a layout with defaults for rows x cols matrices. */
function at(
  l: MatrixLayout | undefined,
  g: number,
  r: number,
  c: number,
  rows: number,
  cols: number,
) {
  const heads = l?.heads ?? 1;
  const base = (l?.offset ?? 0) + Math.floor(g / heads) * (l?.batchStride ?? rows * cols) +
    (g % heads) * (l?.headStride ?? 0);
  return base + r * (l?.rowStride ?? cols) + c;
}

/** The naive reference: every element by its definition, epilogue in float32 order. */
function naive(
  c: Case,
  a: Float32Array,
  b: Float32Array,
  e: { bias?: Float32Array; reluMask?: Float32Array; residual?: Float32Array; into?: Float32Array },
): Float32Array {
  const { batch, m, k, n, transA, transB } = c.p;
  const out = e.into ? e.into.slice() : new Float32Array(c.outLength);
  for (let g = 0; g < batch; g++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) {
          const av = a[transA ? at(c.p.aLayout, g, q, i, k, m) : at(c.p.aLayout, g, i, q, m, k)];
          const bv = b[transB ? at(c.p.bLayout, g, j, q, n, k) : at(c.p.bLayout, g, q, j, k, n)];
          s += av * bv;
        }
        const o = at(c.p.outLayout, g, i, j, m, n);
        let v = Math.fround(s);
        if (e.bias) v = Math.fround(v + e.bias[(c.biasOffset ?? 0) + j]);
        if (c.relu) v = Math.max(v, 0);
        if (e.reluMask && !(e.reluMask[o] > 0)) v = 0;
        if (e.residual) v = Math.fround(v + e.residual[o]);
        out[o] = v;
      }
    }
  }
  return out;
}

// Attention-like shapes: B = 2, T = 5 (Tk = 7), heads 2 of dk 4 (d = 8) read from packed
// projections [B, T, 3d]; plus linear layers with every epilogue, at vec4 and odd sizes.
const B = 2, H = 2, DK = 4, D = H * DK, T = 5, TK = 7;
const packed = (t: number, stride: number, offset: number): MatrixLayout => ({
  offset,
  rowStride: stride,
  heads: H,
  headStride: DK,
  batchStride: t * stride,
});
const CASES: Case[] = [
  {
    name: "scores Q K^T from a packed [B, T, 3d] projection",
    p: {
      batch: B * H,
      m: T,
      k: DK,
      n: T,
      transB: true,
      aLayout: packed(T, 3 * D, 0),
      bLayout: packed(T, 3 * D, D),
    },
    aLength: B * T * 3 * D,
    bLength: B * T * 3 * D,
    outLength: B * H * T * T,
  },
  {
    name: "P V into the heads' columns of a [B, T, d] output",
    p: {
      batch: B * H,
      m: T,
      k: TK,
      n: DK,
      bLayout: packed(TK, 2 * D, D),
      outLayout: packed(T, D, 0),
    },
    aLength: B * H * T * TK,
    bLength: B * TK * 2 * D,
    outLength: B * T * D,
  },
  {
    name: "P^T dOut (transA) into the v columns of an existing [B, T, 3d] gradient",
    p: {
      batch: B * H,
      m: TK,
      k: T,
      n: DK,
      transA: true,
      bLayout: packed(T, D, 0),
      outLayout: packed(TK, 3 * D, 2 * D),
    },
    aLength: B * H * T * TK,
    bLength: B * T * D,
    outLength: B * TK * 3 * D,
    into: true,
  },
  {
    name: "odd sizes, both transposed, offsets not multiples of 4 (scalar kernel)",
    p: {
      batch: 3,
      m: 5,
      k: 3,
      n: 6,
      transA: true,
      transB: true,
      aLayout: { offset: 1, rowStride: 7, batchStride: 23 },
      bLayout: { offset: 2, rowStride: 5, heads: 3, headStride: 31, batchStride: 0 },
    },
    aLength: 1 + 2 * 23 + 2 * 7 + 5,
    bLength: 2 + 2 * 31 + 5 * 5 + 3,
    outLength: 3 * 5 * 6,
  },
  {
    name: "linear x W^T + bias, relu (vec4_nt)",
    p: { batch: 1, m: 10, k: 8, n: 12, transB: true },
    aLength: 80,
    bLength: 96,
    outLength: 120,
    bias: true,
    relu: true,
  },
  {
    name: "linear x W^T + bias + residual, odd n (vec4_nt, scalar store)",
    p: { batch: 1, m: 9, k: 12, n: 7, transB: true },
    aLength: 108,
    bLength: 84,
    outLength: 63,
    bias: true,
    residual: true,
  },
  {
    name: "a weight window: rows 8..15 of a [24, 8] matrix and its bias (vec4_nt)",
    p: { batch: 1, m: 6, k: 8, n: 8, transB: true, bLayout: { offset: 64 } },
    aLength: 48,
    bLength: 192,
    outLength: 48,
    bias: true,
    biasOffset: 8,
  },
  {
    name: "a bias window at an offset that is not a multiple of 4 (vec4 loads, scalar stores)",
    p: { batch: 1, m: 8, k: 4, n: 8 },
    aLength: 32,
    bLength: 32,
    outLength: 64,
    bias: true,
    biasOffset: 3,
  },
  {
    name: "dY W masked by a relu output (vec4), plus a residual",
    p: { batch: 1, m: 12, k: 16, n: 8 },
    aLength: 192,
    bLength: 128,
    outLength: 96,
    reluMask: true,
    residual: true,
  },
  {
    name: "X^T dY (vec4_tn) with bias and relu",
    p: { batch: 1, m: 8, k: 20, n: 12, transA: true },
    aLength: 160,
    bLength: 240,
    outLength: 96,
    bias: true,
    relu: true,
  },
  {
    // m, n >= 16 and vec4-aligned: the "wide" variant's own kernel (16 x 16 blocks), with partial
    // blocks at both edges and more than one workgroup.
    name: "a linear layer with bias, relu and residual at wide-kernel sizes (vec4)",
    p: { batch: 1, m: 276, k: 12, n: 36 },
    aLength: 276 * 12,
    bLength: 12 * 36,
    outLength: 276 * 36,
    bias: true,
    biasOffset: 4,
    relu: true,
    residual: true,
  },
  {
    name: "batched wide products masked by a relu output into a strided, offset output",
    p: {
      batch: 2,
      m: 20,
      k: 8,
      n: 24,
      outLayout: { offset: 4, rowStride: 32, batchStride: 20 * 32 + 8 },
    },
    aLength: 2 * 20 * 8,
    bLength: 2 * 8 * 24,
    outLength: 4 + 2 * (20 * 32 + 8),
    reluMask: true,
    into: true,
  },
  {
    name: "odd sizes with every epilogue part (scalar kernel)",
    p: { batch: 2, m: 7, k: 5, n: 9 },
    aLength: 70,
    bLength: 90,
    outLength: 126,
    bias: true,
    relu: true,
    reluMask: true,
    residual: true,
  },
];

/** Inputs of a case: operands in [-1, 1), the relu mask with about a third <= 0. */
function inputsOf(c: Case, seed: number) {
  return {
    a: randomArray(c.aLength, seed),
    b: randomArray(c.bLength, seed + 1),
    bias: c.bias ? randomArray((c.biasOffset ?? 0) + c.p.n + 5, seed + 2) : undefined,
    reluMask: c.reluMask ? randomArray(c.outLength, seed + 3, -0.5, 1) : undefined,
    residual: c.residual ? randomArray(c.outLength, seed + 4) : undefined,
    into: c.into ? randomArray(c.outLength, seed + 5) : undefined,
  };
}

// deno-lint-ignore no-explicit-any
async function run(backend: any, c: Case, seed: number): Promise<Float32Array> {
  const x = inputsOf(c, seed);
  const up = (v?: Float32Array) => (v ? backend.upload(v) : undefined);
  const { aLayout, bLayout, outLayout, ...sizes } = c.p;
  const e: MatmulExtras = {
    aLayout,
    bLayout,
    outLayout,
    bias: up(x.bias),
    biasOffset: c.biasOffset,
    relu: c.relu,
    reluMask: up(x.reluMask),
    residual: up(x.residual),
    into: up(x.into),
  };
  const a = backend.upload(x.a);
  const b = backend.upload(x.b);
  const out = backend.matmul(a, b, sizes, e);
  if (e.into) assert.equal(out, e.into, "matmul with into returns the into storage");
  const result = await backend.read(out);
  for (const s of [a, b, out, e.bias, e.reluMask, e.residual]) if (s) backend.release(s);
  return result;
}

for (const [i, c] of CASES.entries()) {
  Deno.test(`matmul() on cpu equals the naive definition: ${c.name}`, async () => {
    const x = inputsOf(c, 10 * i);
    const expected = naive(c, x.a, x.b, x);
    const actual = await run(cpuBackend, c, 10 * i);
    assertClose(actual, expected, { rtol: 1e-5, atol: 1e-6, what: c.name });
  });

  for (const variant of MATMUL_VARIANTS) {
    Deno.test(`matmul() ${variant} equals the cpu backend: ${c.name}`, gpuTest, async () => {
      const gpu = webgpuOrThrow();
      const previous = setMatmulOverride(variant);
      try {
        const expected = await run(cpuBackend, c, 10 * i);
        const actual = await run(gpu, c, 10 * i);
        assertClose(actual, expected, { rtol: 1e-4, atol: 1e-5, what: `${variant}: ${c.name}` });
      } finally {
        setMatmulOverride(previous);
      }
    });
  }
}

/**
 * dQ, dK, dV of attention into one packed [B, T, 3d] gradient: the first product allocates it
 * (alloc, no fill), the three products write into it; together they cover every element.
 */
// deno-lint-ignore no-explicit-any
async function packedGradient(backend: any): Promise<Float32Array> {
  const ds = backend.upload(randomArray(B * H * T * T, 71)); // [B, h, T, T]
  const qkv = backend.upload(randomArray(B * T * 3 * D, 72)); // [B, T, 3d]
  const len = B * T * 3 * D;
  const dq = { batch: B * H, m: T, k: T, n: DK };
  const grad = backend.matmul(ds, qkv, dq, {
    bLayout: packed(T, 3 * D, D),
    outLayout: packed(T, 3 * D, 0),
    into: backend.alloc(len),
  });
  const dkv = { batch: B * H, m: T, k: T, n: DK, transA: true };
  for (const [from, to] of [[0, D], [2 * D, 2 * D]]) {
    backend.matmul(ds, qkv, dkv, {
      bLayout: packed(T, 3 * D, from),
      outLayout: packed(T, 3 * D, to),
      into: grad,
    });
  }
  const result = await backend.read(grad);
  for (const s of [ds, qkv, grad]) backend.release(s);
  return result;
}

Deno.test("matmul() into an alloc()ed buffer assembles a packed gradient on cpu", async () => {
  const ds = randomArray(B * H * T * T, 71);
  const qkv = randomArray(B * T * 3 * D, 72);
  const expected = new Float32Array(B * T * 3 * D);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < T; i++) {
        for (let c = 0; c < DK; c++) {
          // dQ = dS K, dK = dS^T Q, dV = dS^T V (the last is not attention's, but a third part)
          let q = 0, k = 0, v = 0;
          for (let j = 0; j < T; j++) {
            const row = (b * T + j) * 3 * D + h * DK + c;
            q += ds[((b * H + h) * T + i) * T + j] * qkv[row + D];
            k += ds[((b * H + h) * T + j) * T + i] * qkv[row];
            v += ds[((b * H + h) * T + j) * T + i] * qkv[row + 2 * D];
          }
          const at = (b * T + i) * 3 * D + h * DK + c;
          [expected[at], expected[at + D], expected[at + 2 * D]] = [q, k, v];
        }
      }
    }
  }
  assertClose(await packedGradient(cpuBackend), expected, { rtol: 1e-5, atol: 1e-6 });
});

Deno.test(
  "matmul() into an alloc()ed buffer assembles a packed gradient on webgpu",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    for (const variant of MATMUL_VARIANTS) {
      const previous = setMatmulOverride(variant);
      try {
        assertClose(await packedGradient(gpu), await packedGradient(cpuBackend), {
          rtol: 1e-4,
          atol: 1e-5,
          what: variant,
        });
      } finally {
        setMatmulOverride(previous);
      }
    }
  },
);

Deno.test("matmul() says when a layout reaches past its storage", () => {
  const a = cpuBackend.upload(new Float32Array(10));
  const b = cpuBackend.upload(new Float32Array(4));
  assert.throws(
    () => cpuBackend.matmul(a, b, { batch: 1, m: 2, k: 2, n: 2 }, { aLayout: { rowStride: 9 } }),
    /a's layout reaches element 10, but a has 10 elements/,
  );
  cpuBackend.release(a);
  cpuBackend.release(b);
});

Deno.test("matmul() says when a webgpu layout reaches past its buffer", gpuTest, () => {
  const gpu = webgpuOrThrow();
  const a = gpu.upload(new Float32Array(4));
  const b = gpu.upload(new Float32Array(10));
  assert.throws(
    () => gpu.matmul(a, b, { batch: 1, m: 2, k: 2, n: 2 }, { bLayout: { offset: 7 } }),
    /b's layout reaches element 10, but b has 10 elements/,
  );
  gpu.release(a);
  gpu.release(b);
});

/**
 * dW = dY^T X with rowSums (the bias gradient: dY's column sums): fused in vec4_tn, computed by
 * a second product elsewhere (odd sizes, no transpose, the tiled variant).
 */
const ROW_SUM_CASES: { name: string; p: MatmulParams; rows: number; cols: number }[] = [
  { name: "vec4_tn", p: { batch: 1, m: 12, k: 37, n: 8, transA: true }, rows: 37, cols: 12 },
  {
    // The wide kernel's own tn entry: several 16-row blocks, a partial one, several column blocks.
    name: "vec4_tn at wide-kernel sizes",
    p: { batch: 1, m: 52, k: 23, n: 40, transA: true },
    rows: 23,
    cols: 52,
  },
  {
    name: "vec4_tn, m not a multiple of 8",
    p: { batch: 1, m: 4, k: 9, n: 4, transA: true },
    rows: 9,
    cols: 4,
  },
  { name: "odd m (scalar)", p: { batch: 1, m: 7, k: 10, n: 5, transA: true }, rows: 10, cols: 7 },
  { name: "no transpose", p: { batch: 1, m: 6, k: 8, n: 4 }, rows: 6, cols: 8 },
];

/** [out, rowSums] of one case on a backend. */
// deno-lint-ignore no-explicit-any
async function withRowSums(backend: any, c: (typeof ROW_SUM_CASES)[number], seed: number) {
  const { m, k, n } = c.p;
  const a = backend.upload(randomArray(m * k, seed));
  const b = backend.upload(randomArray(k * n, seed + 1));
  const sums = backend.alloc(m);
  const out = backend.matmul(a, b, c.p, { rowSums: sums });
  const result = await Promise.all([backend.read(out), backend.read(sums)]);
  for (const s of [a, b, out, sums]) backend.release(s);
  return result;
}

for (const [i, c] of ROW_SUM_CASES.entries()) {
  Deno.test(`matmul() rowSums on cpu are the row sums of op(a): ${c.name}`, async () => {
    const a = randomArray(c.rows * c.cols, 50 + i);
    const expected = Array.from({ length: c.p.m }, (_, r) => {
      let s = 0;
      for (let q = 0; q < c.p.k; q++) s += c.p.transA ? a[q * c.p.m + r] : a[r * c.p.k + q];
      return s;
    });
    const [, sums] = await withRowSums(cpuBackend, c, 50 + i);
    assertClose(sums, expected, { rtol: 1e-5, atol: 1e-6 });
  });

  for (const variant of MATMUL_VARIANTS) {
    Deno.test(`matmul() ${variant} rowSums equal the cpu backend: ${c.name}`, gpuTest, async () => {
      const gpu = webgpuOrThrow();
      const previous = setMatmulOverride(variant);
      try {
        const [out, sums] = await withRowSums(gpu, c, 50 + i);
        const [outCpu, sumsCpu] = await withRowSums(cpuBackend, c, 50 + i);
        assertClose(out, outCpu, { rtol: 1e-4, atol: 1e-5, what: "product" });
        assertClose(sums, sumsCpu, { rtol: 1e-4, atol: 1e-5, what: "row sums" });
      } finally {
        setMatmulOverride(previous);
      }
    });
  }
}

Deno.test("matmul() rowSums need batch 1 and m elements", () => {
  const a = cpuBackend.upload(new Float32Array(8));
  const sums = cpuBackend.alloc(3);
  const p = { batch: 2, m: 2, k: 2, n: 2 };
  assert.throws(() => cpuBackend.matmul(a, a, p, { rowSums: sums }), /rowSums needs batch 1/);
  assert.throws(
    () => cpuBackend.matmul(a, a, { batch: 1, m: 2, k: 4, n: 2 }, { rowSums: sums }),
    /rowSums has 3 elements, expected 2/,
  );
  for (const s of [a, sums]) cpuBackend.release(s);
});
