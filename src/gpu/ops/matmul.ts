/**
 * Batched matrix product on WebGPU, in two kernel variants:
 * - "blocked" (kernels/matmul_blocked.wgsl): 8 x 8 outputs per invocation in registers, no
 *   workgroup memory; a vec4 entry point when nothing is transposed and k, n are multiples of 4.
 *   The fast one on llvmpipe (CPU SIMD lanes, expensive barriers).
 * - "tiled" (kernels/matmul_tiled.wgsl): 16 x 16 shared-memory tiles with barriers, the
 *   textbook kernel for real GPUs.
 * Which one runs is decided per adapter and shape class by src/gpu/matmul_tuning.ts.
 */

import type { MatmulParams } from "../../tensor/backend.ts";
import {
  defaultMatmulVariant,
  type MatmulRecorder,
  type MatmulTuning,
  type MatmulVariant,
  matmulVariantFor,
  runMatmulTuning,
  type TuneOptions,
} from "../matmul_tuning.ts";
import { Params } from "../params.ts";
import { type GpuBuffer, type GpuRuntime, type KernelSpec, workgroupGrid } from "../runtime.ts";

export type { MatmulTuning, MatmulVariant };

/** Invocations per workgroup of the blocked kernel, and how many of them lie along n. */
const BLOCKED_WG = 64;
const BLOCKED_WG_N = 8;
/** Outputs per invocation of the blocked kernel (the kernel's TM x TN). */
const BLOCK = 8;
/** Tile edge of the tiled kernel (its workgroup is TILE x TILE). */
const TILE = 16;

function checkDims(p: MatmulParams): void {
  for (const name of ["batch", "m", "k", "n"] as const) {
    const v = p[name];
    if (!Number.isInteger(v) || v < 0) {
      throw new Error(`matmul: ${name} must be a non-negative integer, got ${v}`);
    }
  }
}

function checkLength(name: string, b: GpuBuffer, expected: number, layout: string): void {
  if (b.length !== expected) {
    throw new Error(
      `matmul: expected ${name} to hold ${layout} = ${expected} elements, got ${b.length}`,
    );
  }
}

/**
 * The blocked kernel's entry point: a vec4 one when the rows it reads are whole vec4s (see
 * kernels/matmul_blocked.wgsl), else the scalar one that handles anything.
 */
function blockedEntry(p: MatmulParams): string {
  const { m, k, n } = p;
  if (!p.transA && !p.transB && k % 4 === 0 && n % 4 === 0) return "matmul_blocked_vec4";
  if (!p.transA && p.transB && k % 4 === 0) return "matmul_blocked_vec4_nt";
  if (p.transA && !p.transB && m % 4 === 0 && n % 4 === 0) return "matmul_blocked_vec4_tn";
  return "matmul_blocked";
}

/**
 * How the blocked kernel maps invocations to 8 x 8 blocks: 2-D workgroup tiles (cache reuse
 * for large matrices) unless they would leave more than half the invocations idle, as for
 * per-head attention products; then invocations walk all blocks in order (FLAT_BLOCKS).
 */
function blockedLayout(
  p: MatmulParams,
): { flat: boolean; gridM: number; gridN: number; groups: number } {
  const blocksM = Math.ceil(p.m / BLOCK);
  const blocksN = Math.ceil(p.n / BLOCK);
  const tilesM = Math.ceil(blocksM / (BLOCKED_WG / BLOCKED_WG_N));
  const tilesN = Math.ceil(blocksN / BLOCKED_WG_N);
  const tiledGroups = tilesM * tilesN * p.batch;
  const flatGroups = Math.ceil((blocksM * blocksN * p.batch) / BLOCKED_WG);
  return 2 * flatGroups < tiledGroups
    ? { flat: true, gridM: blocksM, gridN: blocksN, groups: flatGroups }
    : { flat: false, gridM: tilesM, gridN: tilesN, groups: tiledGroups };
}

/** The kernel, its workgroup grid and its params for one product in one variant. */
function plan(p: MatmulParams, variant: MatmulVariant): {
  spec: KernelSpec;
  params: Params;
  workgroups: [number, number, number];
} {
  const { batch, m, k, n } = p;
  const transposes = { TRANS_A: p.transA ? 1 : 0, TRANS_B: p.transB ? 1 : 0 };
  let spec: KernelSpec;
  let layout: { gridM: number; gridN: number; groups: number };
  if (variant === "tiled") {
    const gridM = Math.ceil(m / TILE);
    const gridN = Math.ceil(n / TILE);
    layout = { gridM, gridN, groups: gridM * gridN * batch };
    spec = {
      file: "matmul_tiled",
      entry: "matmul_tiled",
      inputs: 2,
      outputs: 1,
      constants: transposes,
    };
  } else {
    const blocked = blockedLayout(p);
    layout = blocked;
    const entry = blockedEntry(p);
    spec = {
      file: "matmul_blocked",
      entry,
      inputs: 2,
      outputs: 1,
      constants: {
        WG: BLOCKED_WG,
        WG_N: BLOCKED_WG_N,
        FLAT_BLOCKS: blocked.flat ? 1 : 0,
        ...(entry === "matmul_blocked" ? transposes : {}),
      },
    };
  }
  const params = new Params()
    .u32(batch)
    .u32(m)
    .u32(k)
    .u32(n)
    .u32(p.broadcastA ? 0 : m * k)
    .u32(p.broadcastB ? 0 : k * n)
    .u32(layout.gridM)
    .u32(layout.gridN);
  return { spec, params, workgroups: workgroupGrid(layout.groups) };
}

/**
 * Records out = op(a) @ op(b) with the given kernel variant (tests, benchmarks and the tuning
 * pass force one; everyone else calls `matmul`). Shapes as MatmulParams documents.
 */
export function matmulWithVariant(
  rt: GpuRuntime,
  a: GpuBuffer,
  b: GpuBuffer,
  p: MatmulParams,
  variant: MatmulVariant,
): GpuBuffer {
  checkDims(p);
  const { batch, m, k, n } = p;
  checkLength(
    "a",
    a,
    (p.broadcastA ? 1 : batch) * m * k,
    `${p.broadcastA ? "" : `batch ${batch} x `}${p.transA ? `k ${k} x m ${m}` : `m ${m} x k ${k}`}`,
  );
  checkLength(
    "b",
    b,
    (p.broadcastB ? 1 : batch) * k * n,
    `${p.broadcastB ? "" : `batch ${batch} x `}${p.transB ? `n ${n} x k ${k}` : `k ${k} x n ${n}`}`,
  );
  const out = rt.alloc(batch * m * n); // [batch, m, n]
  if (out.length === 0) return out;
  // An empty operand (k = 0) cannot be bound; the kernels never read it then, and write zeros.
  const spare = k === 0 ? rt.alloc(4) : null;
  const { spec, params, workgroups } = plan(p, variant);
  rt.dispatch(spec, {
    params,
    inputs: [spare ?? a, spare ?? b],
    outputs: [out],
    workgroups,
  });
  if (spare) rt.release(spare);
  return out;
}

/**
 * out[b] = op(a[b]) @ op(b[b]) (+ nothing), out [batch, m, n]; see MatmulParams. The kernel
 * variant comes from the adapter's tuning (or ATTN_MATMUL / setMatmulOverride).
 */
export function matmul(rt: GpuRuntime, a: GpuBuffer, b: GpuBuffer, p: MatmulParams): GpuBuffer {
  return matmulWithVariant(rt, a, b, p, matmulVariantFor(rt.adapterName, p));
}

const recorder: MatmulRecorder = matmulWithVariant;

/**
 * Times the variants on this adapter once (a quick pass, one GPU round trip with timestamps)
 * and remembers the per-shape-class choice in the attn state dir; later calls and later
 * processes reuse it. Call after opening the runtime; until it resolves, matmul uses the
 * per-adapter default table.
 */
export function tuneMatmul(rt: GpuRuntime, options: TuneOptions = {}): Promise<MatmulTuning> {
  return runMatmulTuning(rt, recorder, options);
}

export { defaultMatmulVariant };
