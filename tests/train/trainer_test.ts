import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import type { Task } from "../../src/data/task.ts";
import { collectExamples } from "../../src/data/split.ts";
import { randomString } from "../../src/data/tasks/random_string.ts";
import {
  disposeModel,
  train,
  type TrainHooks,
  type TrainProgress,
} from "../../src/train/trainer.ts";
import type { Recipe } from "../../src/train/recipes.ts";
import { learningRate } from "../../src/train/schedule.ts";
import { scoreOutput } from "../../src/train/evaluate.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

/** Copy strings of exactly 5 letters from a-f: one length, so no per-length caches grow. */
const fixedCopy: Task = {
  name: "fixed-copy",
  tokenizer: "char",
  summary: "copy 5 letters",
  summaryKo: "다섯 글자 베끼기",
  maxSrcTokens: 5,
  maxTgtTokens: 5,
  examples(split, count, seed = 1) {
    return collectExamples(split, count, seed, {
      generate(rng) {
        const src = randomString(rng, "abcdef", { minLength: 5, maxLength: 5 });
        return { src, tgt: src };
      },
    });
  },
};

/** A model and run small enough for a test: seconds on either backend. */
const tiny: Partial<Recipe> = {
  model: { dModel: 16, heads: 2, encoderLayers: 1, decoderLayers: 1, ffn: 32 },
  steps: 40,
  batchSize: 16,
  lr: 1e-2,
  warmup: 5,
  dropout: 0.1,
  labelSmoothing: 0.05,
  logEvery: 10,
  evalEvery: 1000,
  data: { train: 400, dev: 16, test: 16 },
};

/** Trains the tiny transformer, recording the counters at each progress report. */
async function trainTiny(
  backend: Backend,
  recipe: Partial<Recipe> = {},
  options: Pick<TrainHooks, "signal" | "onScoring" | "scoreOnStop"> & {
    onProgress?: (p: TrainProgress) => void;
  } = {},
) {
  const startTrips = backend.stats.roundTrips;
  const trips: number[] = [];
  const live: number[] = [];
  const trained = await train(
    { task: fixedCopy, arch: "transformer", recipe: { ...tiny, ...recipe }, seed: 7 },
    backend,
    {
      ...options,
      onProgress(p) {
        trips.push(backend.stats.roundTrips - startTrips);
        live.push(backend.stats.liveBytes);
        options.onProgress?.(p);
      },
    },
  );
  disposeModel(trained.model);
  return { trained, trips, live };
}

/** The cpu backend with its reads counted (cpu has no round trips of its own). */
function countingCpu(): { backend: Backend; reads: () => number } {
  let reads = 0;
  const backend = new Proxy(cpuBackend, {
    get(target, key) {
      if (key === "read") {
        return (s: unknown) => {
          reads++;
          return target.read(s as Float32Array);
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Backend;
  return { backend, reads: () => reads };
}

Deno.test("train() lowers a tiny transformer's loss over 40 steps on cpu", async () => {
  const { trained } = await trainTiny(cpuBackend);
  const first = trained.curve[0].loss;
  const last = trained.curve.at(-1)!.loss;
  assert.equal(trained.curve.length, 4);
  assert.ok(last < 0.85 * first, `loss ${first} -> ${last}`);
  assert.equal(trained.steps, 40);
  assert.equal(trained.stopReason, "steps");
});

Deno.test(
  "train() lowers a tiny transformer's loss over 40 steps on webgpu, as on cpu",
  gpuTest,
  async () => {
    const [gpu, cpu] = [await trainTiny(webgpuOrThrow()), await trainTiny(cpuBackend)];
    const first = gpu.trained.curve[0].loss;
    const last = gpu.trained.curve.at(-1)!.loss;
    assert.ok(last < 0.85 * first, `loss ${first} -> ${last}`);
    // Same seed, same data, same dropout masks: the curves agree to float32 noise.
    gpu.trained.curve.forEach((p, i) => {
      assert.ok(Math.abs(p.loss - cpu.trained.curve[i].loss) < 2e-2 * cpu.trained.curve[i].loss);
    });
  },
);

Deno.test("train() lowers a tiny GRU + Luong model's loss on cpu", async () => {
  const trained = await train({
    task: fixedCopy,
    arch: "gru",
    attention: "luong-general",
    recipe: { ...tiny, model: { embed: 16, hidden: 32 } },
    seed: 3,
  }, cpuBackend);
  disposeModel(trained.model);
  const first = trained.curve[0].loss;
  const last = trained.curve.at(-1)!.loss;
  assert.ok(last < 0.8 * first, `loss ${first} -> ${last}`);
});

Deno.test(
  "train() reads back at most once per logging interval on webgpu and leaks nothing",
  gpuTest,
  async () => {
    const { trips, live } = await trainTiny(webgpuOrThrow(), { steps: 50 });
    // Cumulative round trips at each report: one more per interval, never more.
    assert.deepEqual(trips, [1, 2, 3, 4, 5]);
    assert.ok(live.every((b) => b === live[0]), `live bytes per interval: ${live}`);
  },
);

Deno.test("train() reads back at most once per logging interval on cpu and leaks nothing", async () => {
  const { backend, reads } = countingCpu();
  const counts: number[] = [];
  const { live } = await trainTiny(backend, { steps: 50 }, {
    onProgress: () => counts.push(reads()),
  });
  assert.deepEqual(counts, [1, 2, 3, 4, 5]);
  assert.ok(live.every((b) => b === live[0]), `live bytes per interval: ${live}`);
});

Deno.test("train() is reproducible: the same seed gives the same loss curve", async () => {
  const a = await trainTiny(cpuBackend, { steps: 20 });
  const b = await trainTiny(cpuBackend, { steps: 20 });
  assert.deepEqual(a.trained.curve, b.trained.curve);
});

Deno.test("train() stops early when dev exact match stops improving (patience)", async () => {
  // A learning rate this small changes nothing the dev scores can see.
  const { trained } = await trainTiny(cpuBackend, {
    steps: 200,
    lr: 1e-9,
    evalEvery: 10,
    patience: 2,
  });
  assert.equal(trained.stopReason, "patience");
  assert.ok(trained.stoppedEarly);
  assert.equal(trained.steps, 30); // evals at 10 (best), 20 and 30 (no improvement)
  assert.equal(trained.bestStep, 10);
  assert.equal(trained.evaluations.length, 3);
});

Deno.test("train() stops as soon as dev exact match reaches the target", async () => {
  const { trained } = await trainTiny(cpuBackend, {
    steps: 200,
    evalEvery: 10,
    targetExactMatch: 0,
  });
  assert.equal(trained.stopReason, "target");
  assert.equal(trained.steps, 10);
});

Deno.test("train() stops between steps when aborted and keeps the best parameters", async () => {
  const controller = new AbortController();
  const { trained } = await trainTiny(cpuBackend, { steps: 200, evalEvery: 20 }, {
    onProgress: (p) => {
      if (p.step === 30) controller.abort();
    },
    signal: controller.signal,
  });
  assert.equal(trained.interrupted, true);
  assert.equal(trained.stopReason, "interrupted");
  assert.equal(trained.steps, 30);
  assert.equal(trained.bestStep, 20);
  assert.equal(trained.test.count, 0, "a stopped run is not scored on test unless asked");
  assert.ok(trained.dev.count > 0, "the dev score of step 20 is kept");
});

Deno.test("train() with scoreOnStop scores a stopped run on test, reporting the progress", async () => {
  const controller = new AbortController();
  const scoring: string[] = [];
  const { trained } = await trainTiny(cpuBackend, { steps: 200, evalEvery: 20 }, {
    onProgress: (p) => p.step === 30 && controller.abort(),
    onScoring: (e) => scoring.push(`${e.split} ${e.done}/${e.total}`),
    signal: controller.signal,
    scoreOnStop: true,
  });
  assert.equal(trained.interrupted, true);
  assert.equal(trained.test.count, 16);
  assert.ok(scoring.includes("test 0/16") && scoring.includes("test 16/16"), scoring.join());
  assert.ok(scoring.includes("dev 16/16"), "dev evaluations during training report progress");
});

Deno.test("learningRate() warms up linearly, peaks at base, then decays to the floor", () => {
  const s = { base: 1, warmup: 10, total: 110, floor: 0.1 };
  assert.equal(learningRate(1, s), 0.1);
  assert.equal(learningRate(10, s), 1);
  assert.ok(Math.abs(learningRate(60, s) - 0.55) < 1e-12); // halfway: midpoint of base and floor
  assert.ok(learningRate(100, s) < learningRate(60, s));
  assert.equal(learningRate(110, s), 0.1);
  assert.equal(learningRate(500, s), 0.1);
  assert.throws(() => learningRate(0, s), /1-based/);
});

Deno.test("scoreOutput() needs every token and the <eos> for an exact match", () => {
  assert.deepEqual(scoreOutput([4, 5, 2], [4, 5, 2]), { exact: true, rightTokens: 3 });
  assert.deepEqual(scoreOutput([4, 6, 2], [4, 5, 2]), { exact: false, rightTokens: 2 });
  assert.deepEqual(scoreOutput([4, 5, 5, 2], [4, 5, 2]), { exact: false, rightTokens: 2 });
  assert.deepEqual(scoreOutput([4, 5], [4, 5, 2]), { exact: false, rightTokens: 2 });
});
