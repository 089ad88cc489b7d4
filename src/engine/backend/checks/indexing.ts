/**
 * The checks of the primitives that move elements by index: embedding lookups, windows along
 * an axis, permutations and strided gathers and scatters.
 */
import type { AxisParams, StridedParams } from "../contract.ts";
import { distinct, length, size } from "./assert.ts";
import type { CheckGroup, Sized } from "./types.ts";

function axisWindow(op: string, p: AxisParams): void {
  for (const key of ["outer", "inner", "axisLen", "start", "len"] as const) size(op, key, p[key]);
  if (p.start + p.len > p.axisLen) {
    throw new Error(
      `${op}: expected start + len <= axisLen ${p.axisLen}, got start ${p.start} and len ${p.len}`,
    );
  }
}

function embeddingSizes(op: string, p: { n: number; dim: number; vocab: number }): void {
  size(op, "n", p.n);
  size(op, "dim", p.dim);
  size(op, "vocab", p.vocab);
}

/**
 * Checks a strided view (rank 1..6, whole sizes and strides) lies inside `storage`; returns
 * its element count.
 */
function stridedView(op: string, storage: Sized, p: StridedParams): number {
  const rank = p.shape.length;
  if (rank < 1 || rank > 6 || p.strides.length !== rank) {
    throw new Error(`${op}: expected a view of rank 1..6 with a stride per dim, got rank ${rank}`);
  }
  p.shape.forEach((d, i) => size(op, `shape[${i}]`, d));
  p.strides.forEach((t, i) => size(op, `strides[${i}]`, t));
  size(op, "offset", p.offset);
  const n = p.shape.reduce((a, d) => a * d, 1);
  const last = p.offset + p.shape.reduce((a, d, i) => a + (d - 1) * p.strides[i], 0);
  if (n > 0 && last >= storage.length) {
    throw new Error(
      `${op}: the view reaches element ${last} of a storage of ${storage.length} elements`,
    );
  }
  return n;
}

/** The checks of embedding, axis windows, permute and strided views. */
export const indexingChecks = {
  embedding(table, ids, p) {
    embeddingSizes("embedding", p);
    length("embedding", "table", table, [p.vocab, p.dim]);
    length("embedding", "ids", ids, [p.n]);
  },
  embeddingBackward(ids, dy, p) {
    embeddingSizes("embeddingBackward", p);
    length("embeddingBackward", "ids", ids, [p.n]);
    length("embeddingBackward", "dy", dy, [p.n, p.dim]);
  },

  sliceAxis(x, p) {
    axisWindow("sliceAxis", p);
    length("sliceAxis", "x", x, [p.outer, p.axisLen, p.inner]);
  },
  writeAxis(dst, src, p) {
    axisWindow("writeAxis", p);
    length("writeAxis", "dst", dst, [p.outer, p.axisLen, p.inner]);
    length("writeAxis", "src", src, [p.outer, p.len, p.inner]);
    distinct("writeAxis", ["src", src], ["dst", dst]);
  },
  accumulateAxis(dst, src, p) {
    axisWindow("accumulateAxis", p);
    length("accumulateAxis", "dst", dst, [p.outer, p.axisLen, p.inner]);
    length("accumulateAxis", "src", src, [p.outer, p.len, p.inner]);
    distinct("accumulateAxis", ["src", src], ["dst", dst]);
  },
  permute(x, p) {
    const { shape, perm } = p;
    const rank = shape.length;
    if (rank < 1 || rank > 6) throw new Error(`permute: expected rank 1..6, got rank ${rank}`);
    for (const [i, d] of shape.entries()) size("permute", `shape[${i}]`, d);
    const sorted = [...perm].sort((a, b) => a - b);
    if (perm.length !== rank || sorted.some((v, i) => v !== i)) {
      throw new Error(
        `permute: expected a permutation of 0..${rank - 1}, got [${perm.join(", ")}]`,
      );
    }
    length("permute", "x", x, shape);
  },

  gather(x, p) {
    stridedView("gather", x, p);
  },
  scatterAdd(dst, src, p) {
    const n = stridedView("scatterAdd", dst, p);
    if (src.length !== n) {
      throw new Error(`scatterAdd: src has ${src.length} elements, expected the view's ${n}`);
    }
    if (dst === src) throw new Error("scatterAdd: expected src and dst to be different storages");
  },
} satisfies CheckGroup;
