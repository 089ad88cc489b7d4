/**
 * Embedding lookup and its backward on WebGPU (kernels/embedding.wgsl), one dispatch each.
 *
 * The backward is a gather, not a scatter: WGSL has no float atomics, so instead of adding each
 * dy row into dTable[ids[i]] from many invocations, each invocation owns a block of columns of
 * one dTable row and scans all n ids in order. That is deterministic (same sums, same order as
 * the cpu backend, every run) and costs n comparisons per invocation: small at our sizes.
 */

import { type GpuBuffer, type GpuRuntime, workgroupGrid } from "../runtime.ts";

/** Sizes of an embedding lookup: n ids into a table [vocab, dim]. */
export interface EmbeddingParams {
  n: number;
  dim: number;
  vocab: number;
}

/** Invocations per workgroup (the kernels' default `WG`). */
const WG = 64;
/**
 * Enough backward invocations to keep every core busy: llvmpipe runs a workgroup (64) per core,
 * and this machine class has 2 cores.
 */
const MIN_BACKWARD_INVOCATIONS = 128;

/**
 * dTable columns per backward invocation. Each invocation repeats the scan over all n ids, so
 * wider blocks mean fewer scans, narrower ones more parallel invocations. Measured on llvmpipe,
 * ms per call for blocks of 8 / 16 / 32 / 64 columns:
 * - n 2048, vocab 200, dim 128: 8.0 / 4.6 / 2.5 / 1.9 (one column per invocation: 63)
 * - n 512, vocab 60, dim 64: 0.41 / 0.28 / 0.46 / 0.59
 * - n 2048, vocab 5000, dim 64: 106 / 52 / 27 / 15
 * So: the widest block up to 64 that still gives enough invocations.
 */
function backwardBlock(vocab: number, dim: number): number {
  for (const block of [64, 32, 16]) {
    if (vocab * Math.ceil(dim / block) >= MIN_BACKWARD_INVOCATIONS) return Math.min(dim, block);
  }
  return Math.min(dim, 8);
}

/** out[i] = table[ids[i]] ([n, dim]); ids outside [0, vocab) or not integers give zero rows. */
export function embedding(
  rt: GpuRuntime,
  table: GpuBuffer,
  ids: GpuBuffer,
  p: EmbeddingParams,
): GpuBuffer {
  const { n, dim, vocab } = p;
  const out = rt.alloc(n * dim); // [n, dim]
  if (n * dim === 0) return out;
  rt.dispatch({ file: "embedding", entry: "embedding_forward", inputs: 2, outputs: 1 }, {
    params: { n, dim, vocab, block: 0, blocks_per_row: 0 }, // blocks: the backward's
    inputs: [table, ids],
    outputs: [out],
    workgroups: workgroupGrid(Math.ceil(n / WG)),
  });
  return out;
}

/** dTable [vocab, dim]: each row of dy [n, dim] summed into the row its id names (bad ids skipped). */
export function embeddingBackward(
  rt: GpuRuntime,
  ids: GpuBuffer,
  dy: GpuBuffer,
  p: EmbeddingParams,
): GpuBuffer {
  const { n, dim, vocab } = p;
  const dTable = rt.alloc(vocab * dim); // [vocab, dim]
  if (vocab * dim === 0) return dTable;
  const block = backwardBlock(vocab, dim);
  const blocksPerRow = Math.ceil(dim / block);
  rt.dispatch({ file: "embedding", entry: "embedding_backward", inputs: 2, outputs: 1 }, {
    params: { n, dim, vocab, block, blocks_per_row: blocksPerRow },
    inputs: [ids, dy],
    outputs: [dTable],
    workgroups: workgroupGrid(Math.ceil((vocab * blocksPerRow) / WG)),
  });
  return dTable;
}
