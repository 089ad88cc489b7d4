/**
 * A benchmark suite on the chosen backend, optionally against a baseline measured in the same
 * run (the cpu backend, numpy's matmul or PyTorch's training step): the use case behind `bench`.
 */
import type { AppContext } from "./context.ts";
import { UsageError } from "./errors.ts";
import { runMatmulSuite } from "../bench/matmul_suite.ts";
import { runDispatchSuite } from "../bench/dispatch_suite.ts";
import { runTrainSuite } from "../bench/train_suite.ts";
import { runTorchTrainSteps } from "../bench/torch_compare.ts";
import { runTorchDecode, type TorchDecodeOptions } from "../bench/torch_decode_compare.ts";
import { checkAttentionLengths, runAttentionSuite } from "../bench/attention_suite.ts";
import { MAX_MODEL_LENGTH, runModelsSuite } from "../bench/models_suite.ts";
import {
  type GenerateBenchReport,
  MAX_GENERATE_LENGTH,
  runGenerateSuite,
} from "../bench/generate_suite.ts";
import { cubeSizes, productShapes, runNumpyMatmul } from "../bench/numpy_compare.ts";
import type { BenchReport } from "../bench/types.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { openBackend } from "../engine/open_backend.ts";
import { messageOf, prefixed } from "../platform/i18n/bilingual_error.ts";
import type { Gpt } from "../models/gpt.ts";
import { generateLengths } from "./generate_lengths.ts";
import { openGpt } from "./open_gpt.ts";

type SuiteRunner = (
  backend: Backend,
  options: {
    reps?: number;
    signal?: AbortSignal;
    profile?: boolean;
    lengths?: readonly number[];
    progress?: (done: number, total: number, what: string) => void;
    /** bench generate: the GPT to time instead of a random one. */
    model?: Gpt;
  },
) => Promise<BenchReport>;

/** The suites `bench` knows. */
export const benchSuites: Readonly<Record<string, SuiteRunner>> = {
  matmul: runMatmulSuite,
  dispatch: runDispatchSuite,
  attention: runAttentionSuite,
  models: runModelsSuite,
  train: runTrainSuite,
  generate: runGenerateSuite,
};

/** Suites that sweep sequence lengths, with the lengths each accepts. */
export const benchLengthLimits: Readonly<Record<string, { min: number; max: number }>> = {
  attention: { min: 1, max: 65536 }, // the binding limit is checked against the adapter
  models: { min: 2, max: MAX_MODEL_LENGTH },
  generate: { min: 1, max: MAX_GENERATE_LENGTH },
};

/** What a report says when an outside anchor could not run (no python3, no numpy/torch). */
export type BenchOutcome = BenchReport & { numpyUnavailable?: string; torchUnavailable?: string };

/** One benchmark run. */
export interface BenchRequest {
  /** A name of {@link benchSuites}. */
  suite: string;
  /** Timed repetitions per case (warm-up excluded); undefined: the suite's own. */
  reps?: number;
  /** The sequence lengths a sweeping suite measures; undefined: its own. */
  lengths?: number[];
  /** Add a per-kernel GPU profile (bench train on webgpu). */
  profile: boolean;
  /**
   * Measure the same cases there too and report speedups: cpu, numpy (matmul), torch (train,
   * generate, models).
   */
  baseline?: "cpu" | "numpy" | "torch";
  /** Progress of the suite (done of total, what runs now), for a progress bar. */
  progress?: (done: number, total: number, what: string) => void;
  /** bench generate: a GPT from `models` or a checkpoint path (default: random weights). */
  model?: string;
}

/** Runs the suite, then its baseline, and adds the speedups of the cases both measured. */
export async function runBench(app: AppContext, request: BenchRequest): Promise<BenchOutcome> {
  const { reps } = request;
  let { lengths } = request;
  const suite = benchSuites[request.suite];
  const { backend } = await app.backend();
  const model = request.model === undefined
    ? undefined
    : await openGpt(request.model, backend, app.signal);
  if (model) lengths = generateLengths(model, request.model!, lengths);
  if (request.suite === "attention" && lengths) {
    try {
      checkAttentionLengths(backend, lengths);
    } catch (e) {
      throw new UsageError(prefixed("--len", messageOf(e)));
    }
  }
  const report: BenchOutcome = await suite(backend, {
    reps,
    signal: app.signal,
    profile: request.profile,
    lengths,
    progress: request.progress,
    model,
  }).finally(() => model?.params.forEach((p) => p.dispose()));
  if (request.baseline === "numpy") {
    const numpy = await runNumpyMatmul({
      reps,
      sizes: cubeSizes(report),
      shapes: productShapes(report),
      signal: app.signal,
    });
    if ("report" in numpy) {
      report.baseline = numpy.report;
      report.anchor = numpy.anchor;
      addSpeedups(report, numpy.report);
    } else {
      report.numpyUnavailable = numpy.unavailable;
    }
  } else if (request.baseline === "torch") {
    const torch = request.suite === "train"
      ? await runTorchTrainSteps({
        reps,
        cases: report.results.map((r) => r.name),
        signal: app.signal,
      })
      : await runTorchDecode(torchDecodeRequest(report, reps, app.signal));
    if ("report" in torch) {
      report.baseline = torch.report;
      report.anchor = torch.anchor;
      addSpeedups(report, torch.report);
    } else {
      report.torchUnavailable = torch.unavailable;
    }
  } else if (request.baseline === "cpu") {
    const { backend: cpu } = await openBackend("cpu");
    report.baseline = await suite(cpu, { reps, signal: app.signal, lengths });
    addSpeedups(report, report.baseline);
  }
  return report;
}

/** What PyTorch runs for `bench generate` or `bench models`: the lengths, sizes and cases attn ran. */
function torchDecodeRequest(
  report: BenchReport,
  reps: number | undefined,
  signal: AbortSignal | undefined,
): TorchDecodeOptions {
  const lengths = [...new Set(report.results.map((r) => r.params.n as number))];
  if (report.suite === "generate") {
    const gpt = (report as GenerateBenchReport).model;
    return { suite: "generate", lengths, reps, gpt, signal };
  }
  const cases = [...new Set(report.results.map((r) => String(r.params.arch)))];
  return { suite: "models", lengths, reps, cases, signal };
}

/** speedup = baseline median / this median, for the cases both reports share. */
export function addSpeedups(report: BenchReport, baseline: BenchReport): void {
  const base = new Map(baseline.results.map((r) => [r.name, r]));
  for (const r of report.results) {
    const b = base.get(r.name);
    if (b && r.medianMs > 0) r.speedup = b.medianMs / r.medianMs;
  }
}
