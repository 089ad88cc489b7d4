/**
 * The parameter checks of every primitive of the Backend contract, written once for both
 * backends: sizes are whole numbers, options are in range, and every storage holds the
 * elements its params imply. `@validated` on a backend class puts them in front of its
 * primitives, so a wrong call fails before any kernel runs, with the same message on cpu and
 * webgpu: `softmax: x has 10 elements, expected 12 for [3, 4]`.
 *
 * What stays in a backend is what only it can know: whether a storage is live (cpu), the
 * device's limits (webgpu: grid sizes, workgroup memory), and checks of the data itself (the
 * cpu crossEntropy refuses a target outside the classes; a kernel cannot without a readback).
 *
 * A new primitive in the contract does not compile until it has its check in `checks` (or is
 * listed in Unchecked); both backends then validate it without a line of their own.
 */
import type { Backend } from "./contract.ts";
import { attentionChecks } from "./checks/attention.ts";
import { elementwiseChecks } from "./checks/elementwise.ts";
import { indexingChecks } from "./checks/indexing.ts";
import { matmulChecks } from "./checks/matmul.ts";
import { recurrentChecks } from "./checks/recurrent.ts";
import { rowChecks } from "./checks/rows.ts";
import type { CheckedPrimitive, Checks, Sized } from "./checks/types.ts";

export type { CheckedPrimitive, Sized } from "./checks/types.ts";

/**
 * One check per checked primitive, named like it and taking its arguments. The `Checks` type
 * makes a primitive without a check in one of the groups a compile error.
 */
export const checks: Checks = {
  ...elementwiseChecks,
  ...matmulChecks,
  ...rowChecks,
  ...indexingChecks,
  ...attentionChecks,
  ...recurrentChecks,
};

/**
 * Class decorator of a backend: every checked primitive of the class first runs its check
 * from `checks` (with the same arguments), then the backend's own method. Applied to the
 * prototype once, so `new CpuBackend()` is always validated and costs one more call per
 * primitive.
 */
export function validated<S extends Sized, C extends abstract new (...args: never[]) => Backend<S>>(
  backend: C,
  _context: ClassDecoratorContext<C>,
): void {
  const prototype = backend.prototype as Record<CheckedPrimitive, (...args: unknown[]) => unknown>;
  for (const name of Object.keys(checks) as CheckedPrimitive[]) {
    const run = prototype[name];
    const check = checks[name] as (...args: unknown[]) => void;
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      check(...args);
      return run.apply(this, args);
    };
  }
}
