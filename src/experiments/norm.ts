/**
 * `experiment norm`: where the LayerNorm sits decides whether a deep Transformer trains at an
 * aggressive learning rate. Post-norm (the 2017 paper, sec. 3.1: x = LN(x + F(x))) puts a
 * LayerNorm on the residual path itself, so the gradient highway passes through every norm and
 * the update of each layer is amplified by those above it; pre-norm (x = x + F(LN(x))) leaves the
 * identity path untouched and trains without warmup (Xiong et al. 2020, "On Layer Normalization
 * in the Transformer Architecture"; Liu et al. 2020, "Understanding the Difficulty of Training
 * Transformers"). Warmup is the usual rescue of post-norm (Vaswani et al. 2017, sec. 5.3).
 *
 * Measured: four training runs of the same deep Transformer (same task, data, seed and peak
 * learning rate), pre-norm and post-norm, each with and without linear warmup, through the
 * project's trainer (src/train/trainer.ts): the loss curve, final and best loss, divergence,
 * dev exact match, and per-layer gradient norms read at a few steps (the trainer's onGradients
 * hook; norms on the device, one readback at the end).
 */
import { type Example, getTask } from "../data/task.ts";
import { encodePairs, prepareTaskData, type SplitCounts } from "../data/batches.ts";
import { EOS } from "../data/vocab.ts";
import { ops } from "../engine/mod.ts";
import type { Tensor } from "../engine/mod.ts";
import { disposeModel, train, type TrainedModel } from "../train/trainer.ts";
import { evaluate, type Metrics } from "../train/evaluate.ts";
import type { Recipe } from "../train/recipes.ts";
import {
  type Bilingual,
  checkAborted,
  type Experiment,
  type ExperimentContext,
  type ExperimentFindings,
  percent,
} from "./experiment.ts";

/** Where each sublayer's LayerNorm sits. */
export type Placement = "pre" | "post";

/** What {@link runNorm} measures. */
export interface NormSettings {
  task: string;
  /** Encoder layers = decoder layers. */
  layers: number;
  dModel: number;
  heads: number;
  ffn: number;
  batch: number;
  steps: number;
  /** The peak learning rate (Adam), the same for all four runs. */
  lr: number;
  /** Linear warmup steps of the two "with warmup" runs (the others start at the peak). */
  warmup: number;
  /** Steps per point of the loss curve (one readback each). */
  logEvery: number;
  /** Steps at which per-layer gradient norms are read (1-based). */
  gradSteps: number[];
  /** Training and dev examples drawn. */
  train: number;
  dev: number;
  seed: number;
}

/*
 * lr: chosen where post-norm without warmup struggles. Measured (sort, d 32, batch 32, Adam,
 * clip 1, seed 1, webgpu; loss at step 40): 6+6 layers at lr 2e-3: all four runs learn
 * (post-norm without warmup 1.71, pre-norm 1.31); at 1e-2 post-norm without warmup stalls at the
 * unigram loss (2.40: it ignores the input) while 15 warmup steps let it learn (1.59) and
 * pre-norm learns either way (1.36, 1.07 with warmup); at 3e-2 post-norm stalls even with 20
 * warmup steps. 4+4 and 5+5 layers at 1e-2 tell the same story (post-norm 2.40 without warmup,
 * 1.42 with; pre-norm 1.15-1.17, 0.82-0.83 with).
 *
 * Depth: the full version trains 6+6 layers (300 steps: pre-norm + warmup reaches 82% dev exact
 * match, post-norm + warmup 25%, post-norm without warmup stays at 2.40). The quick one must
 * finish four runs in well under a minute on a loaded 2-core machine: 6+6 layers took 44-55 s
 * (load 6-12), 5+5 34 s (load 5), 4+4 26 s (load 12); a step's cost is ~1000 dispatches at
 * 6+6, proportional to depth. Cutting 6+6 to 30 steps instead left post-norm + warmup still on
 * its plateau (2.29), hiding what warmup does.
 */
const model = { task: "sort", dModel: 32, heads: 2, ffn: 64 };

export const normSettings = {
  quick: {
    ...model,
    layers: 4,
    batch: 32,
    steps: 40,
    lr: 1e-2,
    warmup: 15,
    logEvery: 2,
    gradSteps: [1, 40],
    train: 2000,
    dev: 32, // decoding 64 took ~1.3 s per run, 32 ~0.6 s
    seed: 1,
  },
  full: {
    ...model,
    layers: 6,
    batch: 32,
    steps: 300,
    lr: 1e-2,
    warmup: 60,
    logEvery: 5,
    gradSteps: [1, 300],
    train: 20000,
    dev: 300,
    seed: 1,
  },
} satisfies Record<string, NormSettings>;

/** Per-layer gradient norms at one step. */
export interface LayerGradients {
  step: number;
  /** "enc 1" ... "dec 6", bottom to top. */
  layers: string[];
  /** sqrt(sum of squared gradients of every parameter of the layer), before clipping. */
  norms: number[];
}

/** How a run ended. */
export type RunOutcome = "learned" | "stalled" | "diverged";

/** One training run. */
export interface NormRun {
  norm: Placement;
  /** Warmup steps (0: the full learning rate from step 1). */
  warmup: number;
  /** The loss curve: mean training loss over each logging interval, at its last step. */
  steps: number[];
  losses: number[];
  /** Mean loss of the first interval. */
  startLoss: number;
  /** Mean loss over the last 20% of the curve (Infinity when the loss became NaN/inf). */
  finalLoss: number;
  bestLoss: number;
  /** The loss became NaN/inf (training stopped there). */
  nonFinite: boolean;
  /** Dev scores of the final parameters; null when the run stopped on a NaN/inf loss. */
  devExactMatch: number | null;
  devTokenAccuracy: number | null;
  gradients: LayerGradients[];
  seconds: number;
}

/** Final losses this much apart (relative to the larger) count as a difference. */
const LOSS_MARGIN = 0.15;
/** A final loss within this fraction of the unigram loss learned nothing beyond frequencies. */
const STALL_MARGIN = 0.05;

/**
 * How a run ended: diverged (NaN/inf, or its final loss above its start), stalled (no better
 * than the unigram loss: predicting token frequencies and ignoring the input), or learned.
 */
export function runOutcome(run: NormRun, unigramLoss: number): RunOutcome {
  if (run.nonFinite || !(run.finalLoss <= run.startLoss)) return "diverged";
  if (run.finalLoss >= unigramLoss * (1 - STALL_MARGIN)) return "stalled";
  return "learned";
}

/** +1 when `a` trained better than `b`, -1 when worse, 0 when about the same. */
function compare(a: NormRun, b: NormRun): number {
  const aBad = a.nonFinite || !(a.finalLoss <= a.startLoss);
  const bBad = b.nonFinite || !(b.finalLoss <= b.startLoss);
  if (aBad || bBad) return aBad && bBad ? 0 : aBad ? -1 : 1;
  const gap = (b.finalLoss - a.finalLoss) / Math.max(a.finalLoss, b.finalLoss);
  return gap >= LOSS_MARGIN ? 1 : gap <= -LOSS_MARGIN ? -1 : 0;
}

function findRun(runs: readonly NormRun[], norm: Placement, warm: boolean): NormRun {
  const run = runs.find((r) => r.norm === norm && (r.warmup > 0) === warm);
  if (!run) {
    throw new Error(
      `norm: expected a ${norm}-norm run ${warm ? "with" : "without"} warmup, got ${
        runs.map((r) => `${r.norm}/${r.warmup}`).join(", ") || "none"
      }`,
    );
  }
  return run;
}

/** Largest over smallest per-layer gradient norm at `step` (1 = even), or null if not read. */
function gradientSpread(run: NormRun, step: number): number | null {
  const at = run.gradients.find((g) => g.step === step);
  if (!at || at.norms.length === 0) return null;
  const min = Math.min(...at.norms);
  return min > 0 ? Math.max(...at.norms) / min : null;
}

/** A ratio for a sentence: 3.9, 12, 7.4e5. */
function ratioText(r: number): string {
  if (r < 10) return r.toFixed(1);
  if (r < 1000) return String(Math.round(r));
  const e = Math.floor(Math.log10(r));
  return `${(r / 10 ** e).toFixed(1)}e${e}`;
}

/** Spreads this many times apart count as a difference in how even the gradients are. */
const SPREAD_RATIO = 3;

/**
 * The conclusion from the four runs alone: which placement ended at the lower loss without
 * warmup and with it (a NaN/inf or rising loss loses), and what warmup changed for each.
 */
export function concludeNorm(
  runs: readonly NormRun[],
  options: { lr: number; unigramLoss: number },
): { headline: ExperimentFindings["headline"]; conclusion: Bilingual } {
  const pre = findRun(runs, "pre", false);
  const post = findRun(runs, "post", false);
  const preWarm = findRun(runs, "pre", true);
  const postWarm = findRun(runs, "post", true);
  const { lr, unigramLoss } = options;
  const cold = compare(pre, post); // > 0: pre-norm better without warmup
  const warm = compare(preWarm, postWarm);
  const outcome = (r: NormRun) => runOutcome(r, unigramLoss);
  const loss = (r: NormRun) => (Number.isFinite(r.finalLoss) ? r.finalLoss.toFixed(2) : "NaN");
  // Gradient evenness across layers, no-warmup runs, at the last step both were read.
  const firstStep = pre.gradients[0]?.step;
  const lastCommon = pre.gradients.map((g) => g.step).filter((step) =>
    post.gradients.some((g) => g.step === step) && gradientSpread(pre, step) !== null &&
    gradientSpread(post, step) !== null
  ).at(-1);
  const preSpread = lastCommon === undefined ? null : gradientSpread(pre, lastCommon);
  const postSpread = lastCommon === undefined ? null : gradientSpread(post, lastCommon);
  const verdict = cold > 0 && warm >= 0
    ? "pre-norm"
    : cold < 0 && warm <= 0
    ? "post-norm"
    : cold === 0 && warm === 0
    ? "same"
    : "mixed";
  const headline = {
    lr,
    unigramLoss: round(unigramLoss),
    preFinal: finite(pre.finalLoss),
    postFinal: finite(post.finalLoss),
    preWarmupFinal: finite(preWarm.finalLoss),
    postWarmupFinal: finite(postWarm.finalLoss),
    preOutcome: outcome(pre),
    postOutcome: outcome(post),
    preWarmupOutcome: outcome(preWarm),
    postWarmupOutcome: outcome(postWarm),
    gradientStep: lastCommon ?? null,
    preGradientSpread: nullableRound(preSpread),
    postGradientSpread: nullableRound(postSpread),
    better: verdict,
  };

  const state = {
    en: (r: NormRun) => {
      const o = outcome(r);
      return o === "learned"
        ? loss(r)
        : o === "stalled"
        ? `${loss(r)} (stalled near the unigram loss ${unigramLoss.toFixed(2)})`
        : r.nonFinite
        ? "NaN (diverged)"
        : `${loss(r)} (diverged above its start ${r.startLoss.toFixed(2)})`;
    },
    ko: (r: NormRun) => {
      const o = outcome(r);
      return o === "learned"
        ? loss(r)
        : o === "stalled"
        ? `${loss(r)}(유니그램 손실 ${unigramLoss.toFixed(2)} 근처에서 정체)`
        : r.nonFinite
        ? "NaN(발산)"
        : `${loss(r)}(시작값 ${r.startLoss.toFixed(2)}보다 커져 발산)`;
    },
  };
  const facts = {
    en: `without warmup pre-norm ended at loss ${state.en(pre)} and post-norm at ${
      state.en(post)
    }; with ${postWarm.warmup} warmup steps pre-norm ended at ${
      state.en(preWarm)
    } and post-norm at ${state.en(postWarm)}`,
    ko: `최종 손실(loss)은 워밍업(warmup) 없이 pre-norm ${state.ko(pre)}, post-norm ${
      state.ko(post)
    }, 워밍업 ${postWarm.warmup} 스텝을 두면 pre-norm ${state.ko(preWarm)}, post-norm ${
      state.ko(postWarm)
    }입니다`,
  };

  let first: Bilingual;
  if (verdict === "pre-norm") {
    first = {
      en: `At peak lr ${lr} pre-norm trained better: ${facts.en}.`,
      ko: `최대 학습률(lr) ${lr}에서 pre-norm이 더 잘 학습했습니다. ${facts.ko}.`,
    };
  } else if (verdict === "post-norm") {
    first = {
      en:
        `At peak lr ${lr} post-norm trained better here: ${facts.en}. This run contradicts the claim.`,
      ko:
        `최대 학습률(lr) ${lr}에서 이번에는 post-norm이 더 잘 학습했습니다. ${facts.ko}. 이 실행은 주장과 반대입니다.`,
    };
  } else if (verdict === "same") {
    first = {
      en:
        `At peak lr ${lr} both placements trained about the same: ${facts.en}. A higher lr or a deeper stack would be needed to separate them.`,
      ko:
        `최대 학습률(lr) ${lr}에서는 LayerNorm 위치에 따른 차이가 거의 없었습니다. ${facts.ko}. 차이를 보려면 더 큰 lr이나 더 깊은 층이 필요합니다.`,
    };
  } else {
    first = {
      en:
        `The evidence is mixed at peak lr ${lr}: ${facts.en}; the better placement changed with warmup.`,
      ko:
        `최대 학습률(lr) ${lr}에서 결과가 엇갈립니다. ${facts.ko}. 워밍업 여부에 따라 더 나은 위치가 바뀌었습니다.`,
    };
  }
  const effect = (withIt: NormRun, without: NormRun) => {
    const c = compare(withIt, without);
    return {
      sign: c,
      en: c > 0 ? "helped" : c < 0 ? "hurt" : "barely changed",
      ko: c > 0 ? "도움이 되었" : c < 0 ? "오히려 해가 되었" : "거의 영향이 없었",
    };
  };
  const onPost = effect(postWarm, post);
  const onPre = effect(preWarm, pre);
  const postChange = `${loss(post)} -> ${loss(postWarm)}`;
  const preChange = `${loss(pre)} -> ${loss(preWarm)}`;
  const second: Bilingual = onPost.sign === onPre.sign
    ? {
      en: `Warmup ${
        onPost.sign === 0 ? "barely changed either" : `${onPost.en} both`
      } post-norm (${postChange}) ${onPost.sign === 0 ? "or" : "and"} pre-norm (${preChange}).`,
      ko: `워밍업은 post-norm(${postChange})과 pre-norm(${preChange}) 모두에 ${onPost.ko}습니다.`,
    }
    : {
      en: `Warmup ${onPost.en} post-norm (${postChange}) and ${onPre.en} pre-norm (${preChange}).`,
      ko:
        `워밍업은 post-norm에 ${onPost.ko}고(${postChange}), pre-norm에는 ${onPre.ko}습니다(${preChange}).`,
    };
  const third = gradientSentence();
  return {
    headline,
    conclusion: {
      en: [first.en, second.en, third?.en].filter(Boolean).join(" "),
      ko: [first.ko, second.ko, third?.ko].filter(Boolean).join(" "),
    },
  };

  /** How uneven the per-layer gradients were (max over min layer), post- against pre-norm. */
  function gradientSentence(): Bilingual | null {
    if (lastCommon === undefined || preSpread === null || postSpread === null) return null;
    const startPre = firstStep === undefined ? null : gradientSpread(pre, firstStep);
    const startPost = firstStep === undefined ? null : gradientSpread(post, firstStep);
    const start = firstStep !== lastCommon && startPre !== null && startPost !== null
      ? {
        en: `; at step ${firstStep}: ${ratioText(startPre)}x and ${ratioText(startPost)}x`,
        ko: `, ${firstStep} 스텝에서는 ${ratioText(startPre)}배와 ${ratioText(startPost)}배`,
      }
      : { en: "", ko: "" };
    const both = {
      en: `pre-norm ${ratioText(preSpread)}x, post-norm ${ratioText(postSpread)}x${start.en}`,
      ko: `pre-norm ${ratioText(preSpread)}배, post-norm ${ratioText(postSpread)}배${start.ko}`,
    };
    const ratio = postSpread / preSpread;
    if (ratio >= SPREAD_RATIO) {
      return {
        en:
          `Post-norm's gradients were the more uneven across layers: at step ${lastCommon} the strongest layer got ${
            ratioText(postSpread)
          }x the weakest one's gradient (${both.en}).`,
        ko:
          `층별 기울기(gradient)는 post-norm 쪽이 더 고르지 않았습니다. ${lastCommon} 스텝에서 가장 큰 층의 기울기가 가장 작은 층의 ${
            ratioText(postSpread)
          }배였습니다(${both.ko}).`,
      };
    }
    if (ratio <= 1 / SPREAD_RATIO) {
      return {
        en:
          `Pre-norm's gradients were the more uneven across layers: at step ${lastCommon} the strongest layer got ${
            ratioText(preSpread)
          }x the weakest one's gradient (${both.en}).`,
        ko:
          `층별 기울기(gradient)는 pre-norm 쪽이 더 고르지 않았습니다. ${lastCommon} 스텝에서 가장 큰 층의 기울기가 가장 작은 층의 ${
            ratioText(preSpread)
          }배였습니다(${both.ko}).`,
      };
    }
    return {
      en:
        `Per-layer gradients were about as uneven in both placements (strongest over weakest layer at step ${lastCommon}: ${both.en}).`,
      ko:
        `층별 기울기(gradient)의 고르기는 두 방식이 비슷했습니다(${lastCommon} 스텝에서 가장 큰 층 / 가장 작은 층: ${both.ko}).`,
    };
  }
}

function round(v: number, digits = 3): number {
  return Number(v.toFixed(digits));
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? round(v) : null;
}

function nullableRound(v: number | null): number | null {
  return v === null ? null : round(v, 2);
}

/**
 * The loss of predicting every target token by its frequency in the training targets (tokens
 * and <eos>), in nats: the plateau of a model that ignores its input.
 */
export function unigramLoss(targets: readonly (readonly number[])[]): number {
  const counts = new Map<number, number>();
  let total = 0;
  for (const tgt of targets) {
    for (const id of [...tgt, EOS]) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
      total++;
    }
  }
  let h = 0;
  for (const c of counts.values()) h -= (c / total) * Math.log(c / total);
  return h;
}

/** "enc 1" ... for a parameter name of the Transformer, or null outside the layer stacks. */
function layerOf(name: string): string | null {
  const m = /^transformer\.(encoder|decoder)\.layers\.(\d+)\./.exec(name);
  return m ? `${m[1] === "encoder" ? "enc" : "dec"} ${Number(m[2]) + 1}` : null;
}

/** Trains one of the four runs; per-layer gradient norms are summed on the device. */
async function trainRun(
  ctx: ExperimentContext,
  settings: NormSettings,
  run: { norm: Placement; warmup: number; index: number; dev: readonly Example[] },
): Promise<NormRun> {
  const started = performance.now();
  const total = settings.steps * 4;
  const label = `${run.norm}-norm, ${run.warmup > 0 ? `warmup ${run.warmup}` : "no warmup"}`;
  // Dev is scored here after training (with Ctrl-C checked between batches), not by the trainer.
  const data: SplitCounts = { train: settings.train, dev: 0, test: 0 };
  const recipe: Partial<Recipe> = {
    model: {
      dModel: settings.dModel,
      heads: settings.heads,
      encoderLayers: settings.layers,
      decoderLayers: settings.layers,
      ffn: settings.ffn,
    },
    steps: settings.steps,
    batchSize: settings.batch,
    lr: settings.lr,
    warmup: run.warmup,
    dropout: 0,
    labelSmoothing: 0,
    logEvery: settings.logEvery,
    evalEvery: settings.steps, // the trainer's dev split is empty: nothing to decode while training
    data,
  };
  const wanted = new Set(settings.gradSteps);
  const sampled: { step: number; layers: string[]; sums: Tensor[] }[] = [];
  const steps: number[] = [];
  const losses: number[] = [];
  let nonFinite = false;
  let trained: TrainedModel | null = null;
  try {
    ctx.progress(run.index * settings.steps, total, label);
    try {
      trained = await train(
        {
          task: getTask(settings.task),
          arch: "transformer",
          norm: run.norm,
          recipe,
          seed: settings.seed,
        },
        ctx.backend,
        {
          signal: ctx.signal,
          onProgress: (p) => {
            steps.push(p.step);
            losses.push(p.loss);
            ctx.progress(run.index * settings.steps + p.step, total, `${label}: step ${p.step}`);
          },
          onGradients: ({ step, grads }) => {
            if (!wanted.has(step)) return;
            const byLayer = new Map<string, Tensor>();
            for (const [name, g] of grads) {
              const layer = layerOf(name);
              if (layer === null) continue;
              const squares = ops.sum(ops.mul(g, g)); // []
              const acc = byLayer.get(layer);
              byLayer.set(layer, acc ? ops.add(acc, squares) : squares);
            }
            const layers = [...byLayer.keys()];
            sampled.push({ step, layers, sums: layers.map((l) => ops.keep(byLayer.get(l)!)) });
          },
        },
      );
    } catch (e) {
      // The trainer stops on a NaN/inf interval loss (and frees the model): a result here.
      if (!(e instanceof Error && /training diverged/.test(e.message))) throw e;
      nonFinite = true;
    }
    checkAborted(ctx.signal);
    let dev: Metrics | null = null;
    if (trained) {
      const pairs = encodePairs(run.dev, trained.data.tokenizers).pairs;
      dev = await evaluate(trained.model, pairs, { backend: ctx.backend, signal: ctx.signal });
      checkAborted(ctx.signal);
    }
    // All readbacks at once: one round trip's wait instead of one per layer.
    const values = await Promise.all(
      sampled.map((s) => Promise.all(s.sums.map((t) => t.toArray()))),
    );
    const gradients: LayerGradients[] = sampled.map((s, i) => ({
      step: s.step,
      layers: s.layers,
      norms: values[i].map((v) => Math.sqrt(v[0])),
    }));
    const tail = Math.max(1, Math.ceil(losses.length / 5));
    const last = losses.slice(-tail);
    return {
      norm: run.norm,
      warmup: run.warmup,
      steps,
      losses,
      startLoss: losses[0] ?? NaN,
      finalLoss: nonFinite || last.length === 0
        ? Infinity
        : last.reduce((a, b) => a + b, 0) / last.length,
      bestLoss: losses.length ? Math.min(...losses) : NaN,
      nonFinite,
      devExactMatch: dev ? dev.exactMatch : null,
      devTokenAccuracy: dev ? dev.tokenAccuracy : null,
      gradients,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const s of sampled) for (const t of s.sums) t.dispose();
    if (trained) disposeModel(trained.model);
  }
}

/** Trains the four runs (pre/post x no warmup/warmup) and compares them. */
export async function runNorm(
  ctx: ExperimentContext,
  settings: NormSettings,
): Promise<ExperimentFindings> {
  if (!(settings.warmup > 0)) {
    throw new Error(`norm: expected warmup > 0 steps for the warmup runs, got ${settings.warmup}`);
  }
  const plan: { norm: Placement; warmup: number }[] = [
    { norm: "pre", warmup: 0 },
    { norm: "post", warmup: 0 },
    { norm: "pre", warmup: settings.warmup },
    { norm: "post", warmup: settings.warmup },
  ];
  const data = prepareTaskData(
    getTask(settings.task),
    { train: settings.train, dev: settings.dev, test: 0 },
    settings.seed,
  );
  const baseline = unigramLoss(data.pairs.train.map((p) => p.tgt));
  const runs: NormRun[] = [];
  for (const [index, r] of plan.entries()) {
    checkAborted(ctx.signal);
    runs.push(await trainRun(ctx, settings, { ...r, index, dev: data.examples.dev }));
  }
  ctx.progress(plan.length * settings.steps, plan.length * settings.steps, "done");
  const { headline, conclusion } = concludeNorm(runs, { lr: settings.lr, unigramLoss: baseline });

  const name = (r: NormRun) => `${r.norm}-norm${r.warmup > 0 ? ` + warmup ${r.warmup}` : ""}`;
  const fixed = (v: number | null) => (v === null || !Number.isFinite(v) ? "NaN" : round(v));
  const pre = runs[0];
  const post = runs[1];
  const lastStep = settings.gradSteps[settings.gradSteps.length - 1];
  const at = (r: NormRun, step: number) => r.gradients.find((g) => g.step === step);
  const gradColumns: { label: string; grads: LayerGradients | undefined }[] = [
    { label: `pre @${pre.gradients[0]?.step ?? 1}`, grads: pre.gradients[0] },
    { label: `post @${post.gradients[0]?.step ?? 1}`, grads: post.gradients[0] },
    ...(lastStep === pre.gradients[0]?.step ? [] : runs.map((r) => ({
      label: `${r.norm}${r.warmup > 0 ? "+w" : ""} @${lastStep}`,
      grads: at(r, lastStep),
    }))),
  ];
  const layerNames = pre.gradients[0]?.layers ?? [];
  const gradAt = (g: LayerGradients | undefined, layer: string) => {
    const i = g ? g.layers.indexOf(layer) : -1;
    return i < 0 ? null : Number(g!.norms[i].toPrecision(3));
  };
  return {
    settings: { ...settings },
    tables: [
      {
        title: {
          en:
            `${settings.layers}+${settings.layers}-layer Transformer (d ${settings.dModel}) on ${settings.task}, peak lr ${settings.lr}, ${settings.steps} steps; final = mean over the last 20% of the curve; unigram loss ${
              baseline.toFixed(2)
            } = predicting token frequencies; dev EM / dev tok = exact match / token accuracy of greedy decoding on dev`,
          ko:
            `${settings.layers}+${settings.layers}층 Transformer(d ${settings.dModel}), 과제 ${settings.task}, 최대 lr ${settings.lr}, ${settings.steps} 스텝. final은 곡선 마지막 20% 평균, 유니그램 손실 ${
              baseline.toFixed(2)
            }은 토큰 빈도만으로 예측할 때의 손실, dev EM / dev tok은 dev 세트 greedy 디코딩의 완전 일치율 / 토큰 정확도`,
        },
        columns: [
          "norm",
          "warmup",
          "start",
          "final",
          "best",
          "outcome",
          "dev EM",
          "dev tok",
          "s",
        ],
        rows: runs.map((r) => [
          r.norm,
          r.warmup,
          fixed(r.startLoss),
          fixed(r.finalLoss),
          fixed(r.bestLoss),
          runOutcome(r, baseline),
          r.devExactMatch === null ? "-" : percent(r.devExactMatch),
          r.devTokenAccuracy === null ? "-" : percent(r.devTokenAccuracy),
          Number(r.seconds.toFixed(1)),
        ]),
      },
      {
        title: {
          en:
            "gradient norm per layer before clipping (sqrt of the sum of squares of the layer's parameters' gradients) at the steps shown",
          ko:
            "층별 기울기(gradient) 크기, 클리핑 전 (층 파라미터 기울기 제곱합의 제곱근), 표시한 스텝에서",
        },
        columns: ["layer", ...gradColumns.map((c) => c.label)],
        rows: layerNames.map((layer) => [layer, ...gradColumns.map((c) => gradAt(c.grads, layer))]),
      },
    ],
    charts: [{
      title: { en: "training loss against step", ko: "스텝에 따른 학습 손실(loss)" },
      xLabel: "step",
      yLabel: "loss (nats)",
      series: runs.map((r) => ({ name: name(r), x: r.steps, y: r.losses })),
    }],
    headline,
    conclusion,
    notes: [
      {
        en:
          "Same data, seed and initialization in all four runs; Adam with global gradient clipping at 1 and cosine decay after warmup. One seed: a different seed can move the numbers.",
        ko:
          "네 실행 모두 데이터, 시드(seed), 초기화가 같습니다. Adam에 전역 기울기 클리핑 1, 워밍업 뒤 코사인 감쇠를 씁니다. 시드 하나의 결과라 다른 시드에서는 숫자가 달라질 수 있습니다.",
      },
      {
        en:
          "Step-1 gradients do not depend on warmup (same parameters and batch), so the table shows them once per placement.",
        ko:
          "1 스텝의 기울기는 워밍업과 무관하므로(파라미터와 미니배치(batch)가 같음) pre/post마다 한 번만 보여 줍니다.",
      },
    ],
  };
}

export const normExperiment: Experiment = {
  name: "norm",
  claim: {
    en:
      "Pre-norm keeps the residual path clean and trains a deep Transformer at an aggressive lr; post-norm needs warmup.",
    ko:
      "pre-norm은 잔차 경로(residual path)를 깨끗하게 두어 깊은 Transformer도 큰 lr로 학습되고, post-norm은 워밍업이 필요하다.",
  },
  run: (ctx) => runNorm(ctx, ctx.quick ? normSettings.quick : normSettings.full),
};
