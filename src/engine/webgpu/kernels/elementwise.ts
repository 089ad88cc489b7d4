/**
 * Element-wise kernels: fill, unary ops and their gradients, binary ops with
 * repetition (and biasAdd as one of them), in-place accumulate, and dropout.
 * One invocation per element (accumulate: 16 per invocation when n is a multiple of 4);
 * kernels/{fill,unary,binary,accumulate,dropout}.wgsl.
 */

import type { BinaryOp, BinaryParams, RowParams, UnaryOp } from "../../backend/contract.ts";
import { type GpuBuffer, type GpuRuntime, workgroupGrid } from "../runtime.ts";

/** Invocations per workgroup of every element-wise kernel (the WGSL default). */
const WG = 64;

/** Op codes of kernels/unary.wgsl. */
const UNARY_CODES: Record<UnaryOp, number> = {
  relu: 0,
  gelu: 1,
  tanh: 2,
  sigmoid: 3,
  exp: 4,
  log: 5,
  neg: 6,
  sqrt: 7,
  square: 8,
  scale: 9,
};

/** Op codes of kernels/binary.wgsl. */
const BINARY_CODES: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3 };

/** The grid for one invocation per element. */
function elementGrid(n: number): [number, number, number] {
  return workgroupGrid(Math.ceil(n / WG));
}

/** A fresh buffer of n elements, all equal to value (value may be +-Infinity). */
export function full(rt: GpuRuntime, n: number, value: number): GpuBuffer {
  const out = rt.alloc(n);
  rt.dispatch({ file: "fill", entry: "fill", inputs: 0, outputs: 1 }, {
    params: { n, value },
    inputs: [],
    outputs: [out],
    workgroups: elementGrid(n),
  });
  return out;
}

/** y[i] = op(x[i]); `scale` multiplies by alpha (default 1). */
export function unary(
  rt: GpuRuntime,
  op: UnaryOp,
  x: GpuBuffer,
  p: { n: number; alpha?: number },
): GpuBuffer {
  const out = rt.alloc(p.n);
  rt.dispatch({ file: "unary", entry: "unary_forward", inputs: 1, outputs: 1 }, {
    params: { n: p.n, op: UNARY_CODES[op], alpha: p.alpha ?? 1 },
    inputs: [x],
    outputs: [out],
    workgroups: elementGrid(p.n),
  });
  return out;
}

/** dx[i] = dy[i] * op'(x[i]), given x, y = op(x) and dy. */
export function unaryBackward(
  rt: GpuRuntime,
  op: UnaryOp,
  x: GpuBuffer,
  y: GpuBuffer,
  dy: GpuBuffer,
  p: { n: number; alpha?: number },
): GpuBuffer {
  const dx = rt.alloc(p.n);
  rt.dispatch({ file: "unary", entry: "unary_backward", inputs: 3, outputs: 1 }, {
    params: { n: p.n, op: UNARY_CODES[op], alpha: p.alpha ?? 1 },
    inputs: [x, y, dy],
    outputs: [dx],
    workgroups: elementGrid(p.n),
  });
  return dx;
}

/** out[i] = a[i % na] op b[i % nb] for i < max(na, nb); the smaller size must divide the larger. */
export function binary(
  rt: GpuRuntime,
  op: BinaryOp,
  a: GpuBuffer,
  b: GpuBuffer,
  p: BinaryParams,
): GpuBuffer {
  const n = Math.max(p.na, p.nb);
  const out = rt.alloc(n);
  rt.dispatch({ file: "binary", entry: "binary", inputs: 2, outputs: 1 }, {
    params: { n, na: p.na, nb: p.nb, op: BINARY_CODES[op] },
    inputs: [a, b],
    outputs: [out],
    workgroups: elementGrid(n),
  });
  return out;
}

/** out = x + bias with bias [cols] repeated over the rows of x [rows, cols]. */
export function biasAdd(rt: GpuRuntime, x: GpuBuffer, bias: GpuBuffer, p: RowParams): GpuBuffer {
  if (p.rows * p.cols === 0) return rt.alloc(0);
  return binary(rt, "add", x, bias, { na: p.rows * p.cols, nb: p.cols });
}

/** In place: target[i] += x[i] * alpha (alpha default 1). */
export function accumulate(
  rt: GpuRuntime,
  target: GpuBuffer,
  x: GpuBuffer,
  p: { n: number; alpha?: number },
): void {
  const alpha = p.alpha ?? 1;
  if (x === target) {
    // A buffer cannot be bound read-only and read_write in one dispatch: copy it first.
    const copy = unary(rt, "scale", x, { n: p.n, alpha: 1 });
    accumulate(rt, target, copy, p);
    rt.release(copy);
    return;
  }
  const vec4 = p.n % 4 === 0;
  rt.dispatch({
    file: "accumulate",
    entry: vec4 ? "accumulate4" : "accumulate",
    inputs: 1,
    outputs: 1,
  }, {
    params: { n: p.n, alpha },
    inputs: [x],
    outputs: [target],
    workgroups: elementGrid(vec4 ? Math.ceil(p.n / 16) : p.n),
  });
}

/**
 * Inverted dropout: out[i] = x[i] / (1 - rate) where uniformAt(seed, i) >= rate,
 * else 0 (the mask is the same hash as the cpu backend's, src/engine/random.ts).
 */
export function dropout(
  rt: GpuRuntime,
  x: GpuBuffer,
  p: { n: number; rate: number; seed: number },
): GpuBuffer {
  const out = rt.alloc(p.n);
  rt.dispatch({ file: "dropout", entry: "dropout", inputs: 1, outputs: 1 }, {
    params: {
      n: p.n,
      keep_from: Math.ceil(p.rate * 16777216), // keep where hash bits >= this (u >= rate)
      seed: p.seed >>> 0,
      keep_scale: 1 / (1 - p.rate),
    },
    inputs: [x],
    outputs: [out],
    workgroups: elementGrid(p.n),
  });
  return out;
}
