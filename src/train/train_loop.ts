/**
 * The training loop around the step: when to read the loss (once per logging interval), when to
 * score dev, which parameters to keep (the best on dev, as device-side copies), and when to stop
 * (the planned steps, a dev target, patience run out, or a signal between steps).
 *
 * Readbacks: on webgpu every awaited round trip costs ~11 ms (docs/ARCHITECTURE.md), so a step
 * records its work and never waits. Each step adds its loss into a running device scalar; the
 * loop reads that scalar once per logging interval (the only readback while training), and an
 * evaluation costs what `evaluate` costs (one round trip per dev batch).
 *
 * What a step is, and how dev is scored, come from outside (train() passes trainStep and
 * evaluate), so the loop's rules can be tested with scripted losses and scores.
 */
import { keep, Tensor, tidy } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { median } from "../measure/average.ts";
import { BestParameters } from "./best_parameters.ts";
import { type Metrics, UNSCORED } from "./evaluate.ts";
import type { Recipe } from "./recipes.ts";
import { learningRate } from "./schedule.ts";

/** One point of the loss curve: the mean training loss over a logging interval. */
export interface CurvePoint {
  step: number;
  loss: number;
}

/** Reported once per logging interval (after the interval's single readback). */
export interface TrainProgress {
  step: number;
  totalSteps: number;
  /** Mean loss over the interval just finished. */
  loss: number;
  lr: number;
  epoch: number;
  /** Wall time since training started (evaluations included). */
  elapsedSeconds: number;
  /** Real (non-pad) source + target tokens per second of training steps. */
  tokensPerSecond: number;
  /** Estimated seconds left for the planned steps. */
  etaSeconds: number;
  /** Every interval so far. */
  curve: readonly CurvePoint[];
  /** The best dev exact match so far, null before the first evaluation. */
  bestDevExactMatch: number | null;
}

/** Reported after each dev evaluation. */
export interface EvaluationEvent {
  step: number;
  dev: Metrics;
  /** True when these parameters became the best so far (and were kept). */
  improved: boolean;
}

/**
 * How the kept parameters were chosen: "dev" by the best dev exact match among the
 * evaluations during training; "last" when training stopped before the first evaluation,
 * so the last parameters are kept (and scored on dev afterwards).
 */
export type KeptBy = "dev" | "last";

/** Why training ended. */
export type StopReason = "steps" | "patience" | "target" | "interrupted";

/** The loop's callbacks and its stop control. */
export interface LoopHooks {
  /** Aborting stops training between steps; the best parameters so far are kept. */
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
  onEvaluation?: (event: EvaluationEvent) => void;
  /**
   * After a stop signal, still score the kept parameters (dev when no evaluation had run, and
   * test), which may take a while. Default false: a stopped run returns at once with the
   * scores it has; the rest are UNSCORED.
   */
  scoreOnStop?: boolean;
  /**
   * Called before the kept parameters are scored (which may take a while): `bestStep` is the
   * step whose parameters are kept, chosen by dev exact match, or the last step when no dev
   * evaluation had run yet (`keptBy` says which). `scoring`: whether they will be scored now
   * (false for a stopped run unless scoreOnStop).
   */
  onFinishing?: (
    info: {
      step: number;
      bestStep: number;
      keptBy: KeptBy;
      interrupted: boolean;
      scoring: boolean;
    },
  ) => void;
}

/** The recipe fields the loop follows. */
export type LoopRecipe = Pick<
  Recipe,
  "steps" | "lr" | "warmup" | "logEvery" | "evalEvery" | "patience" | "targetExactMatch"
>;

/** What a {@link TrainLoop} runs. */
export interface TrainLoopOptions {
  /** The parameters whose best values (by dev) are kept; all on one backend. */
  params: readonly Tensor[];
  recipe: LoopRecipe;
  /**
   * Records training step `step` (1-based) at learning rate `lr`, inside the loop's tidy scope,
   * and returns its loss [1] and the real (non-pad) tokens it trained on. Must not read back.
   */
  step: (step: number, lr: number) => { loss: Tensor; tokens: number };
  /**
   * Scores the current parameters on dev; stops between batches once `signal` aborts (the
   * loop then drops the partial score).
   */
  evaluate: (signal?: AbortSignal) => Promise<Metrics>;
  /** The data epoch, for progress reports (default 0). */
  epoch?: () => number;
  hooks?: LoopHooks;
  /** performance.now() when the run began: progress counts elapsed time from it. Default now. */
  startedAt?: number;
}

/** How a loop ended. The parameters then hold the kept values. */
export interface LoopResult {
  /** Optimizer steps taken. */
  steps: number;
  /** The step whose parameters were kept (the best on dev, or the last: see keptBy). */
  bestStep: number;
  keptBy: KeptBy;
  /** Dev scores of the kept parameters. */
  dev: Metrics;
  curve: CurvePoint[];
  evaluations: { step: number; dev: Metrics }[];
  /** Wall time of the steps alone (interval readbacks included, evaluations not). */
  stepSeconds: number;
  /** Median over logging intervals of the wall time per step, in ms (0 without a step). */
  medianStepMs: number;
  /** Real source + target tokens per second of training steps. */
  tokensPerSecond: number;
  stopReason: StopReason;
}

/**
 * Runs steps until one of the recipe's stops and keeps the best parameters. One use: the
 * constructor allocates the best-parameter copies and the device loss sum, and run() frees them.
 */
export class TrainLoop {
  readonly #o: TrainLoopOptions;
  readonly #hooks: LoopHooks;
  readonly #backend: Backend;
  readonly #startedAt: number;
  readonly #best: BestParameters;
  readonly #interval: Interval;
  readonly #curve: CurvePoint[] = [];
  readonly #evaluations: { step: number; dev: Metrics }[] = [];
  #step = 0;
  #sinceImprovement = 0;
  #lastYield = performance.now();
  #ran = false;

  constructor(options: TrainLoopOptions) {
    if (options.params.length === 0) {
      throw new Error("TrainLoop: expected at least one parameter, got none");
    }
    this.#o = options;
    this.#hooks = options.hooks ?? {};
    this.#backend = options.params[0].backend;
    this.#startedAt = options.startedAt ?? performance.now();
    this.#best = new BestParameters(options.params);
    this.#interval = new Interval(this.#backend);
  }

  /** Trains until a stop, then leaves the kept parameters in place and says how it went. */
  async run(): Promise<LoopResult> {
    if (this.#ran) throw new Error("TrainLoop.run: a loop runs once; make a new one");
    this.#ran = true;
    try {
      const stopReason = await this.#stepUntilStop();
      if (this.#interval.steps > 0) await this.#endInterval();
      const kept = await this.#keepBest(stopReason);
      const meter = this.#interval;
      return {
        steps: this.#step,
        ...kept,
        curve: this.#curve,
        evaluations: this.#evaluations,
        stepSeconds: meter.stepSeconds,
        medianStepMs: meter.stepMs.length > 0 ? median(meter.stepMs) : 0,
        tokensPerSecond: meter.tokensPerSecond,
        stopReason,
      };
    } finally {
      this.#best.dispose();
      this.#interval.dispose();
    }
  }

  /** The loop proper: a step, maybe an interval's end, maybe an evaluation, until a stop. */
  async #stepUntilStop(): Promise<StopReason> {
    const { recipe } = this.#o;
    while (this.#step < recipe.steps) {
      if (this.#hooks.signal?.aborted) return "interrupted";
      const step = ++this.#step;
      this.#runStep(step);
      const last = step === recipe.steps;
      if (step % recipe.logEvery === 0 || last) await this.#endInterval();
      if (step % recipe.evalEvery === 0 || last) {
        const stop = await this.#evaluate();
        if (stop) return stop;
      }
      await this.#letSignalsThrough();
    }
    return "steps";
  }

  /** Records one step and its loss into the interval's device sum, then submits it. */
  #runStep(step: number): void {
    const lr = learningRate(step, scheduleOf(this.#o.recipe));
    tidy(() => {
      const { loss, tokens } = this.#o.step(step, lr);
      this.#interval.add(loss, tokens);
    });
    this.#backend.flush(); // let the device start on this step while the next one is recorded
  }

  /** Reads the interval's loss sum (its one readback) and reports progress. */
  async #endInterval(): Promise<void> {
    const { recipe } = this.#o;
    const step = this.#step;
    const loss = await this.#interval.end();
    if (!Number.isFinite(loss)) {
      throw new Error(
        `training diverged at step ${step}: the loss is ${loss}; try a smaller --lr than ${recipe.lr}`,
      );
    }
    this.#curve.push({ step, loss });
    const meter = this.#interval;
    this.#hooks.onProgress?.({
      step,
      totalSteps: recipe.steps,
      loss,
      lr: learningRate(Math.max(step, 1), scheduleOf(recipe)),
      epoch: this.#o.epoch?.() ?? 0,
      elapsedSeconds: (performance.now() - this.#startedAt) / 1000,
      tokensPerSecond: meter.tokensPerSecond,
      etaSeconds: (recipe.steps - step) * (meter.stepSeconds / Math.max(step, 1)),
      curve: this.#curve,
      bestDevExactMatch: this.#best.dev?.exactMatch ?? null,
    });
    meter.restart(); // reporting is not step time
  }

  /** Scores dev, keeps the parameters when they are the best so far; returns a stop, if any. */
  async #evaluate(): Promise<StopReason | null> {
    const { recipe } = this.#o;
    const step = this.#step;
    if (this.#interval.steps > 0) await this.#endInterval();
    const dev = await this.#o.evaluate(this.#hooks.signal);
    if (this.#hooks.signal?.aborted) return "interrupted"; // a partial score is no score
    this.#evaluations.push({ step, dev });
    const improved = this.#best.offer(step, dev);
    this.#sinceImprovement = improved ? 0 : this.#sinceImprovement + 1;
    this.#hooks.onEvaluation?.({ step, dev, improved });
    this.#interval.restart(); // evaluation time is not step time
    if (this.#best.dev!.exactMatch >= recipe.targetExactMatch) {
      return step < recipe.steps ? "target" : "steps";
    }
    return this.#sinceImprovement >= recipe.patience ? "patience" : null;
  }

  /** Puts the best parameters back (or keeps the last, scored now, when dev never ran). */
  async #keepBest(
    stopReason: StopReason,
  ): Promise<{ keptBy: KeptBy; bestStep: number; dev: Metrics }> {
    const step = this.#step;
    const keptBy: KeptBy = this.#best.dev === null ? "last" : "dev";
    const bestStep = keptBy === "last" ? step : this.#best.step;
    const interrupted = stopReason === "interrupted";
    const scoring = !interrupted || (this.#hooks.scoreOnStop ?? false);
    this.#hooks.onFinishing?.({ step, bestStep, keptBy, interrupted, scoring });
    if (keptBy === "last") {
      return { keptBy, bestStep, dev: scoring ? await this.#o.evaluate() : { ...UNSCORED } };
    }
    if (bestStep !== step) this.#best.restore();
    return { keptBy, bestStep, dev: this.#best.dev! };
  }

  /** Lets Ctrl-C (a signal event) through on cpu, where steps never await. */
  async #letSignalsThrough(): Promise<void> {
    if (performance.now() - this.#lastYield <= 100) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#lastYield = performance.now();
  }
}

/** The warmup + cosine schedule of a recipe (schedule.ts). */
function scheduleOf(recipe: Pick<Recipe, "lr" | "warmup" | "steps">) {
  return { base: recipe.lr, warmup: recipe.warmup, total: recipe.steps };
}

/**
 * One logging interval's accounting: the device scalar its losses are summed into, its steps
 * and tokens, and its wall time; across intervals, the step time and tokens so far.
 */
class Interval {
  readonly #backend: Backend;
  #lossSum: Tensor;
  #start = performance.now();
  #tokens = 0;
  /** Steps recorded in this interval. */
  steps = 0;
  /** Wall time of the intervals ended so far, in seconds. */
  stepSeconds = 0;
  /** Real tokens trained on in the intervals ended so far. */
  tokensDone = 0;
  /** Wall ms per step of each interval ended so far. */
  readonly stepMs: number[] = [];

  constructor(backend: Backend) {
    this.#backend = backend;
    this.#lossSum = keep(Tensor.zeros(backend, [1]));
  }

  /** Adds a step's loss [1] to the device sum (no readback). */
  add(loss: Tensor, tokens: number): void {
    this.#backend.accumulate(this.#lossSum.data, loss.data, { n: 1 });
    this.steps++;
    this.#tokens += tokens;
  }

  /** Ends the interval: reads the sum (one round trip) and returns the mean loss per step. */
  async end(): Promise<number> {
    const sum = (await this.#backend.read(this.#lossSum.data))[0];
    this.#lossSum.dispose();
    this.#lossSum = keep(Tensor.zeros(this.#backend, [1]));
    const ms = performance.now() - this.#start;
    this.stepSeconds += ms / 1000;
    this.tokensDone += this.#tokens;
    this.stepMs.push(ms / this.steps);
    const mean = sum / this.steps;
    this.steps = 0;
    this.#tokens = 0;
    return mean;
  }

  /** Starts the clock of the next steps (after a report or an evaluation, which are not steps). */
  restart(): void {
    this.#start = performance.now();
  }

  get tokensPerSecond(): number {
    return this.stepSeconds > 0 ? this.tokensDone / this.stepSeconds : 0;
  }

  dispose(): void {
    this.#lossSum.dispose();
  }
}
