/**
 * TrainLoop alone, with scripted steps and dev scores instead of a model: a "parameter" holds
 * the step that last wrote it, each step's loss is given, and evaluation returns the next score
 * of a list. So the loop's rules (intervals, evaluation, patience, target, the kept parameters,
 * signals, divergence) are checked exactly, in milliseconds.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { keep, ops, Tensor } from "../../src/engine/mod.ts";
import type { Metrics } from "../../src/train/evaluate.ts";
import { learningRate } from "../../src/train/schedule.ts";
import {
  type EvaluationEvent,
  type LoopHooks,
  type LoopRecipe,
  TrainLoop,
  type TrainProgress,
} from "../../src/train/train_loop.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const plan: LoopRecipe = {
  steps: 10,
  lr: 1e-3,
  warmup: 2,
  logEvery: 3,
  evalEvery: 1000,
  patience: 2,
  targetExactMatch: 1,
};

/** A dev score with this exact match (token accuracy alongside, unless given). */
function score(exactMatch: number, tokenAccuracy = exactMatch): Metrics {
  return { exactMatch, tokenAccuracy, count: 16 };
}

interface Scripted {
  /** Loss of step s (1-based); default s. */
  loss?: (step: number) => number;
  /** Dev scores, one per evaluation (the last repeats). */
  dev?: Metrics[];
  hooks?: LoopHooks;
  backend?: Backend;
}

/** Runs a loop over one parameter [2] that each step overwrites with [step, lr]. */
async function runScripted(recipe: Partial<LoopRecipe>, script: Scripted = {}) {
  const backend = script.backend ?? cpuBackend;
  const liveBefore = backend.stats.liveBytes;
  const param = keep(Tensor.zeros(backend, [2]));
  const lrs: number[] = [];
  const progress: TrainProgress[] = [];
  const evaluations: EvaluationEvent[] = [];
  let devCalls = 0;
  const loop = new TrainLoop({
    params: [param],
    recipe: { ...plan, ...recipe },
    step(step, lr) {
      lrs.push(lr);
      ops.assign(param, Tensor.from(backend, [step, lr], [2]));
      return { loss: Tensor.from(backend, [script.loss?.(step) ?? step], [1]), tokens: 10 };
    },
    evaluate: () => {
      const dev = script.dev ?? [score(0)];
      return Promise.resolve(dev[Math.min(devCalls++, dev.length - 1)]);
    },
    epoch: () => 3,
    hooks: {
      ...script.hooks,
      onProgress(p) {
        progress.push({ ...p, curve: [...p.curve] });
        script.hooks?.onProgress?.(p);
      },
      onEvaluation(e) {
        evaluations.push(e);
        script.hooks?.onEvaluation?.(e);
      },
    },
  });
  try {
    const result = await loop.run();
    const kept = await param.toArray();
    return { result, kept, lrs, progress, evaluations, devCalls, loop };
  } finally {
    param.dispose();
    assert.equal(backend.stats.liveBytes, liveBefore, "the loop leaked device memory");
  }
}

Deno.test("TrainLoop reports the mean loss of every logging interval, the last one partial", async () => {
  const { result, progress, lrs } = await runScripted({});
  assert.deepEqual(result.curve, [
    { step: 3, loss: 2 }, // (1 + 2 + 3) / 3
    { step: 6, loss: 5 },
    { step: 9, loss: 8 },
    { step: 10, loss: 10 },
  ]);
  assert.deepEqual(progress.map((p) => [p.step, p.totalSteps, p.epoch]), [
    [3, 10, 3],
    [6, 10, 3],
    [9, 10, 3],
    [10, 10, 3],
  ]);
  assert.deepEqual(progress.at(-1)!.curve, result.curve);
  const schedule = { base: plan.lr, warmup: plan.warmup, total: plan.steps };
  assert.deepEqual(lrs, Array.from({ length: 10 }, (_, i) => learningRate(i + 1, schedule)));
  assert.equal(progress[0].lr, lrs[2]);
  assert.equal(result.steps, 10);
  assert.equal(result.stopReason, "steps");
  assert.ok(result.stepSeconds > 0 && result.medianStepMs > 0);
  assert.ok(Math.abs(result.tokensPerSecond - 100 / result.stepSeconds) < 1e-6);
});

Deno.test(
  "TrainLoop reads the device once per interval and nothing else (webgpu)",
  gpuTest,
  async () => {
    const backend = webgpuOrThrow();
    const trips: number[] = [];
    const start = backend.stats.roundTrips;
    const { result } = await runScripted({}, {
      backend,
      hooks: { onProgress: () => trips.push(backend.stats.roundTrips - start) },
    });
    assert.deepEqual(trips, [1, 2, 3, 4]);
    assert.equal(result.curve.length, 4);
  },
);

Deno.test("TrainLoop evaluates every evalEvery steps and at the end, closing the interval first", async () => {
  const order: string[] = [];
  const { result } = await runScripted({ steps: 8, logEvery: 3, evalEvery: 4, patience: 9 }, {
    dev: [score(0.1), score(0.2)],
    hooks: {
      onProgress: (p) => order.push(`progress ${p.step}`),
      onEvaluation: (e) => order.push(`eval ${e.step}`),
    },
  });
  assert.deepEqual(order, [
    "progress 3",
    "progress 4", // a partial interval ends before the evaluation
    "eval 4",
    "progress 6",
    "progress 8",
    "eval 8",
  ]);
  assert.deepEqual(result.curve.map((p) => p.step), [3, 4, 6, 8]);
  assert.deepEqual(result.evaluations.map((e) => e.step), [4, 8]);
});

Deno.test("TrainLoop stops when patience runs out and puts the best parameters back", async () => {
  const { result, kept, evaluations } = await runScripted(
    { steps: 100, evalEvery: 5, patience: 2 },
    { dev: [score(0.3), score(0.5), score(0.4), score(0.5, 0.4)] },
  );
  assert.equal(result.stopReason, "patience");
  assert.equal(result.steps, 20); // best at 10; 15 and 20 do not beat it
  assert.equal(result.bestStep, 10);
  assert.equal(result.keptBy, "dev");
  assert.deepEqual(result.dev, score(0.5));
  assert.equal(kept[0], 10, "the parameters of step 10 were put back");
  assert.deepEqual(evaluations.map((e) => e.improved), [true, true, false, false]);
});

Deno.test("TrainLoop counts equal exact match with better token accuracy as an improvement", async () => {
  const { result, kept } = await runScripted(
    { steps: 100, evalEvery: 5, patience: 1 },
    { dev: [score(0.5, 0.6), score(0.5, 0.7), score(0.5, 0.7)] },
  );
  assert.equal(result.bestStep, 10);
  assert.equal(result.steps, 15);
  assert.equal(kept[0], 10);
});

Deno.test("TrainLoop stops at the dev target: 'target' before the last step, 'steps' on it", async () => {
  const early = await runScripted({ steps: 100, evalEvery: 5, targetExactMatch: 0.9 }, {
    dev: [score(0.5), score(0.95)],
  });
  assert.equal(early.result.stopReason, "target");
  assert.equal(early.result.steps, 10);
  assert.equal(early.kept[0], 10, "the best is the last: nothing to put back");
  const onLast = await runScripted({ steps: 10, evalEvery: 5, targetExactMatch: 0.9 }, {
    dev: [score(0.5), score(0.95)],
  });
  assert.equal(onLast.result.stopReason, "steps");
});

Deno.test("TrainLoop stops between steps on a signal and keeps the best so far", async () => {
  const controller = new AbortController();
  const finishing: unknown[] = [];
  const { result, kept, devCalls } = await runScripted(
    { steps: 100, evalEvery: 4, logEvery: 3, patience: 9 },
    {
      dev: [score(0.5), score(0.2)],
      hooks: {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step === 9) controller.abort();
        },
        onFinishing: (info) => finishing.push(info),
      },
    },
  );
  assert.equal(result.stopReason, "interrupted");
  assert.equal(result.steps, 9);
  assert.equal(result.bestStep, 4);
  assert.equal(kept[0], 4);
  assert.equal(devCalls, 2, "no evaluation after the signal");
  assert.deepEqual(finishing, [
    { step: 9, bestStep: 4, keptBy: "dev", interrupted: true, scoring: false },
  ]);
});

Deno.test("TrainLoop stopped before any evaluation keeps the last parameters, not scored", async () => {
  const controller = new AbortController();
  const { result, kept, devCalls } = await runScripted({ steps: 100, evalEvery: 50 }, {
    dev: [score(0.25)],
    hooks: {
      signal: controller.signal,
      onProgress: (p) => p.step === 6 && controller.abort(),
    },
  });
  assert.equal(result.keptBy, "last");
  assert.equal(result.bestStep, 6);
  assert.equal(result.dev.count, 0, "not scored: the stop returns at once");
  assert.equal(devCalls, 0);
  assert.equal(kept[0], 6);
  assert.deepEqual(result.evaluations, []);
});

Deno.test("TrainLoop with scoreOnStop scores the last parameters on dev after a stop", async () => {
  const controller = new AbortController();
  const { result, devCalls } = await runScripted({ steps: 100, evalEvery: 50 }, {
    dev: [score(0.25)],
    hooks: {
      signal: controller.signal,
      scoreOnStop: true,
      onProgress: (p) => p.step === 6 && controller.abort(),
    },
  });
  assert.equal(result.keptBy, "last");
  assert.deepEqual(result.dev, score(0.25));
  assert.equal(devCalls, 1);
});

Deno.test("TrainLoop drops an evaluation a signal cut short and keeps the best before it", async () => {
  const controller = new AbortController();
  let calls = 0;
  const param = keep(Tensor.zeros(cpuBackend, [1]));
  try {
    const loop = new TrainLoop({
      params: [param],
      recipe: { ...plan, steps: 100, evalEvery: 4, logEvery: 4, patience: 9 },
      step: (step) => {
        ops.assign(param, Tensor.from(cpuBackend, [step], [1]));
        return { loss: Tensor.from(cpuBackend, [1], [1]), tokens: 1 };
      },
      evaluate: (signal) => {
        calls++;
        if (calls === 2) controller.abort(); // Ctrl-C in the middle of the second evaluation
        return Promise.resolve(signal?.aborted ? score(0.9, 3) : score(0.5));
      },
      hooks: { signal: controller.signal },
    });
    const result = await loop.run();
    assert.equal(result.stopReason, "interrupted");
    assert.equal(result.bestStep, 4, "the partial score of step 8 is no score");
    assert.deepEqual(result.evaluations.map((e) => e.step), [4]);
    assert.deepEqual([...await param.toArray()], [4]);
  } finally {
    param.dispose();
  }
});

Deno.test("TrainLoop aborted before its first step: no step, no interval, a median of 0", async () => {
  const controller = new AbortController();
  controller.abort();
  const { result, lrs } = await runScripted({}, { hooks: { signal: controller.signal } });
  assert.deepEqual(lrs, []);
  assert.equal(result.steps, 0);
  assert.equal(result.medianStepMs, 0);
  assert.deepEqual(result.curve, []);
});

Deno.test("TrainLoop stops with the step and a smaller --lr when the loss diverges", async () => {
  await assert.rejects(
    runScripted({}, { loss: (s) => (s === 5 ? NaN : 1) }),
    /training diverged at step 6: the loss is NaN; try a smaller --lr than 0\.001/,
  );
});

Deno.test("TrainLoop runs once", async () => {
  const { loop } = await runScripted({ steps: 1 });
  await assert.rejects(loop.run(), /a loop runs once/);
});
