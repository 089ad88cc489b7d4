/**
 * `experiment scaling`: why attention divides its scores by sqrt(d_k) (Vaswani et al. 2017,
 * sec. 3.2.1). With q and k of independent unit-variance entries, q . k has variance d_k, so
 * unscaled scores grow with the width, the softmax saturates toward one-hot, and the gradient
 * that reaches the queries shrinks toward zero. Dividing by sqrt(d_k) keeps the variance at 1.
 *
 * Measured with the engine's own matmul, softmax and backward on the chosen backend: for each
 * d_k, random Q [rows, d_k] and K [keys, d_k]; row entropy of W = softmax(s * Q K^T) and the
 * norm of d(sum(W * G))/dz at the softmax input z = s * Q K^T for a random upstream gradient G,
 * with s = 1 and s = 1/sqrt(d_k).
 */
import { ops } from "../engine/mod.ts";
import { Tape, Tensor, tidy } from "../engine/mod.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { Rng } from "../engine/random.ts";
import {
  type Bilingual,
  checkAborted,
  type Experiment,
  type ExperimentContext,
  type ExperimentFindings,
} from "./experiment.ts";

/** What {@link runScaling} measures. */
export interface ScalingSettings {
  dks: number[];
  /** Query rows per draw. */
  rows: number;
  /** Keys each query attends over. */
  keys: number;
  /** Independent draws averaged per d_k. */
  draws: number;
  seed: number;
}

export const scalingSettings = {
  quick: { dks: [8, 16, 32, 64, 128, 256, 512], rows: 64, keys: 32, draws: 2, seed: 1 },
  full: { dks: [8, 16, 32, 64, 128, 256, 512], rows: 256, keys: 64, draws: 8, seed: 1 },
} satisfies Record<string, ScalingSettings>;

/** Means over draws at one d_k, with and without the scale. */
export interface ScalingPoint {
  dk: number;
  /** Mean row entropy of the weights, in nats (the maximum is ln(keys)). */
  entropyScaled: number;
  entropyUnscaled: number;
  /** Mean largest weight per row (1 = one-hot). */
  maxWeightScaled: number;
  maxWeightUnscaled: number;
  /** Mean norm, per row, of the gradient at the softmax input. */
  gradScaled: number;
  gradUnscaled: number;
}

/** Entropy counts as collapsed when it loses this share of its maximum ln(keys). */
const ENTROPY_MARGIN = 0.2;
/** Gradients differ when one is this many times the other. */
const GRAD_RATIO = 3;

/** The conclusion from the points alone: it compares both curves at the largest d_k. */
export function concludeScaling(points: readonly ScalingPoint[], keys: number): {
  headline: ExperimentFindings["headline"];
  conclusion: Bilingual;
} {
  if (points.length < 2) throw new Error("scaling: expected at least two d_k values");
  const top = points[points.length - 1];
  const maxEntropy = Math.log(keys);
  const entropyGap = (top.entropyScaled - top.entropyUnscaled) / maxEntropy; // share of ln(keys)
  const gradRatio = top.gradScaled / Math.max(top.gradUnscaled, 1e-30);
  const headline = {
    dk: top.dk,
    maxEntropy,
    entropyScaled: top.entropyScaled,
    entropyUnscaled: top.entropyUnscaled,
    entropyGap,
    gradScaled: top.gradScaled,
    gradUnscaled: top.gradUnscaled,
    gradRatio,
  };
  const fraction = (h: number) => (h / maxEntropy).toFixed(2);
  const times = (r: number) => (r >= 1 ? r : 1 / r).toPrecision(2);
  const entropySays = entropyGap >= ENTROPY_MARGIN ? 1 : entropyGap <= -ENTROPY_MARGIN ? -1 : 0;
  const gradSays = gradRatio >= GRAD_RATIO ? 1 : gradRatio <= 1 / GRAD_RATIO ? -1 : 0;
  const facts = {
    en: `at d_k ${top.dk} row entropy is ${
      fraction(top.entropyUnscaled)
    } of its maximum unscaled and ${
      fraction(top.entropyScaled)
    } scaled; the softmax passes back a gradient ${times(gradRatio)}x ${
      gradRatio >= 1 ? "smaller" : "larger"
    } unscaled`,
    ko: `d_k ${top.dk}에서 행 엔트로피는 스케일 없이 최댓값의 ${
      fraction(top.entropyUnscaled)
    }, 스케일 적용 시 ${
      fraction(top.entropyScaled)
    }이고, softmax가 돌려주는 기울기는 스케일이 없을 때 ${times(gradRatio)}배 ${
      gradRatio >= 1 ? "작습니다" : "큽니다"
    }`,
  };
  let conclusion: Bilingual;
  if (entropySays > 0 && gradSays > 0) {
    conclusion = {
      en:
        `Without 1/sqrt(d_k) the softmax saturates as d_k grows: ${facts.en}. Scaling keeps the scores at unit variance and the gradient alive.`,
      ko:
        `1/sqrt(d_k) 없이는 d_k가 커질수록 softmax가 포화(saturation)됩니다. ${facts.ko}. 스케일링은 점수의 분산을 1로 유지해 기울기를 살립니다.`,
    };
  } else if (entropySays < 0 && gradSays < 0) {
    conclusion = {
      en:
        `Here the scaled softmax was the more saturated one: ${facts.en}. This run contradicts the claim.`,
      ko:
        `이번 측정에서는 스케일을 적용한 쪽이 더 포화되었습니다. ${facts.ko}. 이 실행은 주장과 반대입니다.`,
    };
  } else if (entropySays === 0 && gradSays === 0) {
    conclusion = {
      en:
        `Both versions behave about the same up to d_k ${top.dk}: ${facts.en}. No saturation shows at these sizes.`,
      ko:
        `d_k ${top.dk}까지 두 경우가 비슷합니다. ${facts.ko}. 이 크기에서는 포화가 보이지 않습니다.`,
    };
  } else {
    conclusion = {
      en: `The evidence is mixed: ${facts.en}. Entropy and gradient do not agree in this run.`,
      ko:
        `결과가 엇갈립니다. ${facts.ko}. 이번 실행에서는 엔트로피와 기울기가 같은 방향을 가리키지 않습니다.`,
    };
  }
  return { headline, conclusion };
}

function randn(backend: Backend, rng: Rng, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = rng.normal();
  return Tensor.from(backend, values, shape);
}

/** Entropy (nats) and largest weight of each row of a [rows, keys] weight matrix, averaged. */
function rowStats(weights: Float32Array, keys: number): { entropy: number; maxWeight: number } {
  const rows = weights.length / keys;
  let entropy = 0;
  let maxWeight = 0;
  for (let r = 0; r < rows; r++) {
    let h = 0;
    let top = 0;
    for (let j = 0; j < keys; j++) {
      const p = weights[r * keys + j];
      if (p > 0) h -= p * Math.log(p);
      top = Math.max(top, p);
    }
    entropy += h;
    maxWeight += top;
  }
  return { entropy: entropy / rows, maxWeight: maxWeight / rows };
}

/**
 * Weights and the per-row norm of the gradient at the softmax's input z = s * Q K^T for one
 * draw at one scale: the softmax Jacobian diag(w) - w w^T, which is what goes to zero when w
 * turns one-hot, whatever comes before it.
 */
async function measure(
  backend: Backend,
  draw: { q: Tensor; k: Tensor; g: Tensor },
  scale: number,
): Promise<{ entropy: number; maxWeight: number; grad: number }> {
  const keys = draw.k.shape[0];
  const rows = draw.q.shape[0];
  const scores = tidy(() => ops.keep(ops.matmul(draw.q, draw.k, { transB: true }))); // [rows, keys]
  const host = await scores.toArray();
  scores.dispose();
  for (let i = 0; i < host.length; i++) host[i] *= scale;
  const z = Tensor.from(backend, host, [rows, keys]); // the softmax input, a leaf
  z.requiresGrad = true;
  try {
    const tape = new Tape();
    const { weights, dz } = tidy(() => {
      const weights = tape.record(() => ops.softmax(z)); // [rows, keys]
      const loss = tape.record(() => ops.sum(ops.mul(weights, draw.g))); // [] = sum(W * G)
      const dz = tape.backward(loss, [z]).get(z)!; // [rows, keys]
      return { weights: ops.keep(weights), dz: ops.keep(dz) };
    });
    const [w, d] = await Promise.all([weights.toArray(), dz.toArray()]);
    weights.dispose();
    dz.dispose();
    let grad = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < keys; c++) s += d[r * keys + c] ** 2;
      grad += Math.sqrt(s);
    }
    return { ...rowStats(w, keys), grad: grad / rows };
  } finally {
    z.dispose();
  }
}

/** Measures entropy, largest weight and gradient norm at every d_k, scaled and unscaled. */
export async function runScaling(
  ctx: ExperimentContext,
  settings: ScalingSettings,
): Promise<ExperimentFindings> {
  const { backend } = ctx;
  const rng = new Rng(settings.seed);
  const points: ScalingPoint[] = [];
  const total = settings.dks.length * settings.draws;
  let done = 0;
  for (const dk of settings.dks) {
    const sums = { es: 0, eu: 0, ms: 0, mu: 0, gs: 0, gu: 0 };
    for (let d = 0; d < settings.draws; d++) {
      checkAborted(ctx.signal);
      ctx.progress(done++, total, `d_k ${dk}, draw ${d + 1}`);
      const draw = {
        q: randn(backend, rng, [settings.rows, dk]), // [rows, d_k]
        k: randn(backend, rng, [settings.keys, dk]), // [keys, d_k]
        g: randn(backend, rng, [settings.rows, settings.keys]), // upstream gradient of W
      };
      try {
        const scaled = await measure(backend, draw, 1 / Math.sqrt(dk));
        const unscaled = await measure(backend, draw, 1);
        sums.es += scaled.entropy;
        sums.eu += unscaled.entropy;
        sums.ms += scaled.maxWeight;
        sums.mu += unscaled.maxWeight;
        sums.gs += scaled.grad;
        sums.gu += unscaled.grad;
      } finally {
        draw.q.dispose();
        draw.k.dispose();
        draw.g.dispose();
      }
    }
    const n = settings.draws;
    points.push({
      dk,
      entropyScaled: sums.es / n,
      entropyUnscaled: sums.eu / n,
      maxWeightScaled: sums.ms / n,
      maxWeightUnscaled: sums.mu / n,
      gradScaled: sums.gs / n,
      gradUnscaled: sums.gu / n,
    });
  }
  ctx.progress(total, total, "done");
  const { headline, conclusion } = concludeScaling(points, settings.keys);
  const fixed = (v: number, digits = 3) => Number(v.toFixed(digits));
  return {
    settings: { ...settings },
    tables: [{
      title: {
        en:
          `softmax over ${settings.keys} keys, scaled by 1/sqrt(d_k) or raw: row entropy H (max ln ${settings.keys} = ${
            Math.log(settings.keys).toFixed(2)
          } nats), largest weight, gradient norm at the softmax input per row`,
        ko:
          `키 ${settings.keys}개에 대한 softmax, 1/sqrt(d_k) 스케일(scaled) 또는 그대로(raw): 행 엔트로피 H(최대 ln ${settings.keys} = ${
            Math.log(settings.keys).toFixed(2)
          } nats), 가장 큰 가중치, 행마다 softmax 입력에서의 기울기 크기`,
      },
      columns: [
        "d_k",
        "H scaled",
        "H raw",
        "max w scaled",
        "max w raw",
        "|dz| scaled",
        "|dz| raw",
      ],
      rows: points.map((p) => [
        p.dk,
        fixed(p.entropyScaled),
        fixed(p.entropyUnscaled),
        fixed(p.maxWeightScaled),
        fixed(p.maxWeightUnscaled),
        Number(p.gradScaled.toPrecision(3)),
        Number(p.gradUnscaled.toPrecision(3)),
      ]),
    }],
    charts: [{
      title: { en: "row entropy (nats) against d_k", ko: "d_k에 따른 행 엔트로피(nats)" },
      xLabel: "d_k",
      yLabel: "entropy (nats)",
      logX: true,
      series: [
        {
          name: "scaled by 1/sqrt(d_k)",
          x: points.map((p) => p.dk),
          y: points.map((p) => p.entropyScaled),
        },
        { name: "unscaled", x: points.map((p) => p.dk), y: points.map((p) => p.entropyUnscaled) },
      ],
    }],
    headline,
    conclusion,
    notes: [{
      en:
        "Q and K entries are independent draws of N(0, 1), as after a LayerNorm; G is a random upstream gradient.",
      ko:
        "Q와 K의 원소는 LayerNorm 직후처럼 N(0, 1)에서 독립적으로 뽑았고, G는 무작위 상위 기울기입니다.",
    }],
  };
}

export const scalingExperiment: Experiment = {
  name: "scaling",
  claim: {
    en:
      "Without dividing by sqrt(d_k), scores grow with d_k, softmax saturates and its gradient vanishes.",
    ko:
      "sqrt(d_k)로 나누지 않으면 d_k가 커질수록 점수가 커져 softmax가 포화되고 기울기가 사라진다.",
  },
  run: (ctx) => runScaling(ctx, ctx.quick ? scalingSettings.quick : scalingSettings.full),
};
