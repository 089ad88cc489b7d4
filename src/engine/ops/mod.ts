/**
 * The primitive differentiable ops, the Tensor they act on, scopes and the Tape. Each op
 * computes its forward with the backend primitives and records a backward that runs on the
 * same backend. Models import the engine's public surface (../mod.ts), which adds the fused
 * tier (../fused/mod.ts) to these.
 */
export { keep, shapeText, sizeOf, Tensor, tidy } from "../tensor.ts";
export { recordOp, Tape } from "../tape.ts";
export type { BackwardFn, TapeNode } from "../tape.ts";
export { linear, matmul } from "./matmul.ts";
export { residual } from "./residual.ts";
export type { LinearOptions, MatmulOptions } from "./matmul.ts";
export { add, addBias, div, mul, scale, sub } from "./arithmetic.ts";
export { exp, gelu, log, neg, relu, sigmoid, sqrt, square, tanh } from "./activations.ts";
export { logSoftmax, softmax } from "./softmax.ts";
export type { SoftmaxOptions } from "./softmax.ts";
export { crossEntropy } from "./cross_entropy.ts";
export type { CrossEntropyOptions } from "./cross_entropy.ts";
export { layerNorm } from "./layer_norm.ts";
export type { LayerNormOptions } from "./layer_norm.ts";
export { embedding } from "./embedding.ts";
export {
  concat,
  contiguous,
  mergeHeads,
  permute,
  reshape,
  slice,
  split,
  splitHeads,
  transpose,
} from "./shape.ts";
export { mean, sum } from "./reduce.ts";
export type { ReduceOptions } from "./reduce.ts";
export { argmax } from "./argmax.ts";
export { dropout } from "./dropout.ts";
export type { DropoutOptions } from "./dropout.ts";
export { rope } from "./rope.ts";
export { assign } from "./assign.ts";
export type { RopeOptions } from "./rope.ts";
