/**
 * FlashAttention forward on WebGPU (kernels/flash_attention.wgsl, Dao et al. 2022): the output
 * of softmax(Q K^T * scale + mask) V and each row's log-sum-exp, with no [tq, tk] buffer. The
 * fused attention primitive (./attention.ts) runs the same kernel with the scores written out.
 *
 * Why the keys are split over dispatches: Mesa's llvmpipe ends a shader invocation after 65535
 * loop iterations counted over all its loops (LP_MAX_TGSI_LOOP_ITERATIONS in gallivm), silently:
 * the invocation just stops and its later stores never happen. The first fused kernel looped
 * ~2 * tk * dk times per row and so returned a wrong output from tk * dk ~ 32768 on, with its
 * weights (written first) still right (issue #7). Each dispatch here takes at most
 * {@link keysPerDispatch} keys, carrying the running max and sum to the next in lse and rowSum
 * (the output rows carry the accumulator anyway).
 *
 * Work split, measured on llvmpipe (Mesa 22.3, 2 cores; n = 512, 4 heads, d_k = 64; CPU time
 * per call, which the other engineers' load disturbed less than wall time; the naive matmul +
 * softmax + matmul path took ~30 ms in the same runs):
 * - one invocation per query row, q and the accumulator in private arrays, keys one block of 8
 *   at a time: ~187 ms (private arrays stay in memory; every key load is a per-lane gather);
 * - the same with K and V tiles staged in workgroup memory behind two barriers: ~131 ms;
 * - a 4 x 8 tile of scores per invocation in registers (two mat4x4), O in main memory between
 *   blocks as in Algorithm 1, scalar loads: ~75 ms;
 * - the same with q, k, v and out read as vec4: ~44 ms. Kept: no workgroup memory, no barriers.
 * Sources whose dk, strides or offsets are not multiples of 4 are first copied to padded rows
 * (alignOperands).
 */

import type { AttentionParams } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, type ParamValues, workgroupGrid } from "../runtime.ts";
import { full } from "./elementwise.ts";
import { sliceAxis, writeAxis } from "./layout.ts";

/** Invocations per workgroup (each takes 4 query rows). */
const WG = 16;
/** Query rows per invocation and keys per block of the kernel's score tile. */
const TILE_ROWS = 4;
const KEY_BLOCK = 8;
/** Largest grid dimension WebGPU guarantees. */
const MAX_GRID_DIM = 65535;

/**
 * llvmpipe's per-invocation budget of loop iterations (LP_MAX_TGSI_LOOP_ITERATIONS = 65535),
 * less a margin.
 */
export const LOOP_ITERATION_BUDGET = 60000;

/**
 * Keys one dispatch may take with head width dk, so that an invocation stays within
 * {@link LOOP_ITERATION_BUDGET} even if no loop is unrolled. With d4 = ceil(dk / 4), per block of
 * KEY_BLOCK keys: 1 for the block, d4 for the scores, d4 for P V, and KEY_BLOCK * (1 + TILE_ROWS)
 * for writing scores (fused primitive); outside the key loop 2 * (1 + TILE_ROWS) * (d4 + 1) to
 * clear and to normalize O. A multiple of KEY_BLOCK.
 */
export function keysPerDispatch(dk: number): number {
  const d4 = Math.ceil(dk / 4);
  const blocks = Math.floor((LOOP_ITERATION_BUDGET - outsideIterations(d4)) / blockIterations(d4));
  return Math.max(1, blocks) * KEY_BLOCK;
}

/** Loop iterations per block of keys (see keysPerDispatch). */
function blockIterations(d4: number): number {
  return 1 + 2 * d4 + KEY_BLOCK * (1 + TILE_ROWS);
}

/** Loop iterations outside the key loop: clearing and normalizing O. */
function outsideIterations(d4: number): number {
  return 2 * (1 + TILE_ROWS) * (d4 + 1);
}

/**
 * Whether one dispatch can also turn a whole row's scores into weights (TILE_ROWS * (tk + 1)
 * more iterations), sparing the fused primitive the attention_weights pass.
 */
function weightsInOneDispatch(tk: number, dk: number): boolean {
  const d4 = Math.ceil(dk / 4);
  const iterations = Math.ceil(tk / KEY_BLOCK) * blockIterations(d4) + outsideIterations(d4) +
    TILE_ROWS * (tk + 1);
  return iterations <= LOOP_ITERATION_BUDGET;
}

/** What the forward does with scores: none, write them, or write the weights (one dispatch). */
type ScoresMode = 0 | 1 | 2;

/** The sizes and layouts of AttentionParams as the attention kernels' params structs name them. */
export function sizeParams(p: AttentionParams) {
  const { batch, heads, tq, tk, dk } = p;
  return {
    batch,
    heads,
    tq,
    tk,
    dk,
    q_stride: p.qStride,
    q_offset: p.qOffset,
    kv_stride: p.kvStride,
    k_offset: p.kOffset,
    v_offset: p.vOffset,
  };
}

/** FlashParams of kernels/flash_attention.wgsl for one chunk of keys. */
function uniforms(
  p: AttentionParams,
  hasMask: boolean,
  chunk: { start: number; end: number; first: boolean; last: boolean; scores: ScoresMode },
): ParamValues {
  return {
    ...sizeParams(p),
    causal: p.causal ? 1 : 0,
    causal_offset: p.causalOffset ?? 0,
    has_mask: hasMask ? 1 : 0,
    mask_groups: p.maskGroups ?? 1,
    mask_rows: p.maskRows ?? 1,
    scale: p.scale,
    key_start: chunk.start,
    key_end: chunk.end,
    first: chunk.first ? 1 : 0,
    last: chunk.last ? 1 : 0,
    write_scores: chunk.scores,
  };
}

/** Refuses a grid the kernel cannot run: more than 65535 (batch, head) pairs. */
export function checkFlash(op: string, p: AttentionParams): void {
  if (p.batch * p.heads > MAX_GRID_DIM) {
    throw new Error(
      `${op}: expected batch * heads <= ${MAX_GRID_DIM}, got ${p.batch} * ${p.heads}`,
    );
  }
}

/** The kernel's operands: q, k, v where it reads them as vec4, and the params to read them by. */
interface AlignedOperands {
  q: GpuBuffer;
  k: GpuBuffer;
  v: GpuBuffer;
  /** p with dk padded to a multiple of 4 and the strides and offsets of the buffers above. */
  p: AttentionParams;
  /** Buffers made here (released after the forward). */
  made: GpuBuffer[];
}

/**
 * q, k and v as the kernel reads them (vec4: dk, strides and offsets multiples of 4). Aligned
 * sources are used in place; others are copied to rows [rows, heads, dk4] with dk4 = dk rounded
 * up to 4 and zero padding (zeros change no dot product and the padded output columns are
 * dropped).
 */
function alignOperands(
  rt: GpuRuntime,
  q: GpuBuffer,
  kv: GpuBuffer,
  p: AttentionParams,
): AlignedOperands {
  const dk4 = Math.ceil(p.dk / 4) * 4;
  const made: GpuBuffer[] = [];
  const compact = (src: GpuBuffer, rows: number, stride: number, offset: number) => {
    const cols = sliceAxis(rt, src, {
      outer: rows,
      axisLen: stride,
      inner: 1,
      start: offset,
      len: p.heads * p.dk,
    }); // [rows, heads * dk]
    if (dk4 === p.dk) return made[made.push(cols) - 1];
    const padded = full(rt, rows * p.heads * dk4, 0); // [rows, heads, dk4]
    writeAxis(rt, padded, cols, {
      outer: rows * p.heads,
      axisLen: dk4,
      inner: 1,
      start: 0,
      len: p.dk,
    });
    rt.release(cols);
    return made[made.push(padded) - 1];
  };
  const aligned = (...xs: number[]) => dk4 === p.dk && xs.every((x) => x % 4 === 0);
  const out: AlignedOperands = { q, k: kv, v: kv, p: { ...p, dk: dk4 }, made };
  if (!aligned(p.qStride, p.qOffset)) {
    out.q = compact(q, p.batch * p.tq, p.qStride, p.qOffset);
    out.p.qStride = p.heads * dk4;
    out.p.qOffset = 0;
  }
  if (!aligned(p.kvStride, p.kOffset, p.vOffset)) {
    out.k = compact(kv, p.batch * p.tk, p.kvStride, p.kOffset);
    out.v = compact(kv, p.batch * p.tk, p.kvStride, p.vOffset);
    out.p.kvStride = p.heads * dk4;
    out.p.kOffset = 0;
    out.p.vOffset = 0;
  }
  return out;
}

/**
 * Records the forward over every chunk of keys and returns out [B, tq, heads * dk] and lse
 * [B, heads, tq]. With `weights` [B, heads, tq, tk] (the fused primitive) the attention weights
 * land there too: written by the forward itself when a row fits one dispatch, else as scores
 * that one more element-wise pass turns into exp(z - lse).
 */
export function recordFlashForward(
  rt: GpuRuntime,
  inputs: { q: GpuBuffer; kv: GpuBuffer; mask: GpuBuffer | null },
  weights: GpuBuffer | null,
  p: AttentionParams,
): { out: GpuBuffer; lse: GpuBuffer } {
  const rows = p.batch * p.heads * p.tq;
  const x = alignOperands(rt, inputs.q, inputs.kv, p);
  const dk4 = x.p.dk;
  let out = rt.alloc(p.batch * p.tq * p.heads * dk4); // [B, tq, heads, dk4]
  const lse = rt.alloc(rows); // running max m until the last chunk [B, heads, tq]
  const rowSum = rt.alloc(rows); // running sum l between chunks [B, heads, tq]
  const noScores = weights ? null : rt.alloc(1); // never written: write_scores is 0
  const spec = {
    file: "flash_attention",
    entry: "flash_attention_forward",
    inputs: 4,
    outputs: 4,
    constants: { WG },
  };
  const step = keysPerDispatch(dk4);
  const workgroups: [number, number, number] = [
    Math.ceil(p.tq / (WG * TILE_ROWS)),
    p.batch * p.heads,
    1,
  ];
  // A row with no key at all still needs one (first and last) dispatch: out 0, lse -Infinity.
  const chunks = Math.max(1, Math.ceil(p.tk / step));
  const weightsHere = weights !== null && chunks === 1 && weightsInOneDispatch(p.tk, dk4);
  const scores: ScoresMode = weights === null ? 0 : weightsHere ? 2 : 1;
  for (let c = 0; c < chunks; c++) {
    const start = c * step;
    rt.dispatch(spec, {
      params: uniforms(x.p, inputs.mask !== null, {
        start,
        end: Math.min(p.tk, start + step),
        first: c === 0,
        last: c === chunks - 1,
        scores,
      }),
      // Without a mask the kernel never reads binding 4.
      inputs: [x.q, x.k, x.v, inputs.mask ?? x.q],
      outputs: [out, lse, rowSum, weights ?? noScores!],
      workgroups,
    });
  }
  for (const b of [...x.made, rowSum]) rt.release(b);
  if (noScores) rt.release(noScores);
  if (weights && !weightsHere) recordWeightsFromScores(rt, lse, weights, p);
  if (dk4 !== p.dk) {
    const padded = out;
    out = sliceAxis(rt, padded, {
      outer: p.batch * p.tq * p.heads,
      axisLen: dk4,
      inner: 1,
      start: 0,
      len: p.dk,
    }); // [B, tq, heads * dk]
    rt.release(padded);
  }
  return { out, lse };
}

/** out [B, tq, heads * dk] and lse [B, heads, tq] (see Backend.flashAttention). */
export function flashAttention(
  rt: GpuRuntime,
  q: GpuBuffer,
  kv: GpuBuffer,
  mask: GpuBuffer | null,
  p: AttentionParams,
): { out: GpuBuffer; lse: GpuBuffer } {
  checkFlash("flashAttention", p);
  return recordFlashForward(rt, { q, kv, mask }, null, p);
}

/**
 * Turns the scores the forward left in `scores` [B, heads, tq, tk] into attention weights
 * exp(z - lse) in place (0 for hidden keys): one invocation per element, no loop.
 */
function recordWeightsFromScores(
  rt: GpuRuntime,
  lse: GpuBuffer,
  scores: GpuBuffer,
  p: AttentionParams,
): void {
  const n = p.batch * p.heads * p.tq * p.tk;
  const spec = { file: "flash_attention", entry: "attention_weights", inputs: 1, outputs: 1 };
  rt.dispatch({ ...spec, constants: { WG } }, {
    params: uniforms(p, false, { start: 0, end: p.tk, first: true, last: true, scores: 1 }),
    inputs: [lse],
    outputs: [scores],
    workgroups: workgroupGrid(Math.ceil(n / WG)),
  });
}
