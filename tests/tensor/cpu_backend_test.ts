import assert from "node:assert/strict";
import { CpuBackend, type CpuStorage } from "../../src/engine/cpu/backend.ts";
import type { UnaryOp } from "../../src/engine/backend/contract.ts";
import { uniformAt } from "../../src/engine/random.ts";
import { assertClose } from "../support/assert_close.ts";

const cpu = new CpuBackend();
const up = (values: number[]): CpuStorage => cpu.upload(Float32Array.from(values));
const read = (s: CpuStorage): Promise<Float32Array> => cpu.read(s);

/** A deterministic pseudo-random array in [-1, 1) (a small LCG, independent of the code under test). */
function randomValues(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(s / 2 ** 31 - 1);
  }
  return out;
}

// --- matmul ------------------------------------------------------------------

Deno.test("matmul() of a 2x3 and a 3x2 matrix matches the hand product", async () => {
  const a = up([1, 2, 3, 4, 5, 6]); // [[1, 2, 3], [4, 5, 6]]
  const b = up([7, 8, 9, 10, 11, 12]); // [[7, 8], [9, 10], [11, 12]]
  const out = cpu.matmul(a, b, { batch: 1, m: 2, k: 3, n: 2 });
  // [1*7+2*9+3*11, 1*8+2*10+3*12], [4*7+5*9+6*11, 4*8+5*10+6*12]
  assert.deepEqual([...await read(out)], [58, 64, 139, 154]);
});

Deno.test("matmul() with transA, transB and broadcasts matches a naive triple loop", async () => {
  const batch = 3, m = 4, k = 5, n = 6;
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      for (const broadcastA of [false, true]) {
        for (const broadcastB of [false, true]) {
          const aBatch = broadcastA ? 1 : batch;
          const bBatch = broadcastB ? 1 : batch;
          const av = randomValues(aBatch * m * k, 1);
          const bv = randomValues(bBatch * k * n, 2);
          const expected: number[] = [];
          for (let bi = 0; bi < batch; bi++) {
            const ao = broadcastA ? 0 : bi * m * k;
            const bo = broadcastB ? 0 : bi * k * n;
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                let s = 0;
                for (let kk = 0; kk < k; kk++) {
                  const aik = transA ? av[ao + kk * m + i] : av[ao + i * k + kk];
                  const bkj = transB ? bv[bo + j * k + kk] : bv[bo + kk * n + j];
                  s += aik * bkj;
                }
                expected.push(s);
              }
            }
          }
          const out = cpu.matmul(up(av), up(bv), {
            batch,
            m,
            k,
            n,
            transA,
            transB,
            broadcastA,
            broadcastB,
          });
          assertClose(await read(out), expected, {
            what:
              `transA ${transA} transB ${transB} broadcastA ${broadcastA} broadcastB ${broadcastB}`,
          });
        }
      }
    }
  }
});

Deno.test("matmul() rejects an operand of the wrong size with a clear message", () => {
  assert.throws(
    () =>
      cpu.matmul(up(new Array(10).fill(1)), up(new Array(8).fill(1)), {
        batch: 1,
        m: 3,
        k: 4,
        n: 2,
      }),
    /matmul: a has 10 elements, expected 12 for \[batch 1, m 3, k 4\]/,
  );
  assert.throws(
    () => cpu.matmul(up([1]), up([1]), { batch: 1, m: 1.5, k: 1, n: 1 }),
    /matmul: m must be a non-negative integer, got 1.5/,
  );
});

// --- element-wise ------------------------------------------------------------

Deno.test("biasAdd() adds the bias to every row", async () => {
  const out = cpu.biasAdd(up([1, 2, 3, 4, 5, 6]), up([10, 20, 30]), { rows: 2, cols: 3 });
  assert.deepEqual([...await read(out)], [11, 22, 33, 14, 25, 36]);
});

Deno.test("unary() gives hand-computed values for every op", async () => {
  const x = [-1, 0.5, 2];
  // Phi(1) = 0.8413447460685429, Phi(0.5) = 0.6914624612740131, Phi(2) = 0.9772498680518208.
  const cases: [UnaryOp, number[], number?][] = [
    ["relu", [0, 0.5, 2]],
    ["gelu", [-(1 - 0.8413447460685429), 0.5 * 0.6914624612740131, 2 * 0.9772498680518208]],
    ["tanh", [Math.tanh(-1), Math.tanh(0.5), Math.tanh(2)]],
    ["sigmoid", [1 / (1 + Math.E), 1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(-2))]],
    ["exp", [1 / Math.E, Math.sqrt(Math.E), Math.E * Math.E]],
    ["neg", [1, -0.5, -2]],
    ["square", [1, 0.25, 4]],
    ["scale", [3, -1.5, -6], -3],
  ];
  for (const [op, expected, alpha] of cases) {
    const out = cpu.unary(op, up(x), { n: 3, alpha });
    assertClose(await read(out), expected, { what: op, rtol: 1e-6, atol: 1e-7 });
  }
  assertClose(await read(cpu.unary("log", up([1, Math.E, 0.5]), { n: 3 })), [0, 1, -Math.LN2]);
  assertClose(await read(cpu.unary("sqrt", up([4, 0.25, 2]), { n: 3 })), [2, 0.5, Math.SQRT2]);
});

Deno.test("unary() gelu stays accurate in the far negative tail", async () => {
  // gelu(-6) = -6 * Phi(-6) = -6 * 9.865876450377e-10
  const [y] = await read(cpu.unary("gelu", up([-6]), { n: 1 }));
  assert.ok(Math.abs(y / (-6 * 9.865876450377e-10) - 1) < 1e-5, `gelu(-6) = ${y}`);
});

Deno.test("unaryBackward() matches central finite differences for every op", async () => {
  const ops: UnaryOp[] = [
    "relu",
    "gelu",
    "tanh",
    "sigmoid",
    "exp",
    "log",
    "neg",
    "sqrt",
    "square",
    "scale",
  ];
  const x = [0.3, 0.7, 1.3, 2.1]; // positive so log and sqrt are defined; away from relu's kink
  const dy = [1, -2, 0.5, 3];
  const h = 1e-2;
  for (const op of ops) {
    const p = { n: 4, alpha: 1.7 };
    const y = cpu.unary(op, up(x), p);
    const dx = await read(cpu.unaryBackward(op, up(x), y, up(dy), p));
    const plus = await read(cpu.unary(op, up(x.map((v) => v + h)), p));
    const minus = await read(cpu.unary(op, up(x.map((v) => v - h)), p));
    const expected = x.map((_, i) => dy[i] * (plus[i] - minus[i]) / (2 * h));
    assertClose(dx, expected, { what: op, rtol: 2e-3, atol: 2e-3 });
  }
});

Deno.test("binary() repeats the smaller operand over the larger", async () => {
  const a = up([1, 2, 3, 4, 5, 6]);
  const b = up([10, 20, 30]);
  assert.deepEqual([...await read(cpu.binary("add", a, b, { na: 6, nb: 3 }))], [
    11,
    22,
    33,
    14,
    25,
    36,
  ]);
  assert.deepEqual([...await read(cpu.binary("sub", b, a, { na: 3, nb: 6 }))], [
    9,
    18,
    27,
    6,
    15,
    24,
  ]);
  assert.deepEqual([...await read(cpu.binary("mul", a, up([2]), { na: 6, nb: 1 }))], [
    2,
    4,
    6,
    8,
    10,
    12,
  ]);
  assertClose(await read(cpu.binary("div", a, up([2, 4]), { na: 6, nb: 2 })), [
    0.5,
    0.5,
    1.5,
    1,
    2.5,
    1.5,
  ]);
  assert.throws(() => cpu.binary("add", a, up([1, 2, 3, 4]), { na: 6, nb: 4 }), /must divide/);
});

Deno.test("accumulate() adds x * alpha into target in place", async () => {
  const target = up([1, 2, 3]);
  cpu.accumulate(target, up([1, 1, 2]), { n: 3, alpha: 0.5 });
  cpu.accumulate(target, up([1, 1, 1]), { n: 3 });
  assert.deepEqual([...await read(target)], [2.5, 3.5, 5]);
});

// --- softmax -----------------------------------------------------------------

Deno.test("softmax() of [0, ln 2] is [1/3, 2/3]", async () => {
  const out = cpu.softmax(up([0, Math.LN2]), null, { rows: 1, cols: 2 });
  assertClose(await read(out), [1 / 3, 2 / 3]);
});

Deno.test("softmax() rows sum to 1 with a causal mask", async () => {
  const x = up(new Array(9).fill(0)); // [3, 3] of zeros
  const out = await read(cpu.softmax(x, null, { rows: 3, cols: 3, causal: true }));
  assertClose(out, [1, 0, 0, 1 / 2, 1 / 2, 0, 1 / 3, 1 / 3, 1 / 3]);
  // Offset 1: query q sees keys 0..q+1.
  const shifted = await read(cpu.softmax(up(new Array(6).fill(0)), null, {
    rows: 2,
    cols: 3,
    causal: true,
    causalOffset: 1,
  }));
  assertClose(shifted, [1 / 2, 1 / 2, 0, 1 / 3, 1 / 3, 1 / 3]);
});

Deno.test("softmax() causal position is the row within tq, repeating over groups and heads", async () => {
  // [groups 2, heads 1, tq 2, cols 2] of zeros
  const out = await read(cpu.softmax(up(new Array(8).fill(0)), null, {
    rows: 4,
    cols: 2,
    tq: 2,
    heads: 1,
    causal: true,
  }));
  assertClose(out, [1, 0, 0.5, 0.5, 1, 0, 0.5, 0.5]);
});

Deno.test("softmax() applies scale and a per-group key mask; a fully masked row is zeros", async () => {
  const inf = -Infinity;
  // [groups 2, heads 2, tq 1, cols 3]; mask [2, 1, 3]: group 0 masks key 2, group 1 masks all.
  const x = up([0, 0, 5, Math.LN2 / 2, 0, 0, 1, 2, 3, 4, 5, 6]);
  const mask = up([0, 0, inf, inf, inf, inf]);
  const out = await read(cpu.softmax(x, mask, {
    rows: 4,
    cols: 3,
    scale: 2,
    tq: 1,
    heads: 2,
    maskGroups: 2,
    maskRows: 1,
  }));
  assertClose(out, [0.5, 0.5, 0, 2 / 3, 1 / 3, 0, 0, 0, 0, 0, 0, 0]);
  assert.ok(out.every((v) => !Number.isNaN(v)));
});

Deno.test("softmax() mask with maskRows = tq masks per query row", async () => {
  const inf = -Infinity;
  const mask = up([0, inf, 0, 0]); // [1, 2, 2]
  const out = await read(cpu.softmax(up([0, 0, 0, 0]), mask, {
    rows: 2,
    cols: 2,
    tq: 2,
    maskGroups: 1,
    maskRows: 2,
  }));
  assertClose(out, [1, 0, 0.5, 0.5]);
  assert.throws(
    () => cpu.softmax(up([0, 0, 0, 0]), up([0, 0, 0]), { rows: 2, cols: 2, tq: 2, maskRows: 2 }),
    /softmax: mask has 3 elements, expected 4 for \[1, 2, 2\]/,
  );
});

Deno.test("softmaxBackward() gives scale * y * (dy - sum(dy * y))", async () => {
  const y = up([0.5, 0.5, 0.25, 0.75]);
  const dy = up([1, 0, 2, 2]);
  const dx = await read(cpu.softmaxBackward(y, dy, { rows: 2, cols: 2, scale: 2 }));
  // row 0: dot 0.5 -> 2 * [0.5 * 0.5, 0.5 * -0.5]; row 1: dy is constant -> zero gradient.
  assertClose(dx, [0.5, -0.5, 0, 0]);
});

Deno.test("logSoftmax() is stable for large logits", async () => {
  const out = await read(cpu.logSoftmax(up([0, Math.LN2, 1000, 1000]), { rows: 2, cols: 2 }));
  assertClose(out, [Math.log(1 / 3), Math.log(2 / 3), -Math.LN2, -Math.LN2]);
});

// --- cross-entropy -----------------------------------------------------------

const ceLogits = [0, Math.LN2, 5, -3, 1, 1]; // [3, 2]; row 1 is ignored below
const ceTargets = [1, -100, 0];

Deno.test("crossEntropy() averages over non-ignored rows", async () => {
  const loss = cpu.crossEntropy(up(ceLogits), up(ceTargets), {
    rows: 3,
    cols: 2,
    ignoreIndex: -100,
  });
  // row 0: -ln(2/3); row 2: -ln(1/2)
  assertClose(await read(loss), [(-Math.log(2 / 3) + Math.LN2) / 2]);
});

Deno.test("crossEntropy() with label smoothing matches torch's formula", async () => {
  const eps = 0.1;
  const loss = cpu.crossEntropy(up(ceLogits), up(ceTargets), {
    rows: 3,
    cols: 2,
    ignoreIndex: -100,
    labelSmoothing: eps,
  });
  const row0 = (1 - eps) * -Math.log(2 / 3) + eps * (-Math.log(1 / 3) - Math.log(2 / 3)) / 2;
  const row2 = Math.LN2; // uniform logits: every term is ln 2
  assertClose(await read(loss), [(row0 + row2) / 2]);
});

Deno.test("crossEntropy() of only ignored rows is 0, not NaN", async () => {
  const loss = cpu.crossEntropy(up([1, 2]), up([-100]), { rows: 1, cols: 2, ignoreIndex: -100 });
  assert.deepEqual([...await read(loss)], [0]);
  const grad = cpu.crossEntropyBackward(up([1, 2]), up([-100]), up([1]), {
    rows: 1,
    cols: 2,
    ignoreIndex: -100,
  });
  assert.deepEqual([...await read(grad)], [0, 0]);
});

Deno.test("crossEntropy() rejects a target outside the classes", () => {
  assert.throws(
    () => cpu.crossEntropy(up([1, 2]), up([2]), { rows: 1, cols: 2, ignoreIndex: -100 }),
    /expected the target of row 0 in \[0, 2\) or ignoreIndex -100, got 2/,
  );
});

Deno.test("crossEntropyBackward() is (softmax - target) * dLoss / count, zero on ignored rows", async () => {
  const eps = 0.1;
  const grad = await read(cpu.crossEntropyBackward(up(ceLogits), up(ceTargets), up([3]), {
    rows: 3,
    cols: 2,
    ignoreIndex: -100,
    labelSmoothing: eps,
  }));
  const f = 3 / 2;
  const expected = [
    (1 / 3 - eps / 2) * f,
    (2 / 3 - (1 - eps) - eps / 2) * f,
    0,
    0,
    (0.5 - (1 - eps) - eps / 2) * f,
    (0.5 - eps / 2) * f,
  ];
  assertClose(grad, expected);
});

Deno.test("crossEntropyBackward() matches finite differences of crossEntropy", async () => {
  const logits = randomValues(12, 7).map((v) => 2 * v); // [4, 3]
  const targets = [2, 0, -1, 1];
  const p = { rows: 4, cols: 3, ignoreIndex: -1, labelSmoothing: 0.2 };
  const grad = await read(cpu.crossEntropyBackward(up(logits), up(targets), up([1]), p));
  const h = 1e-2;
  const numeric: number[] = [];
  for (let i = 0; i < logits.length; i++) {
    const plus = logits.slice();
    plus[i] += h;
    const minus = logits.slice();
    minus[i] -= h;
    const [lp] = await read(cpu.crossEntropy(up(plus), up(targets), p));
    const [lm] = await read(cpu.crossEntropy(up(minus), up(targets), p));
    numeric.push((lp - lm) / (2 * h));
  }
  assertClose(grad, numeric, { rtol: 1e-2, atol: 1e-4 });
});

// --- layer norm ----------------------------------------------------------------

Deno.test("layerNorm() of [1, 2, 3] uses the biased variance", async () => {
  const { y, mean, rstd } = cpu.layerNorm(up([1, 2, 3]), up([1, 2, 3]), up([0.5, 0, -1]), {
    rows: 1,
    cols: 3,
    eps: 0,
  });
  const s = Math.sqrt(1.5); // var = 2/3, rstd = sqrt(3/2)
  assertClose(await read(mean), [2]);
  assertClose(await read(rstd), [s]);
  assertClose(await read(y), [-s + 0.5, 0, 3 * s - 1]);
});

Deno.test("layerNormBackward() matches finite differences of sum(w * layerNorm(x))", async () => {
  const rows = 2, cols = 4, eps = 1e-5;
  const x = randomValues(rows * cols, 3);
  const gamma = randomValues(cols, 4).map((v) => v + 1.5);
  const beta = randomValues(cols, 5);
  const w = randomValues(rows * cols, 6); // dy
  const objective = async (xv: number[], gv: number[], bv: number[]) => {
    const { y } = cpu.layerNorm(up(xv), up(gv), up(bv), { rows, cols, eps });
    return (await read(y)).reduce((acc, v, i) => acc + v * w[i], 0);
  };
  const { mean, rstd } = cpu.layerNorm(up(x), up(gamma), up(beta), { rows, cols, eps });
  const { dx, dgamma, dbeta } = cpu.layerNormBackward(up(x), up(gamma), mean, rstd, up(w), {
    rows,
    cols,
  });
  const h = 1e-2;
  const numeric = async (values: number[], f: (v: number[]) => Promise<number>) => {
    const out: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const plus = values.slice();
      plus[i] += h;
      const minus = values.slice();
      minus[i] -= h;
      out.push((await f(plus) - await f(minus)) / (2 * h));
    }
    return out;
  };
  const tol = { rtol: 1e-2, atol: 2e-3 };
  assertClose(await read(dx), await numeric(x, (v) => objective(v, gamma, beta)), tol);
  assertClose(await read(dgamma), await numeric(gamma, (v) => objective(x, v, beta)), tol);
  assertClose(await read(dbeta), await numeric(beta, (v) => objective(x, gamma, v)), tol);
});

// --- embedding -----------------------------------------------------------------

Deno.test("embedding() gives zero rows for out-of-range and non-integer ids", async () => {
  const table = up([1, 2, 3, 4, 5, 6]); // [vocab 3, dim 2]
  const ids = up([2, -1, 0, 3, 1.5]);
  const out = await read(cpu.embedding(table, ids, { n: 5, dim: 2, vocab: 3 }));
  assert.deepEqual([...out], [5, 6, 0, 0, 1, 2, 0, 0, 0, 0]);
});

Deno.test("embeddingBackward() sums rows of repeated ids and ignores bad ids", async () => {
  const ids = up([1, 1, 7, 0]);
  const dy = up([1, 2, 10, 20, 100, 200, 3, 4]); // [4, 2]
  const out = await read(cpu.embeddingBackward(ids, dy, { n: 4, dim: 2, vocab: 3 }));
  assert.deepEqual([...out], [3, 4, 11, 22, 0, 0]);
});

// --- layout ----------------------------------------------------------------------

Deno.test("sliceAxis() and writeAxis() take and put a span of the middle axis", async () => {
  const x = up([...Array(12).keys()]); // [outer 2, axisLen 3, inner 2]
  const p = { outer: 2, inner: 2, axisLen: 3, start: 1, len: 2 };
  assert.deepEqual([...await read(cpu.sliceAxis(x, p))], [2, 3, 4, 5, 8, 9, 10, 11]);
  const dst = up(new Array(12).fill(0));
  cpu.writeAxis(dst, up([1, 1, 2, 2, 3, 3, 4, 4]), p);
  assert.deepEqual([...await read(dst)], [0, 0, 1, 1, 2, 2, 0, 0, 3, 3, 4, 4]);
  assert.throws(() => cpu.sliceAxis(x, { ...p, start: 2 }), /start \+ len <= axisLen 3/);
});

Deno.test("permute() of a 2x3x4 tensor moves every element to its permuted index", async () => {
  const shape = [2, 3, 4];
  const x = up([...Array(24).keys()]); // value = flat index = i*12 + j*4 + k
  for (const perm of [[0, 1, 2], [2, 0, 1], [1, 0, 2], [2, 1, 0], [0, 2, 1], [1, 2, 0]]) {
    const out = await read(cpu.permute(x, { shape, perm }));
    const outShape = perm.map((d) => shape[d]);
    const expected: number[] = [];
    for (let a = 0; a < outShape[0]; a++) {
      for (let b = 0; b < outShape[1]; b++) {
        for (let c = 0; c < outShape[2]; c++) {
          const index = [0, 0, 0];
          index[perm[0]] = a;
          index[perm[1]] = b;
          index[perm[2]] = c;
          expected.push(index[0] * 12 + index[1] * 4 + index[2]);
        }
      }
    }
    assert.deepEqual([...out], expected, `perm [${perm}]`);
  }
});

Deno.test("permute() handles rank 1 and rank 6 and rejects bad permutations", async () => {
  assert.deepEqual([...await read(cpu.permute(up([1, 2, 3]), { shape: [3], perm: [0] }))], [
    1,
    2,
    3,
  ]);
  // rank 6 with two non-trivial dims: a [2, 3] transpose in disguise.
  const t = await read(cpu.permute(up([1, 2, 3, 4, 5, 6]), {
    shape: [1, 2, 1, 3, 1, 1],
    perm: [0, 3, 2, 1, 4, 5],
  }));
  assert.deepEqual([...t], [1, 4, 2, 5, 3, 6]);
  assert.throws(() => cpu.permute(up([1, 2]), { shape: [1, 2], perm: [0, 0] }), /permutation/);
  assert.throws(
    () => cpu.permute(up([1]), { shape: [1, 1, 1, 1, 1, 1, 1], perm: [0, 1, 2, 3, 4, 5, 6] }),
    /expected rank 1..6, got rank 7/,
  );
});

// --- reductions --------------------------------------------------------------------

Deno.test("sumRows(), sumCols() and sumSquares() give the hand sums", async () => {
  const x = up([1, 2, 3, 4, 5, 6]); // [2, 3]
  assert.deepEqual([...await read(cpu.sumRows(x, { rows: 2, cols: 3 }))], [6, 15]);
  assert.deepEqual([...await read(cpu.sumCols(x, { rows: 2, cols: 3 }))], [5, 7, 9]);
  assert.deepEqual([...await read(cpu.sumSquares(x, { n: 6 }))], [91]);
});

Deno.test("argmax() takes the first maximum and treats NaN as smallest", async () => {
  const x = up([1, 3, 3, NaN, 2, 1, NaN, NaN, NaN, -Infinity, -Infinity, -Infinity]); // [4, 3]
  assert.deepEqual([...await read(cpu.argmax(x, { rows: 4, cols: 3 }))], [1, 1, 0, 0]);
  const y = up([NaN, -5, -1]);
  assert.deepEqual([...await read(cpu.argmax(y, { rows: 1, cols: 3 }))], [2]);
});

// --- dropout -------------------------------------------------------------------------

Deno.test("dropout() keeps about 1 - rate of 10000 elements, scaled by 1 / (1 - rate)", async () => {
  const n = 10000, rate = 0.3;
  const out = await read(cpu.dropout(cpu.full(n, 2), { n, rate, seed: 17 }));
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const keep = uniformAt(17, i) >= rate;
    assert.equal(out[i], keep ? Math.fround(2 / (1 - rate)) : 0, `element ${i}`);
    if (out[i] !== 0) kept++;
  }
  // 4.5 standard deviations of Binomial(10000, 0.7) is about 206.
  assert.ok(Math.abs(kept - n * (1 - rate)) < 206, `kept ${kept}`);
});

Deno.test("dropout() is deterministic per seed, differs across seeds, and rate 0 is identity", async () => {
  const n = 1000;
  const x = up(randomValues(n, 9));
  const a = await read(cpu.dropout(x, { n, rate: 0.5, seed: 1 }));
  const b = await read(cpu.dropout(x, { n, rate: 0.5, seed: 1 }));
  const c = await read(cpu.dropout(x, { n, rate: 0.5, seed: 2 }));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(await read(cpu.dropout(x, { n, rate: 0, seed: 1 })), await read(x));
  assert.throws(
    () => cpu.dropout(x, { n, rate: 1, seed: 1 }),
    /expected a rate in \[0, 1\), got 1/,
  );
  assert.throws(() => cpu.dropout(x, { n, rate: -0.1, seed: 1 }), /rate in \[0, 1\)/);
});

// --- rope ------------------------------------------------------------------------------

Deno.test("rope() of a pair at position 1 with dim 2 is a 1-radian rotation", async () => {
  // t = 2: position 0 is unchanged, position 1 rotates (1, 0) -> (cos 1, sin 1).
  const out = await read(cpu.rope(up([3, 4, 1, 0]), { rows: 1, t: 2, dim: 2 }));
  assertClose(out, [3, 4, Math.cos(1), Math.sin(1)], { rtol: 1e-6, atol: 1e-7 });
});

Deno.test("rope() uses angle pos * base^(-2i/dim) per pair and offset shifts positions", async () => {
  const base = 100;
  // dim 4, one token at position 3 (offset 3): pair 0 angle 3, pair 1 angle 3 / 10.
  const out = await read(cpu.rope(up([0, 1, 2, 0]), { rows: 1, t: 1, dim: 4, offset: 3, base }));
  assertClose(out, [-Math.sin(3), Math.cos(3), 2 * Math.cos(0.3), 2 * Math.sin(0.3)], {
    rtol: 1e-6,
    atol: 1e-6,
  });
});

Deno.test("rope() then inverse rope gives back the input", async () => {
  const values = randomValues(3 * 5 * 8, 11); // [rows 3, t 5, dim 8]
  const p = { rows: 3, t: 5, dim: 8, offset: 4 };
  const rotated = cpu.rope(up(values), p);
  assert.notDeepEqual([...await read(rotated)], values.map(Math.fround));
  const back = await read(cpu.rope(rotated, { ...p, inverse: true }));
  assertClose(back, values, { rtol: 1e-5, atol: 1e-6 });
  assert.throws(() => cpu.rope(up([1, 2, 3]), { rows: 1, t: 1, dim: 3 }), /even dim, got 3/);
});

// --- adam ----------------------------------------------------------------------------------

Deno.test("adam() one step with weight decay matches the AdamW formula", async () => {
  const lr = 0.1, beta1 = 0.9, beta2 = 0.99, eps = 1e-8, wd = 0.01;
  const param = up([1, -2]);
  const grad = up([0.5, -1]);
  const m = up([0.1, 0]);
  const v = up([0.04, 0]);
  const step = 2;
  cpu.adam(param, grad, m, v, null, { n: 2, lr, beta1, beta2, eps, step, weightDecay: wd });
  const expect = (p0: number, g: number, m0: number, v0: number) => {
    const decayed = p0 - lr * wd * p0;
    const m1 = beta1 * m0 + (1 - beta1) * g;
    const v1 = beta2 * v0 + (1 - beta2) * g * g;
    const mhat = m1 / (1 - beta1 ** step);
    const vhat = v1 / (1 - beta2 ** step);
    return [decayed - lr * mhat / (Math.sqrt(vhat) + eps), m1, v1];
  };
  const e0 = expect(1, 0.5, 0.1, 0.04);
  const e1 = expect(-2, -1, 0, 0);
  assertClose(await read(param), [e0[0], e1[0]]);
  assertClose(await read(m), [e0[1], e1[1]]);
  assertClose(await read(v), [e0[2], e1[2]]);
});

Deno.test("adam() first step moves each param by about lr against its gradient sign", async () => {
  const param = up([0, 0, 0]);
  cpu.adam(param, up([3, -0.001, 0]), up([0, 0, 0]), up([0, 0, 0]), null, {
    n: 3,
    lr: 0.01,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    step: 1,
  });
  assertClose(await read(param), [-0.01, 0.01, 0], { rtol: 1e-4, atol: 1e-7 });
});

Deno.test("adam() with clip scales the gradient by maxNorm / norm first", async () => {
  const opts = { n: 1, lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1 };
  const m = up([0]);
  const v = up([0]);
  // normSq 25 -> norm 5, maxNorm 1: g = 2 becomes 2 / (5 + 1e-6).
  cpu.adam(up([0]), up([2]), m, v, up([25]), { ...opts, clip: { maxNorm: 1 } });
  const g = 2 / (5 + 1e-6);
  assertClose(await read(m), [0.1 * g]);
  assertClose(await read(v), [0.001 * g * g]);
  // A norm below maxNorm leaves the gradient alone.
  const m2 = up([0]);
  cpu.adam(up([0]), up([2]), m2, up([0]), up([0.25]), { ...opts, clip: { maxNorm: 1 } });
  assertClose(await read(m2), [0.2]);
  assert.throws(
    () => cpu.adam(up([0]), up([2]), up([0]), up([0]), null, { ...opts, clip: { maxNorm: 1 } }),
    /expected a normSq storage, got null/,
  );
});

// --- bookkeeping -----------------------------------------------------------------------------

Deno.test("cpu backend counts dispatches, tracks live bytes and rejects released storages", async () => {
  const backend = new CpuBackend();
  assert.equal(backend.name, "cpu");
  assert.deepEqual(backend.stats, { roundTrips: 0, dispatches: 0, liveBytes: 0 });
  const a = backend.upload(Float32Array.of(1, 2, 3));
  assert.deepEqual(backend.stats, { roundTrips: 0, dispatches: 0, liveBytes: 12 });
  const b = backend.unary("neg", a, { n: 3 });
  const c = backend.full(5, 1);
  assert.equal(backend.stats.dispatches, 2);
  assert.equal(backend.stats.liveBytes, 12 + 12 + 20);
  assert.equal(backend.length(c), 5);
  backend.release(a);
  backend.release(b);
  assert.equal(backend.stats.liveBytes, 20);
  assert.throws(() => backend.release(a), /release: expected a live storage/);
  assert.throws(() => backend.unary("neg", a, { n: 3 }), /unary: expected a live storage/);
  assert.throws(() => backend.release(new Float32Array(2)), /never allocated here/);
  await backend.sync();
  backend.flush();
  assert.equal(backend.stats.roundTrips, 0);
});

Deno.test("cpu backend upload and read copy their data", async () => {
  const source = Float32Array.of(1, 2);
  const s = cpu.upload(source);
  source[0] = 99;
  const first = await cpu.read(s);
  assert.deepEqual([...first], [1, 2]);
  first[1] = 99;
  assert.deepEqual([...await cpu.read(s)], [1, 2]);
});

Deno.test("stage() records a wall-time Timing that takeTimings() returns once", () => {
  const backend = new CpuBackend();
  const result = backend.stage("forward", () => {
    const start = performance.now();
    while (performance.now() - start < 5) { /* busy wait */ }
    return 42;
  });
  assert.equal(result, 42);
  const timings = backend.takeTimings();
  assert.equal(timings.length, 1);
  assert.equal(timings[0].name, "forward");
  assert.ok(timings[0].wallMs >= 4, `wallMs ${timings[0].wallMs}`);
  assert.deepEqual(backend.takeTimings(), []);
  assert.throws(() =>
    backend.stage("boom", () => {
      throw new Error("inner");
    }), /inner/);
  assert.equal(backend.takeTimings()[0].name, "boom");
});
