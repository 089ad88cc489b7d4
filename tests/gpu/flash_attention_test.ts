/**
 * Backend.flashAttention (kernels/flash_attention.wgsl, src/engine/cpu/flash_attention.ts)
 * against the attention primitive's output and an independent float64 log-sum-exp, on cpu and
 * webgpu: self- and cross-attention, sizes that are not multiples of the kernel's 4 x 8 tile,
 * unaligned heads (padded on the host), causal and padding masks, fully masked rows, rows long
 * enough to be split over dispatches; and that no [tq, tk] buffer is ever allocated.
 */
import assert from "node:assert/strict";
import type { AttentionParams, Backend } from "../../src/engine/backend/contract.ts";
import type { GpuBuffer } from "../../src/engine/webgpu/runtime.ts";
import { keysPerDispatch } from "../../src/engine/webgpu/kernels/flash_attention.ts";
import { assertClose } from "../support/assert_close.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, testOnBackends, webgpuOrThrow } from "../support/gpu.ts";

const tol = { rtol: 1e-4, atol: 1e-5 };

/** A case: q from a source [B, tq, qStride], k and v from one [B, tk, kvStride]. */
interface Case {
  name: string;
  p: AttentionParams;
  q: Float32Array;
  kv: Float32Array;
  mask: Float32Array | null;
}

function makeCase(
  name: string,
  sizes: { batch: number; heads: number; tq: number; tk: number; dk: number },
  options: {
    causal?: boolean;
    causalOffset?: number;
    /** Keys row b keeps (key padding, mask [B, 1, tk]). */
    keep?: (b: number) => number;
    /** Per-query masks [1, tq, tk]: key j hidden from query t when hide(t, j). */
    hide?: (t: number, j: number) => boolean;
    /** Extra columns around the heads in the sources (unaligned strides and offsets). */
    pad?: number;
  } = {},
): Case {
  const { batch, heads, tq, tk, dk } = sizes;
  const d = heads * dk;
  const pad = options.pad ?? 0;
  const p: AttentionParams = {
    ...sizes,
    qStride: d + pad,
    qOffset: pad,
    kvStride: 2 * d + pad,
    kOffset: pad,
    vOffset: pad + d,
    scale: 1 / Math.sqrt(dk),
    causal: options.causal ?? false,
    causalOffset: options.causalOffset ?? 0,
  };
  let mask: Float32Array | null = null;
  if (options.keep) {
    mask = new Float32Array(batch * tk);
    for (let b = 0; b < batch; b++) mask.fill(-Infinity, b * tk + options.keep(b), (b + 1) * tk);
    p.maskGroups = batch;
    p.maskRows = 1;
  } else if (options.hide) {
    mask = new Float32Array(tq * tk);
    for (let t = 0; t < tq; t++) {
      for (let j = 0; j < tk; j++) mask[t * tk + j] = options.hide(t, j) ? -Infinity : 0.25;
    }
    p.maskGroups = 1;
    p.maskRows = tq;
  }
  const seed = batch * 1000 + tq * 31 + tk * 7 + dk;
  return {
    name,
    p,
    q: randomArray(batch * tq * p.qStride, seed, -2, 2),
    kv: randomArray(batch * tk * p.kvStride, seed + 1, -2, 2),
    mask,
  };
}

const CASES: Case[] = [
  makeCase("self, dk 3, causal and key padding", { batch: 2, heads: 2, tq: 5, tk: 5, dk: 3 }, {
    causal: true,
    keep: (b) => 5 - 2 * b,
  }),
  makeCase("cross, tq 17 != tk 29", { batch: 1, heads: 4, tq: 17, tk: 29, dk: 16 }),
  makeCase("cross, one query, unaligned strides", { batch: 3, heads: 1, tq: 1, tk: 13, dk: 8 }, {
    pad: 1,
    keep: (b) => 13 - b,
  }),
  makeCase("self, 70 rows, causal", { batch: 2, heads: 2, tq: 70, tk: 70, dk: 16 }, {
    causal: true,
  }),
  makeCase("decoder queries at positions 5..8", { batch: 1, heads: 2, tq: 4, tk: 9, dk: 4 }, {
    causal: true,
    causalOffset: 5,
  }),
  makeCase("per-query masks, dk 5", { batch: 1, heads: 1, tq: 9, tk: 300, dk: 5 }, {
    hide: (t, j) => (t * 7 + j) % 3 === 0,
  }),
  makeCase(
    "causal offset -2: rows 0 and 1 see no key",
    { batch: 1, heads: 1, tq: 6, tk: 6, dk: 8 },
    {
      causal: true,
      causalOffset: -2,
    },
  ),
];

/** Runs fn on a backend with the case's inputs uploaded; reads and releases everything. */
async function onBackend(
  backend: Backend,
  c: Case,
  fn: (q: unknown, kv: unknown, mask: unknown) => unknown[],
): Promise<Float32Array[]> {
  const inputs = [backend.upload(c.q), backend.upload(c.kv)];
  if (c.mask) inputs.push(backend.upload(c.mask));
  const outputs = fn(inputs[0], inputs[1], c.mask ? inputs[2] : null);
  const read = await Promise.all(outputs.map((s) => backend.read(s)));
  for (const s of [...outputs, ...inputs]) backend.release(s);
  return read;
}

/** log sum_j exp(z_j) over the visible keys of every (b, h, t) row, in float64. */
function referenceLse(c: Case): Float64Array {
  const { batch, heads, tq, tk, dk } = c.p;
  const lse = new Float64Array(batch * heads * tq);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let t = 0; t < tq; t++) {
        const visible = c.p.causal ? Math.min(tk, Math.max(0, t + c.p.causalOffset! + 1)) : tk;
        const zs: number[] = [];
        for (let j = 0; j < visible; j++) {
          let z = 0;
          for (let k = 0; k < dk; k++) {
            z += c.q[(b * tq + t) * c.p.qStride + c.p.qOffset + h * dk + k] *
              c.kv[(b * tk + j) * c.p.kvStride + c.p.kOffset + h * dk + k];
          }
          z *= c.p.scale;
          if (c.mask) {
            const m = c.p.maskRows === 1 ? c.mask[b * tk + j] : c.mask[t * tk + j];
            if (m === -Infinity) continue;
            z += m;
          }
          zs.push(z);
        }
        const max = Math.max(...zs);
        lse[(b * heads + h) * tq + t] = zs.length
          ? max + Math.log(zs.reduce((s, z) => s + Math.exp(z - max), 0))
          : -Infinity;
      }
    }
  }
  return lse;
}

testOnBackends(
  "flashAttention() equals attention()'s output and the float64 log-sum-exp",
  async (backend) => {
    for (const c of CASES) {
      const [expectedOut] = await onBackend(
        cpuBackend,
        c,
        (
          q,
          kv,
          mask,
        ) => [
          cpuBackend.attention(
            q as Float32Array,
            kv as Float32Array,
            mask as Float32Array | null,
            c.p,
          ).out,
        ],
      );
      const expectedLse = referenceLse(c);
      const [out, lse] = await onBackend(backend, c, (q, kv, mask) => {
        const r = backend.flashAttention(q, kv, mask, c.p);
        return [r.out, r.lse];
      });
      const what = `${c.name} on ${backend.name}`;
      assertClose(out, expectedOut, { ...tol, what: `${what}: out` });
      assertClose(lse, expectedLse, { ...tol, what: `${what}: lse` });
    }
  },
);

testOnBackends(
  "flashAttention() gives a fully masked row out 0 and lse -Infinity, as attention() gives 0",
  async (backend) => {
    const c = makeCase("row 1 fully masked", { batch: 2, heads: 2, tq: 3, tk: 10, dk: 4 }, {
      keep: (b) => (b === 1 ? 0 : 10),
    });
    const [out, lse, fusedOut, fusedWeights] = await onBackend(backend, c, (q, kv, mask) => {
      const r = backend.flashAttention(q, kv, mask, c.p);
      const fused = backend.attention(q, kv, mask, c.p);
      return [r.out, r.lse, fused.out, fused.weights];
    });
    const rowLength = 3 * 2 * 4; // tq * heads * dk
    assert.ok(out.subarray(rowLength).every((v) => v === 0), `${backend.name}: out of batch 1`);
    assert.ok(out.subarray(0, rowLength).some((v) => v !== 0), `${backend.name}: batch 0`);
    assert.deepEqual([...lse.subarray(6)], Array(6).fill(-Infinity), `${backend.name}: lse`);
    assert.ok(lse.subarray(0, 6).every(Number.isFinite));
    // attention(): the same zero output, and zero weights.
    assert.ok(fusedOut.subarray(rowLength).every((v) => v === 0), `${backend.name}: fused`);
    assert.ok(
      fusedWeights.subarray(2 * 3 * 10).every((v) => v === 0),
      `${backend.name}: weights`,
    );
  },
);

Deno.test(
  "flashAttention() and attention() are right at tk * dk = 32768, where the first fused kernel was not",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    // Issue #7: llvmpipe stops an invocation after 65535 loop iterations; the first fused kernel
    // looped ~2 * tk * dk times per row and returned a wrong output from here on.
    const c = makeCase("n 512, dk 64", { batch: 1, heads: 1, tq: 512, tk: 512, dk: 64 });
    const expected = await onBackend(cpuBackend, c, (q, kv) => {
      const r = cpuBackend.attention(q as Float32Array, kv as Float32Array, null, c.p);
      return [r.out, r.weights];
    });
    const got = await onBackend(gpu, c, (q, kv) => {
      const fused = gpu.attention(q as GpuBuffer, kv as GpuBuffer, null, c.p);
      return [
        gpu.flashAttention(q as GpuBuffer, kv as GpuBuffer, null, c.p).out,
        fused.out,
        fused.weights,
      ];
    });
    assertClose(got[0], expected[0], { ...tol, what: "flash out" });
    assertClose(got[1], expected[0], { ...tol, what: "fused out" });
    assertClose(got[2], expected[1], { ...tol, what: "fused weights" });
  },
);

Deno.test(
  "flashAttention() and attention() split rows longer than one dispatch's keys",
  gpuTest,
  async () => {
    const gpu = webgpuOrThrow();
    const dk = 64;
    // Four dispatches, the last one of 5 keys. ~20000 keys in one dispatch would pass llvmpipe's
    // 65535 loop iterations (measured: the output is then wrong).
    const tk = 3 * keysPerDispatch(dk) + 5;
    const c = makeCase("four chunks", { batch: 1, heads: 2, tq: 6, tk, dk }, {
      causal: true,
      causalOffset: tk - 6,
      keep: () => tk - 3,
    });
    const expected = await onBackend(cpuBackend, c, (q, kv, mask) => {
      const r = cpuBackend.attention(
        q as Float32Array,
        kv as Float32Array,
        mask as Float32Array,
        c.p,
      );
      return [r.out, r.weights];
    });
    let dispatches = 0;
    const [out, fusedOut, weights] = await onBackend(gpu, c, (q, kv, mask) => {
      const [qb, kvb, maskb] = [q, kv, mask] as GpuBuffer[];
      const before = gpu.stats.dispatches;
      const r = gpu.flashAttention(qb, kvb, maskb, c.p);
      dispatches = gpu.stats.dispatches - before;
      gpu.release(r.lse);
      // The fused primitive over several dispatches: scores, then the attention_weights pass.
      const fused = gpu.attention(qb, kvb, maskb, c.p);
      return [r.out, fused.out, fused.weights];
    });
    assert.equal(dispatches, 4, "one dispatch per chunk of keys");
    assertClose(out, expected[0], { ...tol, what: "flash out over four chunks" });
    assertClose(fusedOut, expected[0], { ...tol, what: "fused out over four chunks" });
    assertClose(weights, expected[1], { ...tol, what: "fused weights over four chunks" });
  },
);

const n256 = makeCase("n 256", { batch: 1, heads: 2, tq: 256, tk: 256, dk: 8 });

Deno.test("flashAttention() on cpu allocates exactly out and lse", async () => {
  const c = n256;
  await onBackend(cpuBackend, c, (q, kv) => {
    const before = cpuBackend.stats.liveBytes;
    const r = cpuBackend.flashAttention(q as Float32Array, kv as Float32Array, null, c.p);
    assert.equal(cpuBackend.stats.liveBytes - before, (256 * 16 + 2 * 256) * 4);
    return [r.out, r.lse];
  });
});

Deno.test(
  "flashAttention() on webgpu allocates no [tq, tk] buffer, attention() one",
  gpuTest,
  async () => {
    const c = n256;
    const square = 2 * 256 * 256; // heads * tq * tk
    const gpu = webgpuOrThrow();
    // Every buffer the runtime hands out while the primitive records, by length.
    const lengths = <T>(fn: () => T) => {
      const seen: number[] = [];
      const alloc = gpu.rt.alloc.bind(gpu.rt);
      gpu.rt.alloc = (n: number) => (seen.push(n), alloc(n));
      try {
        const r = fn();
        return { r, seen };
      } finally {
        gpu.rt.alloc = alloc;
      }
    };
    await onBackend(gpu, c, (q, kv) => {
      const flash = lengths(() => gpu.flashAttention(q as GpuBuffer, kv as GpuBuffer, null, c.p));
      assert.ok(Math.max(...flash.seen) < square / 8, `flash allocated ${flash.seen}`);
      const fused = lengths(() => gpu.attention(q as GpuBuffer, kv as GpuBuffer, null, c.p));
      assert.equal(fused.seen.filter((n) => n >= square).length, 1, "fused: the weights");
      return [flash.r.out, flash.r.lse, fused.r.out, fused.r.weights];
    });
  },
);

testOnBackends("flashAttention() refuses columns outside the row stride", (backend) => {
  const c = makeCase("small", { batch: 1, heads: 1, tq: 2, tk: 2, dk: 2 });
  const q = backend.upload(c.q);
  const kv = backend.upload(c.kv);
  assert.throws(
    () => backend.flashAttention(q, kv, null, { ...c.p, vOffset: 3 }),
    /flashAttention: expected q, k and v columns .* within their row strides/,
  );
  backend.release(q);
  backend.release(kv);
});
