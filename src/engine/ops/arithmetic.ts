/**
 * Element-wise arithmetic with broadcasting over leading dimensions: the
 * smaller operand's shape (leading 1s ignored) must be a suffix of the larger
 * one's, as a bias [C] against activations [B, T, C]. Backward sums the
 * repeated leading part back (sumCols).
 */
import type { BinaryOp } from "../backend/contract.ts";
import { shapeText, Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, reduceTo, wrap } from "./checks.ts";

/** The output shape of a broadcast binary op, or a clear error. */
function broadcastShape(op: string, a: Tensor, b: Tensor): readonly number[] {
  // The bigger operand gives the shape (ties: the higher rank).
  const aBigger = a.size > b.size || (a.size === b.size && a.rank >= b.rank);
  const [big, small] = aBigger ? [a.shape, b.shape] : [b.shape, a.shape];
  let start = 0;
  while (start < small.length && small[start] === 1) start++;
  const tail = small.slice(start);
  const offset = big.length - tail.length;
  const fits = offset >= 0 && tail.every((d, i) => d === big[offset + i]);
  if (!fits) {
    throw new Error(
      `${op}: shapes do not broadcast: a is ${shapeText(a.shape)}, b is ${shapeText(b.shape)}; ` +
        `the smaller shape must be a suffix of the larger`,
    );
  }
  return big;
}

/** The forward of a binary op, unrecorded: a fresh tensor of the broadcast shape. */
function apply(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const backend = backendOf(op, a, b);
  const shape = broadcastShape(op, a, b);
  return wrap(backend, backend.binary(op, a.data, b.data, { na: a.size, nb: b.size }), shape);
}

/** a + b, broadcasting the smaller over leading dims. */
export function add(a: Tensor, b: Tensor): Tensor {
  const out = apply("add", a, b);
  return recordOp("add", out, [a, b], (dy) => [
    a.needsGrad ? reduceTo(dy, a.shape, false) : null,
    b.needsGrad ? reduceTo(dy, b.shape, false) : null,
  ]);
}

/** a - b, broadcasting the smaller over leading dims. */
export function sub(a: Tensor, b: Tensor): Tensor {
  const out = apply("sub", a, b);
  return recordOp("sub", out, [a, b], (dy) => [
    a.needsGrad ? reduceTo(dy, a.shape, false) : null,
    b.needsGrad ? reduceTo(scaleRaw(dy, -1), b.shape, true) : null,
  ]);
}

/** a * b element-wise, broadcasting the smaller over leading dims. */
export function mul(a: Tensor, b: Tensor): Tensor {
  const out = apply("mul", a, b);
  return recordOp("mul", out, [a, b], (dy) => [
    a.needsGrad ? reduceTo(apply("mul", dy, b), a.shape, true) : null,
    b.needsGrad ? reduceTo(apply("mul", dy, a), b.shape, true) : null,
  ]);
}

/** a / b element-wise, broadcasting the smaller over leading dims. */
export function div(a: Tensor, b: Tensor): Tensor {
  const out = apply("div", a, b);
  return recordOp("div", out, [a, b], (dy) => {
    const da = a.needsGrad ? reduceTo(apply("div", dy, b), a.shape, true) : null;
    let db: Tensor | null = null;
    if (b.needsGrad) {
      // d(a/b)/db = -a / b^2
      const dyA = apply("mul", dy, a);
      const bSquared = wrap(b.backend, b.backend.unary("square", b.data, { n: b.size }), b.shape);
      const ratio = apply("div", dyA, bSquared);
      dyA.dispose();
      bSquared.dispose();
      db = reduceTo(scaleRaw(ratio, -1), b.shape, true);
      ratio.dispose();
    }
    return [da, db];
  });
}

/** x * alpha, unrecorded. */
function scaleRaw(x: Tensor, alpha: number): Tensor {
  return wrap(x.backend, x.backend.unary("scale", x.data, { n: x.size, alpha }), x.shape);
}

/** x * alpha for a constant alpha. */
export function scale(x: Tensor, alpha: number): Tensor {
  backendOf("scale", x);
  const out = scaleRaw(x, alpha);
  return recordOp("scale", out, [x], (dy) => [scaleRaw(dy, alpha)]);
}

/** x + bias with x [..., C] and bias [C]: one biasAdd kernel. */
export function addBias(x: Tensor, bias: Tensor): Tensor {
  const backend = backendOf("addBias", x, bias);
  const cols = x.shape[x.rank - 1];
  if (x.rank < 1 || bias.rank !== 1 || bias.shape[0] !== cols) {
    throw new Error(
      `addBias: expected a bias of shape [${cols ?? "C"}] for x ${shapeText(x.shape)}, got ${
        shapeText(bias.shape)
      }`,
    );
  }
  const rows = x.size / cols;
  const out = wrap(backend, backend.biasAdd(x.data, bias.data, { rows, cols }), x.shape);
  return recordOp("addBias", out, [x, bias], (dy) => [
    x.needsGrad ? dy : null,
    bias.needsGrad ? wrap(backend, backend.sumCols(dy.data, { rows, cols }), bias.shape) : null,
  ]);
}
