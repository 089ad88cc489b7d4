/**
 * The engine: tensors, differentiable ops, the autograd tape, and the decision of *how* each op
 * is computed, on one of two backends (webgpu: WGSL kernels; cpu: TypeScript loops, the
 * reference and the fallback). Models, training and experiments import it from here.
 *
 * - `Tensor`: storage on a backend plus a shape and a strided layout (a head split, slice or
 *   transpose is a view; matmul and attention read views where they lie).
 * - `tidy`, `keep`: scopes that free every tensor made inside them except what is returned or
 *   kept (device memory is not garbage-collected).
 * - `ops`: the primitives, each with its backward (`ops.matmul`, `ops.softmax`, ...), and the
 *   fused tier (`ops.scaledDotProductAttention`, `ops.fuse`), whose textbook composition is the
 *   reference every kernel is tested against.
 * - `Tape`: reverse-mode autograd; `tape.record(fn)` notes the ops fn runs,
 *   `tape.backward(loss, params)` returns the gradients.
 * - The kernel policy (`"fast"` | `"reference"`): whether the engine may run a fused kernel in
 *   place of the composition. It changes speed, never results (within 1e-5).
 * - `openBackend`: the one way to get a backend (the webgpu one tuned for its adapter).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { openBackend, ops, Tape, Tensor, tidy, withKernelPolicy } from "./mod.ts";
 *
 * const { backend } = await openBackend("cpu");
 * const grad = tidy(() => {
 *   const x = Tensor.from(backend, [1, 2, 3], [3]);
 *   x.requiresGrad = true;
 *   const tape = new Tape();
 *   const loss = tape.record(() => ops.sum(ops.mul(x, x))); // sum(x^2)
 *   return tape.backward(loss, [x]).get(x)!; // d/dx = 2x, kept: tidy returns it
 * });
 * assert.deepEqual([...await grad.toArray()], [2, 4, 6]);
 * grad.dispose();
 *
 * // Each row of a softmax sums to 1, under either kernel policy.
 * const scores = Tensor.from(backend, [0, 1, 2, 3, 4, 5], [2, 3]);
 * const weights = withKernelPolicy("reference", () => ops.softmax(scores));
 * const [a, b, c] = await weights.toArray();
 * assert.ok(Math.abs(a + b + c - 1) < 1e-6);
 * scores.dispose();
 * weights.dispose();
 * ```
 *
 * @module
 */
export * as ops from "./all_ops.ts";
export { keep, shapeText, sizeOf, Tensor, tidy } from "./tensor.ts";
export { recordOp, Tape } from "./tape.ts";
export type { BackwardFn, TapeNode } from "./tape.ts";
export { kernelPolicies, kernelPolicy, setKernelPolicy, withKernelPolicy } from "./policy.ts";
export type { KernelPolicy } from "./policy.ts";
export { backendChoices, openBackend } from "./open_backend.ts";
export type { BackendChoice, OpenedBackend } from "./open_backend.ts";
export type { Backend, Timing } from "./backend/contract.ts";
export { Adam } from "./optim/adam.ts";
export type { AdamOptions } from "./optim/adam.ts";
export { fnv1a, mixSeed, pcgHash, Rng } from "./random.ts";
