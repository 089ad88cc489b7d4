/**
 * Which kernels the engine may use: the choice of *how* to compute, kept out of the models,
 * which only say *what* to compute.
 *
 * - "fast" (the default): the engine picks, per call, the quickest correct kernel it has for
 *   the backend, the sizes and whether gradients are being recorded: fused attention or
 *   FlashAttention at inference, strided attention in training, the fused recurrent cells,
 *   bias, relu and residual adds folded into a matmul's store.
 * - "reference": every fused op runs as its textbook composition of primitives (matmul,
 *   softmax, sigmoid...), the form a learner reads beside the paper. Slower, never different
 *   beyond float rounding: tests hold the two to 1e-5 on every shipped model.
 *
 * The policy is process-wide, like the tape: a command sets it for its run
 * (`--kernels reference`, `set kernels reference`), and code that must compare like with like
 * (an experiment timing two models) names it with {@link withKernelPolicy}.
 */

/** How the engine may compute a fused op. */
export type KernelPolicy = "reference" | "fast";

/** Every policy, for option parsing and help. */
export const kernelPolicies: readonly KernelPolicy[] = ["fast", "reference"];

let current: KernelPolicy = "fast";

/** The policy in force. */
export function kernelPolicy(): KernelPolicy {
  return current;
}

/** Sets the policy until changed again (a session setting). */
export function setKernelPolicy(policy: KernelPolicy): void {
  if (!kernelPolicies.includes(policy)) {
    throw new Error(`expected a kernel policy (${kernelPolicies.join(" or ")}), got '${policy}'`);
  }
  current = policy;
}

/**
 * Runs fn under `policy` and restores the previous one afterwards, also when fn throws or its
 * promise rejects.
 */
export function withKernelPolicy<T>(policy: KernelPolicy, fn: () => T): T {
  const previous = current;
  setKernelPolicy(policy);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    current = previous;
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      current = previous;
    }) as T;
  }
  current = previous;
  return result;
}
