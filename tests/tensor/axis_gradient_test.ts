/**
 * The tape's sparse slice gradients (AxisGradient): slicing a tensor into pieces, using it
 * whole as well, or slicing the same window twice gives the gradients of the dense rule.
 */
import { ops } from "../../src/engine/mod.ts";
import { Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import { assertClose } from "../support/assert_close.ts";
import { randomArray } from "../support/backends.ts";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { testOnBackends } from "../support/gpu.ts";

const x0 = randomArray(2 * 5 * 3, 5);
const w = randomArray(2 * 5 * 3, 6);

/** d/dx of sum(f(x) * w) for x [2, 5, 3]. */
async function gradOf(backend: Backend, f: (x: Tensor) => Tensor): Promise<Float32Array> {
  const g = tidy(() => {
    const x = Tensor.from(backend, x0, [2, 5, 3]);
    x.requiresGrad = true;
    const tape = new Tape();
    const loss = tape.record(() => ops.sum(ops.mul(f(x), Tensor.from(backend, w, [2, 5, 3]))));
    return tape.backward(loss, [x]).get(x)!;
  });
  const out = await g.toArray();
  g.dispose();
  return out;
}

/** Pieces along axis 1 with sizes [1, 2, 2], scaled differently and joined again. */
const pieces = (x: Tensor) => {
  const [a, b, c] = ops.split(x, 1, [1, 2, 2]);
  return ops.concat([ops.scale(a, 2), ops.scale(b, -3), ops.mul(c, c)], 1);
};
/** The same map without slices: 2x, -3x, x^2 by position along axis 1. */
function piecesReference(): Float32Array {
  const g = new Float32Array(x0.length);
  for (let b = 0; b < 2; b++) {
    for (let t = 0; t < 5; t++) {
      for (let c = 0; c < 3; c++) {
        const i = (b * 5 + t) * 3 + c;
        g[i] = w[i] * (t < 1 ? 2 : t < 3 ? -3 : 2 * x0[i]);
      }
    }
  }
  return g;
}

testOnBackends(
  "slices of one tensor: sparse gradients add up to the dense rule",
  async (backend) => {
    assertClose(await gradOf(backend, pieces), piecesReference(), {
      rtol: 1e-5,
      atol: 1e-6,
      what: `${backend.name} split`,
    });
    // x used whole and through slices (one of them twice): 1 + window counts.
    const mixed = (x: Tensor) => {
      const s = ops.slice(x, 1, 1, 3); // [2, 3, 3]
      const again = ops.slice(x, 1, 1, 3);
      const padded = ops.concat(
        [ops.slice(x, 1, 0, 1), ops.add(s, again), ops.slice(x, 1, 4, 1)],
        1,
      );
      return ops.add(x, padded);
    };
    const expected = new Float32Array(x0.length);
    for (let i = 0; i < x0.length; i++) {
      const t = Math.floor(i / 3) % 5;
      expected[i] = w[i] * (t >= 1 && t <= 3 ? 3 : 2);
    }
    assertClose(await gradOf(backend, mixed), expected, {
      rtol: 1e-5,
      atol: 1e-6,
      what: `${backend.name} whole + slices`,
    });
  },
);
