import { Tensor } from "./tensor.ts";
import type { AxisParams, StridedParams } from "./backend/contract.ts";

/**
 * A gradient that is zero except on one window of one axis: `part` [outer, len, inner] is
 * the gradient of the input viewed as [outer, axisLen, inner] at `start` (what a slice's
 * backward produces). The tape adds it into the input's gradient in place
 * (Backend.accumulateAxis), so slicing a tensor into many pieces costs no full-size
 * zero-filled gradient per piece.
 */
export class AxisGradient {
  readonly part: Tensor;
  readonly axis: AxisParams;
  constructor(part: Tensor, axis: AxisParams) {
    this.part = part;
    this.axis = axis;
  }
}

/**
 * The gradient of a strided view of its input: `part` (dense, the view's shape) belongs at
 * the view's positions `view` in the input's own (dense, row-major) index space and is zero
 * elsewhere. The tape adds it into the input's gradient in place (Backend.scatterAdd), so a
 * view costs no full-size gradient of its own.
 */
export class StridedGradient {
  readonly part: Tensor;
  readonly view: StridedParams;
  constructor(part: Tensor, view: StridedParams) {
    this.part = part;
    this.view = view;
  }
}

/** A gradient that covers part of its input. */
export type PartialGradient = AxisGradient | StridedGradient;

/**
 * How to push a gradient through one op: given dL/d(output), return
 * dL/d(input) for each input (null where an input needs no gradient), either
 * whole or as an {@link AxisGradient}.
 */
export type BackwardFn = (dy: Tensor) => (Tensor | PartialGradient | null)[];

/** One recorded op. */
export interface TapeNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly backward: BackwardFn;
}

let active: Tape | null = null;

/**
 * A reverse-mode autograd tape. While `tape.record(fn)` runs, every op whose
 * inputs need gradients appends a node; since ops run in order, the node
 * list is already topologically sorted, and `backward` walks it in reverse.
 */
export class Tape {
  readonly nodes: { node: TapeNode; output: Tensor }[] = [];

  /** The tape currently recording, if any. */
  static get current(): Tape | null {
    return active;
  }

  /** Runs fn with this tape recording. Tapes do not nest. */
  record<T>(fn: () => T): T {
    if (active) throw new Error("a tape is already recording; tapes do not nest");
    active = this;
    try {
      return fn();
    } finally {
      active = null;
    }
  }

  /**
   * Gradients of the scalar `loss` with respect to every tensor in `wrt`.
   * Intermediate gradients are disposed; the returned ones belong to the caller.
   * A tensor the loss does not depend on gets a zero gradient.
   */
  backward(loss: Tensor, wrt: readonly Tensor[]): Map<Tensor, Tensor> {
    if (loss.size !== 1) {
      throw new Error(`backward() needs a scalar loss, got shape [${loss.shape.join(", ")}]`);
    }
    const wanted = new Set(wrt);
    const grads = new Map<Tensor, Tensor>();
    grads.set(loss, Tensor.full(loss.backend, loss.shape, 1));
    const previous = active;
    active = null; // backward ops are not recorded
    try {
      for (let i = this.nodes.length - 1; i >= 0; i--) {
        const { node, output } = this.nodes[i];
        const dy = grads.get(output);
        if (!dy) continue;
        if (output.disposed || node.inputs.some((t) => t.disposed)) {
          throw new Error(
            `backward(): a tensor used by '${node.op}' was disposed before backward(); ` +
              `leave intermediates to tidy()`,
          );
        }
        const dxs = ownedGradients(node.backward(dy), dy, wanted.has(output));
        if (!wanted.has(output)) {
          grads.delete(output);
          const parts = dxs.map((d) => (isPartial(d) ? d.part : d));
          if (!parts.includes(dy)) dy.dispose(); // a view of dy keeps the storage alive
        }
        node.inputs.forEach((input, j) => {
          const dx = dxs[j];
          if (!dx) return;
          if (!input.needsGrad) {
            (isPartial(dx) ? dx.part : dx).dispose();
            return;
          }
          const sofar = grads.get(input);
          if (dx instanceof StridedGradient) {
            const backend = input.backend;
            const target = sofar ?? new Tensor(backend, backend.full(input.size, 0), input.shape);
            backend.scatterAdd(target.data, dx.part.data, dx.view);
            if (!sofar) grads.set(input, target);
            dx.part.dispose();
          } else if (dx instanceof AxisGradient) {
            const backend = input.backend;
            if (sofar) {
              backend.accumulateAxis(sofar.data, dx.part.data, dx.axis);
            } else {
              const whole = backend.full(input.size, 0);
              backend.writeAxis(whole, dx.part.data, dx.axis);
              grads.set(input, new Tensor(backend, whole, input.shape));
            }
            dx.part.dispose();
          } else if (sofar) {
            input.backend.accumulate(sofar.data, dx.data, { n: sofar.size });
            dx.dispose();
          } else {
            grads.set(input, dx);
          }
        });
      }
    } finally {
      active = previous;
    }
    const out = new Map<Tensor, Tensor>();
    for (const t of wrt) out.set(t, grads.get(t) ?? Tensor.zeros(t.backend, t.shape));
    for (const [t, g] of grads) if (!wanted.has(t)) g.dispose();
    return out;
  }
}

/**
 * Called by every differentiable op after computing `output`: records the
 * node when a tape is recording and some input needs a gradient.
 */
export function recordOp(
  op: string,
  output: Tensor,
  inputs: readonly Tensor[],
  backward: BackwardFn,
): Tensor {
  if (active && inputs.some((t) => t.needsGrad)) {
    const node: TapeNode = { op, inputs, backward };
    output.node = node;
    active.nodes.push({ node, output });
  }
  return output;
}

/**
 * A backward function may return dy itself, or the same tensor twice (add(a, a)).
 * The tape accumulates into gradients in place, so each returned gradient must
 * be owned by exactly one input: repeats (and dy, while dy is still wanted
 * by the caller) are copied.
 */
function ownedGradients(
  dxs: (Tensor | PartialGradient | null)[],
  dy: Tensor,
  dyStillWanted: boolean,
): (Tensor | PartialGradient | null)[] {
  const seen = new Set<unknown>(); // storages: a view shares its base's
  const owned = (dx: Tensor): Tensor => {
    if (seen.has(dx.storage) || (dx.storage === dy.storage && dyStillWanted) || !dx.isDense) {
      return new Tensor(
        dx.backend,
        dx.backend.unary("scale", dx.data, { n: dx.size, alpha: 1 }),
        dx.shape,
      );
    }
    seen.add(dx.storage);
    return dx;
  };
  return dxs.map((dx) => {
    if (!dx) return null;
    if (dx instanceof AxisGradient) {
      const part = owned(dx.part);
      return part === dx.part ? dx : new AxisGradient(part, dx.axis);
    }
    if (dx instanceof StridedGradient) {
      const part = owned(dx.part);
      return part === dx.part ? dx : new StridedGradient(part, dx.view);
    }
    return owned(dx);
  });
}

function isPartial(d: unknown): d is PartialGradient {
  return d instanceof AxisGradient || d instanceof StridedGradient;
}
