/**
 * The command table the lesson playback test plays lessons through: attn's own commands, except
 * that the three which measure or train (`experiment`, `bench`, `train`) do less work. Each is
 * the real command (same parsing, session cache, views and conclusion functions) given smaller
 * sizes, the way other tests already do:
 *
 * - `experiment NAME`: the registry's experiments run at their `--quick` settings cut further
 *   (fewer training steps, lengths, repetitions and examples); what they print is still measured
 *   and concluded from those measurements, never written out. The lessons all ask for --quick.
 * - `bench SUITE`: `--reps 1` unless the lesson gives --reps; the lengths stay the lesson's, except
 *   `bench generate`'s, each cut to an eighth (its cost grows with the longest: every step up to
 *   it is generated twice, with and without the cache).
 * - `train`: the lesson's --steps and --batch over a 1+1-layer model of width 32 and small
 *   dev/test splits (makeTrainCommand, as tests/train does).
 *
 * Set ATTN_LESSONS_AS_WRITTEN=1 to play the lessons with attn's own table instead (what a learner
 * gets, several minutes longer).
 */
import { commands } from "../../src/cli/commands/mod.ts";
import type { CommandDef } from "../../src/cli/command.ts";
import { benchCommand } from "../../src/cli/commands/bench.ts";
import { makeExperimentCommand } from "../../src/cli/commands/experiment.ts";
import { makeLessonCommand } from "../../src/cli/commands/lesson.ts";
import { makeTrainCommand } from "../../src/cli/commands/train.ts";
import type { Experiment } from "../../src/experiments/experiment.ts";
import {
  bottleneckExperiment,
  bottleneckSettings,
  runBottleneck,
} from "../../src/experiments/bottleneck/mod.ts";
import { costExperiment, costSettings, runCost } from "../../src/experiments/cost/mod.ts";
import {
  gradientPathExperiment,
  gradientPathSettings,
  runGradientPath,
} from "../../src/experiments/gradient_path/mod.ts";
import { headsExperiment, headsSettings, runHeads } from "../../src/experiments/heads/mod.ts";
import { normExperiment, normSettings, runNorm } from "../../src/experiments/norm/mod.ts";
import {
  parallelExperiment,
  parallelSettings,
  runParallel,
} from "../../src/experiments/parallel/mod.ts";
import {
  positionExperiment,
  positionSettings,
  runPosition,
} from "../../src/experiments/position/mod.ts";
import { scalingExperiment } from "../../src/experiments/scaling/mod.ts";
import {
  runSampling,
  samplingExperiment,
  samplingSettings,
} from "../../src/experiments/sampling/mod.ts";
import { kvCacheExperiment, runKvCache } from "../../src/experiments/kv_cache/mod.ts";
import {
  headsAblationExperiment,
  headsAblationSettings,
  runHeadsAblation,
} from "../../src/experiments/heads_ablation/mod.ts";
import {
  inductionExperiment,
  inductionSettings,
  runInduction,
} from "../../src/experiments/induction/mod.ts";
import { parseLengths } from "../../src/cli/parse_number.ts";

/** The experiments at rehearsal sizes: each its --quick settings with the costly fields cut. */
const rehearsalExperiments: readonly Experiment[] = [
  {
    ...bottleneckExperiment,
    run: (ctx) => runBottleneck(ctx, { ...bottleneckSettings.quick, perLength: 8 }),
  },
  {
    ...parallelExperiment,
    run: (ctx) =>
      runParallel(ctx, {
        ...parallelSettings.quick,
        lengths: [8, 32, 128],
        reps: 1,
        trainLength: 16,
        trainBatch: 4,
        trainReps: 1,
      }),
  },
  {
    ...costExperiment,
    run: (ctx) =>
      runCost(ctx, { ...costSettings.quick, lengths: [64, 128, 256], reps: 1, gruReps: 1 }),
  },
  scalingExperiment, // --quick takes about a second already
  {
    ...positionExperiment,
    run: (ctx) =>
      runPosition(ctx, {
        ...positionSettings.quick,
        steps: 20,
        warmup: 5,
        perLength: 8,
        trainExamples: 400,
        shiftDraws: 8,
      }),
  },
  {
    ...gradientPathExperiment,
    run: (ctx) => runGradientPath(ctx, { ...gradientPathSettings.quick, inputs: 2 }),
  },
  {
    ...normExperiment,
    run: (ctx) =>
      runNorm(ctx, {
        ...normSettings.quick,
        layers: 2,
        steps: 8,
        warmup: 3,
        gradSteps: [1, 8],
        train: 256,
        dev: 8,
      }),
  },
  {
    ...headsExperiment,
    run: (ctx) =>
      runHeads(ctx, {
        ...headsSettings.quick,
        timing: { ...headsSettings.quick.timing, dModels: [64], lengths: [16, 64], reps: 1 },
        training: { ...headsSettings.quick.training, steps: 20 },
        probes: 8,
      }),
  },
  {
    ...samplingExperiment,
    run: (ctx) => runSampling(ctx, { ...samplingSettings.quick, draws: 2 }),
  },
  {
    ...kvCacheExperiment,
    run: (ctx) => runKvCache(ctx, { lengths: [4, 8, 16], reps: 1 }),
  },
  {
    ...headsAblationExperiment,
    run: (ctx) =>
      runHeadsAblation(ctx, {
        ...headsAblationSettings.quick,
        model: ctx.model ?? headsAblationSettings.quick.model,
        probes: 16,
      }),
  },
  {
    // A smaller model for fewer steps: whether a head forms is then up to chance, and the
    // lesson reads the computed conclusion either way.
    ...inductionExperiment,
    run: (ctx) =>
      runInduction(ctx, {
        seeds: [1, 2],
        training: {
          ...inductionSettings.quick.training,
          dModel: 16,
          heads: 2,
          steps: 20,
          batchSize: 8,
          warmup: 5,
          measureEvery: 10,
          probes: 4,
        },
      }),
  },
];

/**
 * `bench` with one timed repetition per case unless the command line asks for more, and `bench
 * generate`'s lengths cut to an eighth (at least 2).
 */
const rehearsalBench: CommandDef = {
  ...benchCommand,
  run: (args, options, ctx) => {
    const [suite] = args as string[];
    const len = suite === "generate" && typeof options.len === "string"
      ? eighths(options.len)
      : options.len;
    return benchCommand.run(args, { ...options, reps: options.reps ?? "1", len }, ctx);
  },
};

/** "16,64,256" -> "2,8,32": each length an eighth, at least 2, without repeats. */
function eighths(len: string): string {
  const lengths = parseLengths(len, "--len", { min: 1, max: 4096 });
  return [...new Set(lengths.map((n) => Math.max(2, Math.round(n / 8))))].join(",");
}

/** `train` over a small model and small splits; the lesson's --steps and --batch still apply. */
const rehearsalTrain = makeTrainCommand({
  recipe: {
    model: { dModel: 32, heads: 4, encoderLayers: 1, decoderLayers: 1, ffn: 64 },
    logEvery: 10,
    data: { train: 1000, dev: 16, test: 16 },
  },
});

/** attn's commands with `experiment`, `bench` and `train` at rehearsal sizes, and a `lesson`
 * that plays its lessons through this same table. */
export function rehearsalCommands(): readonly CommandDef[] {
  const swap: Record<string, CommandDef> = {
    experiment: makeExperimentCommand({ experiments: rehearsalExperiments }),
    bench: rehearsalBench,
    train: rehearsalTrain,
    lesson: makeLessonCommand({ commands: () => table }),
  };
  const table = commands.map((c) => swap[c.name] ?? c);
  return table;
}
