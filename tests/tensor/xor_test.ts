/**
 * End to end: a 2-16-1 tanh MLP learns XOR with Adam on both backends, each
 * step inside tidy(), and a webgpu training step costs at most one GPU round
 * trip (only when the loss is read).
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { ops } from "../../src/engine/mod.ts";
import { keep, Tape, Tensor, tidy } from "../../src/engine/mod.ts";
import { Adam, warmupLr } from "../../src/engine/optim/adam.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const HIDDEN = 16;

interface Mlp {
  params: Tensor[];
  forward: (x: Tensor) => Tensor;
}

/** A 2-16-1 MLP with a tanh hidden layer, initialized from a fixed seed. */
function makeMlp(backend: Backend): Mlp {
  const param = (values: Float32Array, shape: number[]) => {
    const t = keep(Tensor.from(backend, values, shape));
    t.requiresGrad = true;
    return t;
  };
  const w1 = param(randomArray(HIDDEN * 2, 1, -1, 1), [HIDDEN, 2]);
  const b1 = param(new Float32Array(HIDDEN), [HIDDEN]);
  const w2 = param(randomArray(HIDDEN, 2, -0.5, 0.5), [1, HIDDEN]);
  const b2 = param(new Float32Array(1), [1]);
  return {
    params: [w1, b1, w2, b2],
    forward: (x) => ops.linear(ops.tanh(ops.linear(x, w1, b1)), w2, b2), // [N, 1]
  };
}

/** Trains on the four XOR points; reads the loss every `readEvery` steps. */
async function trainXor(
  backend: Backend,
  options: { steps: number; readEvery: number },
): Promise<{ finalLoss: number; roundTripsPerStep: { read: number[]; unread: number[] } }> {
  const mlp = makeMlp(backend);
  const x = keep(Tensor.from(backend, [0, 0, 0, 1, 1, 0, 1, 1], [4, 2]));
  const y = keep(Tensor.from(backend, [0, 1, 1, 0], [4, 1]));
  const adam = new Adam(mlp.params, { lr: 0.05, clipNorm: 5 }); // lr: overridden by the schedule
  const read: number[] = [];
  const unread: number[] = [];
  let finalLoss = NaN;
  for (let step = 1; step <= options.steps; step++) {
    const before = backend.stats.roundTrips;
    const loss = tidy(() => {
      const tape = new Tape();
      const loss = tape.record(() => ops.mean(ops.square(ops.sub(mlp.forward(x), y))));
      const grads = tape.backward(loss, mlp.params);
      adam.step(grads, { lr: warmupLr(step, { base: 0.05, warmup: 20 }) });
      return loss;
    });
    if (step % options.readEvery === 0 || step === options.steps) {
      finalLoss = (await loss.toArray())[0];
      read.push(backend.stats.roundTrips - before);
    } else {
      unread.push(backend.stats.roundTrips - before);
    }
    loss.dispose();
  }
  await backend.sync();
  adam.dispose();
  for (const t of [...mlp.params, x, y]) t.dispose();
  return { finalLoss, roundTripsPerStep: { read, unread } };
}

Deno.test("an MLP learns XOR with Adam on cpu (loss < 0.01)", async () => {
  const { finalLoss } = await trainXor(cpuBackend, { steps: 400, readEvery: 50 });
  assert.ok(finalLoss < 0.01, `final loss ${finalLoss}`);
});

Deno.test(
  "an MLP learns XOR with Adam on webgpu, one round trip per step read and none otherwise",
  gpuTest,
  async () => {
    const { finalLoss, roundTripsPerStep } = await trainXor(webgpuOrThrow(), {
      steps: 400,
      readEvery: 2,
    });
    assert.ok(finalLoss < 0.01, `final loss ${finalLoss}`);
    assert.ok(roundTripsPerStep.read.every((n) => n <= 1), `read steps: ${roundTripsPerStep.read}`);
    assert.ok(
      roundTripsPerStep.unread.every((n) => n === 0),
      `unread: ${roundTripsPerStep.unread}`,
    );
  },
);

Deno.test("warmupLr() rises linearly to base at the end of warmup, then decays as 1/sqrt(step)", () => {
  assert.equal(warmupLr(1, { base: 1, warmup: 4 }), 0.25);
  assert.equal(warmupLr(4, { base: 1, warmup: 4 }), 1);
  assert.equal(warmupLr(16, { base: 1, warmup: 4 }), 0.5);
  assert.throws(() => warmupLr(0, { base: 1, warmup: 4 }), /1-based step/);
});
