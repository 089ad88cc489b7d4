import type { BinaryOp, BinaryParams, RowParams, UnaryOp } from "../backend/contract.ts";

/** The standard normal CDF, Phi(x) = erfc(-x / sqrt 2) / 2. */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/**
 * erfc with fractional error below 1.2e-7 everywhere (Chebyshev fit, Press et
 * al., Numerical Recipes 6.2): relative accuracy in the tails keeps
 * gelu(x) = x * Phi(x) accurate for large negative x too.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(
    -z * z - 1.26551223 +
      t * (1.00002368 +
          t * (0.37409196 +
              t * (0.09678418 +
                  t * (-0.18628806 +
                      t * (0.27886807 +
                          t *
                            (-1.13520398 +
                              t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
  );
  return x >= 0 ? r : 2 - r;
}

/**
 * y = f(x) for one element. gelu is the exact (erf) form, as PyTorch's
 * default nn.GELU / activation="gelu" (Hendrycks & Gimpel 2016).
 */
function unaryValue(op: UnaryOp, x: number, alpha: number): number {
  switch (op) {
    case "relu":
      return x > 0 ? x : 0;
    case "gelu":
      return x * normalCdf(x);
    case "tanh":
      return Math.tanh(x);
    case "sigmoid":
      return 1 / (1 + Math.exp(-x));
    case "exp":
      return Math.exp(x);
    case "log":
      return Math.log(x);
    case "neg":
      return -x;
    case "sqrt":
      return Math.sqrt(x);
    case "square":
      return x * x;
    case "scale":
      return x * alpha;
  }
}

/** dy * f'(x), written with whichever of x and y = f(x) is simplest. */
function unaryGradient(op: UnaryOp, x: number, y: number, dy: number, alpha: number): number {
  switch (op) {
    case "relu":
      return x > 0 ? dy : 0;
    case "gelu": // d/dx x Phi(x) = Phi(x) + x phi(x)
      return dy * (normalCdf(x) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
    case "tanh":
      return dy * (1 - y * y);
    case "sigmoid":
      return dy * y * (1 - y);
    case "exp":
      return dy * y;
    case "log":
      return dy / x;
    case "neg":
      return -dy;
    case "sqrt":
      return dy * 0.5 / y;
    case "square":
      return dy * 2 * x;
    case "scale":
      return dy * alpha;
  }
}

/** y[i] = op(x[i]); `scale` multiplies by alpha (default 1). */
export function unary(
  op: UnaryOp,
  x: Float32Array,
  p: { n: number; alpha?: number },
): Float32Array {
  const alpha = p.alpha ?? 1;
  const out = new Float32Array(p.n);
  for (let i = 0; i < p.n; i++) out[i] = unaryValue(op, x[i], alpha);
  return out;
}

/** dx[i] = dy[i] * op'(x[i]), given x, y = op(x) and dy. */
export function unaryBackward(
  op: UnaryOp,
  tensors: { x: Float32Array; y: Float32Array; dy: Float32Array },
  p: { n: number; alpha?: number },
): Float32Array {
  const { x, y, dy } = tensors;
  const alpha = p.alpha ?? 1;
  const out = new Float32Array(p.n);
  for (let i = 0; i < p.n; i++) out[i] = unaryGradient(op, x[i], y[i], dy[i], alpha);
  return out;
}

/** out[i] = a[i % na] op b[i % nb] for i < max(na, nb); the smaller size must divide the larger. */
export function binary(
  op: BinaryOp,
  a: Float32Array,
  b: Float32Array,
  p: BinaryParams,
): Float32Array {
  const n = Math.max(p.na, p.nb);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = a[i % p.na];
    const v = b[i % p.nb];
    out[i] = op === "add" ? u + v : op === "sub" ? u - v : op === "mul" ? u * v : u / v;
  }
  return out;
}

/** out = x + bias with bias [cols] repeated over the rows of x [rows, cols]. */
export function biasAdd(x: Float32Array, bias: Float32Array, p: RowParams): Float32Array {
  const out = new Float32Array(p.rows * p.cols);
  for (let r = 0; r < p.rows; r++) {
    for (let c = 0; c < p.cols; c++) out[r * p.cols + c] = x[r * p.cols + c] + bias[c];
  }
  return out;
}

/** In place: target[i] += x[i] * alpha (alpha default 1). */
export function accumulate(
  target: Float32Array,
  x: Float32Array,
  p: { n: number; alpha?: number },
): void {
  const alpha = p.alpha ?? 1;
  for (let i = 0; i < p.n; i++) target[i] += x[i] * alpha;
}
