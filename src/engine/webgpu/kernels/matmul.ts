/**
 * Batched matrix product on WebGPU, in two kernel variants:
 * - "blocked" (kernels/matmul_blocked.wgsl): 8 x 8 outputs per invocation in registers, no
 *   workgroup memory; a vec4 entry point when nothing is transposed and k, n are multiples of 4.
 *   The fast one on llvmpipe (CPU SIMD lanes, expensive barriers).
 * - "tiled" (kernels/matmul_tiled.wgsl): 16 x 16 shared-memory tiles with barriers, the
 *   textbook kernel for real GPUs.
 * - "wide" (kernels/matmul_wide.wgsl): 16 x 16 outputs per invocation, with vec4 loads and stores
 *   (A @ B, A @ B^T, A^T @ B with the fused row sums): fewer loads per multiply-add, which is what
 *   costs on llvmpipe (docs/LLVMPIPE.md); other layouts and outputs under 16 x 16 run
 *   matmul_blocked.
 * Which one runs is decided per adapter and shape class by src/engine/webgpu/matmul_tuning.ts.
 * Both read strided operand layouts (MatrixLayout) and apply the same epilogue (MatmulExtras:
 * bias, relu, relu mask, residual, writing into an existing buffer) in their store. The row sums
 * of op(A) (a bias gradient) ride in the vec4_tn entries, else take a second product.
 */

import type { MatmulExtras, MatmulParams } from "../../backend/contract.ts";
import { type Strides, stridesOf } from "../../backend/matrix_layout.ts";
import {
  defaultMatmulVariant,
  type MatmulRecorder,
  type MatmulTuning,
  type MatmulVariant,
  matmulVariantFor,
  runMatmulTuning,
  type TuneOptions,
} from "../matmul_tuning.ts";
import {
  type GpuBuffer,
  type GpuRuntime,
  type KernelSpec,
  type ParamValues,
  workgroupGrid,
} from "../runtime.ts";
import { full } from "./elementwise.ts";

export type { MatmulTuning, MatmulVariant };

/** Invocations per workgroup of the blocked kernel (at most), and how many of them lie along n. */
const BLOCKED_WG = 64;
const BLOCKED_WG_N = 8;
/** Workgroups a blocked product should have at least, so the cores share it (blockedLayout). */
const MIN_GROUPS = 6;
/** The smallest blocked workgroup: two 8-wide SIMD rows of llvmpipe. */
const MIN_WG = 16;
/** Outputs per invocation of the blocked kernel (the kernel's TM x TN). */
const BLOCK = 8;
/** Bindings 1..5 of both kernels: a, b, then the epilogue's bias, residual and relu mask. */
const MATMUL_INPUTS = 5;
/** Tile edge of the tiled kernel (its workgroup is TILE x TILE). */
const TILE = 16;
/** Outputs per invocation of the wide kernel along m and n (its TM = TN). */
const WIDE_BLOCK = 16;

/** True when every start and stride of a layout is a whole number of vec4s. */
function vec4Aligned(st: Strides): boolean {
  return [st.offset, st.rowStride, st.headStride, st.batchStride].every((v) => v % 4 === 0);
}

/** Resolved strides of a, b and out. */
interface Layouts {
  a: Strides;
  b: Strides;
  out: Strides;
}

/**
 * The blocked kernel's entry point: a vec4 one when the rows it reads (and, but for vec4_nt,
 * writes) are whole vec4s (see kernels/matmul_blocked.wgsl), else the scalar one that handles
 * anything.
 */
function blockedEntry(p: MatmulParams, l: Layouts, biasOffset: number): string {
  const { m, k, n } = p;
  const inputs4 = vec4Aligned(l.a) && vec4Aligned(l.b);
  const all4 = inputs4 && vec4Aligned(l.out) && biasOffset % 4 === 0;
  if (!p.transA && !p.transB && k % 4 === 0 && n % 4 === 0 && all4) return "matmul_blocked_vec4";
  if (!p.transA && p.transB && k % 4 === 0 && inputs4) return "matmul_blocked_vec4_nt";
  if (p.transA && !p.transB && m % 4 === 0 && n % 4 === 0 && all4) return "matmul_blocked_vec4_tn";
  return "matmul_blocked";
}

/** The epilogue's override constants (only those set, so plain products keep their pipeline). */
function epilogueConstants(e: MatmulExtras<GpuBuffer>, rowSums: boolean): Record<string, number> {
  const c: Record<string, number> = {};
  if (rowSums) c.ROW_SUMS = 1;
  if (e.bias) c.BIAS = 1;
  if (e.relu) c.RELU = 1;
  if (e.reluMask) c.RELU_MASK = 1;
  if (e.residual) c.RESIDUAL = 1;
  return c;
}

/**
 * How the blocked kernel maps invocations to 8 x 8 blocks: 2-D workgroup tiles (cache reuse
 * for large matrices) unless they would leave more than half the invocations idle, as for
 * per-head attention products; then invocations walk all blocks in order (FLAT_BLOCKS).
 *
 * A small output in 64-invocation workgroups may be only a few workgroups, and llvmpipe runs a
 * workgroup on one core: a weight gradient [64, 64] = dY^T X over 768 rows was one workgroup
 * (one of two cores busy). Such products take smaller workgroups (down to MIN_WG) until there
 * are at least MIN_GROUPS. Measured on llvmpipe (2 cores), dW [64, 64]: 1 workgroup 0.43 ms,
 * 4: 0.25 ms; dW [192, 64]: 3 workgroups 0.86 ms, 6: 0.70 ms; 16-invocation workgroups cost
 * the same CPU time per FLOP as 64-invocation ones.
 */
function blockedLayout(
  p: MatmulParams,
): { flat: boolean; gridM: number; gridN: number; groups: number; wg: number } {
  const blocksM = Math.ceil(p.m / BLOCK);
  const blocksN = Math.ceil(p.n / BLOCK);
  let layout = null;
  for (let wg = BLOCKED_WG; wg >= MIN_WG; wg /= 2) {
    const tilesM = Math.ceil(blocksM / (wg / BLOCKED_WG_N));
    const tilesN = Math.ceil(blocksN / BLOCKED_WG_N);
    const tiledGroups = tilesM * tilesN * p.batch;
    const flatGroups = Math.ceil((blocksM * blocksN * p.batch) / wg);
    layout = 2 * flatGroups < tiledGroups
      ? { flat: true, gridM: blocksM, gridN: blocksN, groups: flatGroups, wg }
      : { flat: false, gridM: tilesM, gridN: tilesN, groups: tiledGroups, wg };
    if (layout.groups >= MIN_GROUPS) break;
  }
  return layout!;
}

/**
 * The wide kernel's workgroups: WG_N invocations along n (at most 8, fewer for narrow outputs so
 * lanes are not left idle), and workgroups of 64 invocations, halved down to MIN_WG until there
 * are MIN_GROUPS of them (both cores busy), as blockedLayout does.
 */
function wideLayout(
  p: MatmulParams,
): { gridM: number; gridN: number; groups: number; wg: number; wgN: number } {
  const blocksM = Math.ceil(p.m / WIDE_BLOCK);
  const blocksN = Math.ceil(p.n / WIDE_BLOCK);
  let wgN = 1;
  while (wgN < BLOCKED_WG_N && wgN < blocksN) wgN *= 2;
  let layout = null;
  for (let wg = BLOCKED_WG; wg >= MIN_WG; wg /= 2) {
    const gridM = Math.ceil(blocksM / (wg / wgN));
    const gridN = Math.ceil(blocksN / wgN);
    layout = { gridM, gridN, groups: gridM * gridN * p.batch, wg, wgN };
    if (layout.groups >= MIN_GROUPS) break;
  }
  return layout!;
}

/**
 * The wide kernel's entry point for this product, or null when the "wide" variant runs
 * matmul_blocked instead: the wide entries need the vec4 stores (all of out, bias aligned, n a
 * multiple of 4) and at least one 16 x 16 block of output.
 */
function wideEntry(p: MatmulParams, l: Layouts, biasOffset: number): string | null {
  const stores4 = vec4Aligned(l.out) && biasOffset % 4 === 0 && p.n % 4 === 0;
  if (!stores4 || p.m < WIDE_BLOCK || p.n < WIDE_BLOCK) return null;
  const blocked = blockedEntry(p, l, biasOffset);
  return blocked === "matmul_blocked" ? null : blocked.replace("matmul_blocked", "matmul_wide");
}

/** The wide kernel's spec and grid for a product it takes (entry from wideEntry). */
function widePlan(p: MatmulParams, entry: string, e: MatmulExtras<GpuBuffer>) {
  const layout = wideLayout(p);
  // vec4_tn has a second output, the row sums of op(A) (bound to scratch without them).
  const tn = entry === "matmul_wide_vec4_tn";
  const rowSums = tn && !!e.rowSums;
  const spec: KernelSpec = {
    file: "matmul_wide",
    entry,
    inputs: MATMUL_INPUTS,
    outputs: tn ? 2 : 1,
    constants: { WG: layout.wg, WG_N: layout.wgN, ...epilogueConstants(e, rowSums) },
  };
  return { spec, layout, rowSums };
}

/**
 * The kernel, its workgroup grid and its params for one product in one variant; `rowSums` says
 * whether the kernel also writes e.rowSums (matmul_blocked_vec4_tn), else the caller must.
 */
function plan(p: MatmulParams, variant: MatmulVariant, l: Layouts, e: MatmulExtras<GpuBuffer>): {
  spec: KernelSpec;
  params: ParamValues;
  workgroups: [number, number, number];
  rowSums: boolean;
} {
  const { batch, m, k, n } = p;
  const transposes = { TRANS_A: p.transA ? 1 : 0, TRANS_B: p.transB ? 1 : 0 };
  let rowSums = false;
  let spec: KernelSpec;
  let layout: { gridM: number; gridN: number; groups: number };
  const wide = variant === "wide" ? wideEntry(p, l, e.biasOffset ?? 0) : null;
  if (wide) {
    ({ spec, layout, rowSums } = widePlan(p, wide, e));
  } else if (variant === "tiled") {
    const gridM = Math.ceil(m / TILE);
    const gridN = Math.ceil(n / TILE);
    layout = { gridM, gridN, groups: gridM * gridN * batch };
    spec = {
      file: "matmul_tiled",
      entry: "matmul_tiled",
      inputs: MATMUL_INPUTS,
      outputs: 1,
      constants: { ...transposes, ...epilogueConstants(e, false) },
    };
  } else {
    const blocked = blockedLayout(p);
    layout = blocked;
    const entry = blockedEntry(p, l, e.biasOffset ?? 0);
    // vec4_tn has a second output, the row sums of op(A) (bound to scratch without them).
    const tn = entry === "matmul_blocked_vec4_tn";
    rowSums = tn && !!e.rowSums;
    spec = {
      file: "matmul_blocked",
      entry,
      inputs: MATMUL_INPUTS,
      outputs: tn ? 2 : 1,
      constants: {
        WG: blocked.wg,
        WG_N: BLOCKED_WG_N,
        FLAT_BLOCKS: blocked.flat ? 1 : 0,
        ...(entry === "matmul_blocked" ? transposes : {}),
        ...epilogueConstants(e, rowSums),
      },
    };
  }
  const params = {
    batch,
    m,
    k,
    n,
    a_batch_stride: l.a.batchStride,
    b_batch_stride: l.b.batchStride,
    tiles_m: layout.gridM,
    tiles_n: layout.gridN,
    a_offset: l.a.offset,
    a_ld: l.a.rowStride,
    a_heads: l.a.heads,
    a_head_stride: l.a.headStride,
    b_offset: l.b.offset,
    b_ld: l.b.rowStride,
    b_heads: l.b.heads,
    b_head_stride: l.b.headStride,
    out_offset: l.out.offset,
    out_ld: l.out.rowStride,
    out_heads: l.out.heads,
    out_head_stride: l.out.headStride,
    out_batch_stride: l.out.batchStride,
    bias_offset: e.biasOffset ?? 0,
  };
  return { spec, params, workgroups: workgroupGrid(layout.groups), rowSums };
}

/**
 * Records out = op(a) @ op(b) (through the epilogue) with the given kernel variant (tests,
 * benchmarks and the tuning pass force one; everyone else calls `matmul`). Shapes and layouts
 * as MatmulParams documents; returns the output buffer (extras.into when given).
 */
export function matmulWithVariant(
  rt: GpuRuntime,
  a: GpuBuffer,
  b: GpuBuffer,
  p: MatmulParams,
  variant: MatmulVariant,
  extras: MatmulExtras<GpuBuffer> = {},
): GpuBuffer {
  const { batch, m, k, n } = p;
  const layouts: Layouts = {
    a: stridesOf(extras.aLayout, {
      rows: p.transA ? k : m,
      cols: p.transA ? m : k,
      broadcast: !!p.broadcastA,
    }),
    b: stridesOf(extras.bLayout, {
      rows: p.transB ? n : k,
      cols: p.transB ? k : n,
      broadcast: !!p.broadcastB,
    }),
    out: stridesOf(extras.outLayout, { rows: m, cols: n, broadcast: false }),
  };
  const out = extras.into ?? rt.alloc(batch * m * n); // [batch, m, n]
  const rowSums = extras.rowSums;
  let rowSumsDone = false;
  if (batch * m * n > 0) {
    // An empty operand (k = 0) cannot be bound; the kernels never read it then, and write zeros
    // (through the epilogue).
    const spare = k === 0 ? rt.alloc(4) : null;
    const planned = plan(p, variant, layouts, extras);
    const any = spare ?? a; // bound where the epilogue reads nothing
    const scratch = planned.spec.outputs === 2 && !planned.rowSums ? rt.alloc(4) : null;
    rt.dispatch(planned.spec, {
      params: planned.params,
      inputs: [
        spare ?? a,
        spare ?? b,
        extras.bias ?? any,
        extras.residual ?? any,
        extras.reluMask ?? any,
      ],
      outputs: planned.spec.outputs === 2 ? [out, planned.rowSums ? rowSums! : scratch!] : [out],
      workgroups: planned.workgroups,
    });
    for (const s of [spare, scratch]) if (s) rt.release(s);
    rowSumsDone = planned.rowSums;
  }
  if (rowSums && !rowSumsDone && m > 0) {
    // Not fused for this entry or variant: row sums of op(A) as op(A) @ ones [k].
    const ones = full(rt, k, 1);
    matmulWithVariant(rt, a, ones, { batch: 1, m, k, n: 1, transA: p.transA }, variant, {
      aLayout: extras.aLayout,
      into: rowSums,
    });
    rt.release(ones);
  }
  return out;
}

/**
 * out[b] = op(a[b]) @ op(b[b]) through the epilogue, out [batch, m, n] unless strided; see
 * MatmulParams and MatmulExtras. The kernel variant comes from the adapter's tuning (or
 * ATTN_MATMUL / setMatmulOverride).
 */
export function matmul(
  rt: GpuRuntime,
  a: GpuBuffer,
  b: GpuBuffer,
  p: MatmulParams,
  extras: MatmulExtras<GpuBuffer> = {},
): GpuBuffer {
  return matmulWithVariant(rt, a, b, p, matmulVariantFor(rt.adapterName, p), extras);
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
