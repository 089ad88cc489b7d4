/**
 * The engine's public surface: what models, training and experiments import.
 * - `ops`: every differentiable op (primitives and the fused tier), e.g. `ops.matmul(a, b)`.
 * - `Tensor`, `tidy`, `keep`: tensors and the scopes that free them.
 * - `Tape`: reverse-mode autograd (`tape.record(fn)`, `tape.backward(loss, params)`).
 * - `openBackend`: the one way to get a backend (cpu or webgpu).
 *
 * @module
 */
export * as ops from "./all_ops.ts";
export { keep, shapeText, sizeOf, Tensor, tidy } from "./tensor.ts";
export { recordOp, Tape } from "./tape.ts";
export type { BackwardFn, TapeNode } from "./tape.ts";
export { kernelPolicies, kernelPolicy, setKernelPolicy, withKernelPolicy } from "./policy.ts";
export type { KernelPolicy } from "./policy.ts";
