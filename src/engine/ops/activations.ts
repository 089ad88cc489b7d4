/**
 * Element-wise functions of one tensor. Each backward is the backend's
 * unaryBackward, which gets x, y = f(x) and dy (tanh and sigmoid use y,
 * relu and gelu use x).
 */
import type { UnaryOp } from "../backend/contract.ts";
import type { Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, wrap } from "./checks.ts";

function unaryOp(op: UnaryOp, x: Tensor): Tensor {
  const backend = backendOf(op, x);
  const n = x.size;
  const y = wrap(backend, backend.unary(op, x.data, { n }), x.shape);
  return recordOp(op, y, [x], (dy) => [
    wrap(backend, backend.unaryBackward(op, x.data, y.data, dy.data, { n }), x.shape),
  ]);
}

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  return unaryOp("relu", x);
}

/** GELU (Hendrycks & Gimpel 2016), as the backend defines it (torch's default, erf form). */
export function gelu(x: Tensor): Tensor {
  return unaryOp("gelu", x);
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return unaryOp("tanh", x);
}

/** The logistic function 1 / (1 + e^-x). */
export function sigmoid(x: Tensor): Tensor {
  return unaryOp("sigmoid", x);
}

/** e^x. */
export function exp(x: Tensor): Tensor {
  return unaryOp("exp", x);
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return unaryOp("log", x);
}

/** -x. */
export function neg(x: Tensor): Tensor {
  return unaryOp("neg", x);
}

/** Square root. */
export function sqrt(x: Tensor): Tensor {
  return unaryOp("sqrt", x);
}

/** x * x. */
export function square(x: Tensor): Tensor {
  return unaryOp("square", x);
}
