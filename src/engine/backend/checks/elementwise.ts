/**
 * The checks of the element-wise primitives (allocation, unary, binary, accumulate, dropout,
 * rope) and of adam, the element-wise optimizer update.
 */
import type { BinaryOp, UnaryOp } from "../contract.ts";
import { length, positive, size } from "./assert.ts";
import type { CheckGroup } from "./types.ts";

/** The unary and binary ops (a Record, so that the compiler asks for a new op here). */
const UNARY_OPS: Record<UnaryOp, true> = {
  relu: true,
  gelu: true,
  tanh: true,
  sigmoid: true,
  exp: true,
  log: true,
  neg: true,
  sqrt: true,
  square: true,
  scale: true,
};
const BINARY_OPS: Record<BinaryOp, true> = { add: true, sub: true, mul: true, div: true };

function knownOp(op: string, known: Record<string, true>, where: string): void {
  if (!Object.hasOwn(known, op)) {
    throw new Error(`${where}: expected one of ${Object.keys(known).join(", ")}, got op "${op}"`);
  }
}

/** The checks of allocation, element-wise ops, dropout, rope and adam. */
export const elementwiseChecks = {
  full(n) {
    size("full", "n", n);
  },
  alloc(n) {
    size("alloc", "n", n);
  },
  unary(op, x, p) {
    knownOp(op, UNARY_OPS, "unary");
    size("unary", "n", p.n);
    length("unary", "x", x, [p.n]);
  },
  unaryBackward(op, x, y, dy, p) {
    knownOp(op, UNARY_OPS, "unaryBackward");
    size("unaryBackward", "n", p.n);
    length("unaryBackward", "x", x, [p.n]);
    length("unaryBackward", "y", y, [p.n]);
    length("unaryBackward", "dy", dy, [p.n]);
  },
  binary(op, a, b, p) {
    knownOp(op, BINARY_OPS, "binary");
    positive("binary", "na", p.na);
    positive("binary", "nb", p.nb);
    length("binary", "a", a, [p.na]);
    length("binary", "b", b, [p.nb]);
    if (Math.max(p.na, p.nb) % Math.min(p.na, p.nb) !== 0) {
      throw new Error(
        `binary: the smaller size must divide the larger, got na ${p.na} and nb ${p.nb}`,
      );
    }
  },
  accumulate(target, x, p) {
    size("accumulate", "n", p.n);
    length("accumulate", "target", target, [p.n]);
    length("accumulate", "x", x, [p.n]);
  },
  dropout(x, p) {
    size("dropout", "n", p.n);
    length("dropout", "x", x, [p.n]);
    if (!(p.rate >= 0 && p.rate < 1)) {
      throw new Error(`dropout: expected a rate in [0, 1), got ${p.rate}`);
    }
  },
  rope(x, p) {
    for (const key of ["rows", "t", "dim"] as const) size("rope", key, p[key]);
    if (p.dim % 2 !== 0) throw new Error(`rope: expected an even dim, got ${p.dim}`);
    length("rope", "x", x, [p.rows, p.t, p.dim]);
    size("rope", "offset", p.offset ?? 0);
  },
  adam(param, grad, m, v, normSq, p) {
    size("adam", "n", p.n);
    if (!Number.isInteger(p.step) || p.step < 1) {
      throw new Error(`adam: expected a 1-based integer step, got ${p.step}`);
    }
    for (const [name, s] of [["param", param], ["grad", grad], ["m", m], ["v", v]] as const) {
      length("adam", name, s, [p.n]);
    }
    if (p.clip) {
      if (!normSq) throw new Error("adam: clip is set, expected a normSq storage, got null");
      length("adam", "normSq", normSq, [1]);
    }
  },
} satisfies CheckGroup;
