import { Option } from "commander";
import type { CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { parseCount, parseLengths } from "../parse_number.ts";
import { runMatmulSuite } from "../../bench/matmul_suite.ts";
import { runDispatchSuite } from "../../bench/dispatch_suite.ts";
import { runTrainSuite } from "../../bench/train_suite.ts";
import { runTorchTrainSteps } from "../../bench/torch_compare.ts";
import { checkAttentionLengths, runAttentionSuite } from "../../bench/attention_suite.ts";
import { MAX_MODEL_LENGTH, runModelsSuite } from "../../bench/models_suite.ts";
import { cubeSizes, runNumpyMatmul } from "../../bench/numpy_compare.ts";
import type { BenchReport } from "../../bench/types.ts";
import type { Backend } from "../../engine/backend/contract.ts";
import { renderBenchReport } from "../../render/bench_view.ts";
import { paletteFor } from "../../render/color.ts";
import { quoteInput } from "../quote_input.ts";

type SuiteRunner = (
  backend: Backend,
  options: {
    reps?: number;
    signal?: AbortSignal;
    profile?: boolean;
    lengths?: readonly number[];
  },
) => Promise<BenchReport>;

/** The suites `bench` knows. */
const suites: Record<string, SuiteRunner> = {
  matmul: runMatmulSuite,
  dispatch: runDispatchSuite,
  attention: runAttentionSuite,
  models: runModelsSuite,
  train: runTrainSuite,
};

/** Suites that sweep sequence lengths (--len), with the largest length each accepts. */
const lengthLimits: Record<string, { min: number; max: number }> = {
  attention: { min: 1, max: 65536 }, // the binding limit is checked against the adapter
  models: { min: 2, max: MAX_MODEL_LENGTH },
};

export const benchCommand: CommandDef = {
  name: "bench",
  summary: "measure kernels and models: median, min and max time (bench matmul, bench attention)",
  examples: [
    "bench matmul",
    "bench matmul --numpy",
    "bench attention --len 64..2048",
    "bench models --len 8,16,32 --json",
    "bench matmul --backend cpu --reps 5",
    "bench dispatch --json",
    "bench matmul --baseline cpu",
    "bench train --torch",
    "bench train --profile --json",
  ],
  configure(cmd) {
    cmd.argument("<suite>", `one of: ${Object.keys(suites).join(", ")}`)
      .addOption(new Option("--reps <n>", "timed repetitions per case (warm-up excluded)"))
      .addOption(
        new Option("--baseline <backend>", "also run the suite on this backend and report speedups")
          .choices(["cpu"]),
      )
      .addOption(
        new Option(
          "--torch",
          "bench train: also time the same steps in PyTorch (CPU, 2 threads) and report the ratio",
        ),
      )
      .addOption(
        new Option("--profile", "bench train: add a per-kernel GPU profile of one step (webgpu)"),
      )
      .addOption(
        new Option(
          "--numpy",
          "bench matmul: also time the cubes in numpy (float32, its BLAS) and report the ratio",
        ),
      )
      .addOption(
        new Option(
          "--len <list>",
          "bench attention/models: sequence lengths, 8,16,32 or 8..1024 (doubling)",
        ),
      );
  },
  async run(args, options, ctx) {
    const name = args[0];
    const suite = suites[name];
    if (!suite) {
      throw new UsageError(
        `unknown benchmark suite ${quoteInput(name)}; expected one of: ${
          Object.keys(suites).join(", ")
        }`,
      );
    }
    const reps = options.reps === undefined
      ? undefined
      : parseCount(String(options.reps), "--reps", { max: 1000 });
    let lengths: number[] | undefined;
    if (options.len !== undefined) {
      const limits = lengthLimits[name];
      if (!limits) {
        throw new UsageError(
          `--len applies to bench ${
            Object.keys(lengthLimits).join(" and bench ")
          }, got bench ${name}`,
        );
      }
      lengths = parseLengths(String(options.len), "--len", limits);
    }
    if (options.numpy === true && name !== "matmul") {
      throw new UsageError(`--numpy applies to bench matmul, got bench ${name}`);
    }
    if (options.torch === true && name !== "train") {
      throw new UsageError(`--torch applies to bench train, got bench ${name}`);
    }
    const baselines = [
      options.numpy === true ? "--numpy" : null,
      options.torch === true ? "--torch" : null,
      options.baseline !== undefined ? "--baseline" : null,
    ].filter((b) => b !== null);
    if (baselines.length > 1) {
      throw new UsageError(`expected one baseline, got ${baselines.join(" and ")}`);
    }
    const { backend } = await ctx.session.backend(ctx.backendChoice);
    if (name === "attention" && lengths) {
      try {
        checkAttentionLengths(backend, lengths);
      } catch (e) {
        throw new UsageError(`--len: ${e instanceof Error ? e.message : e}`);
      }
    }
    const report = await suite(backend, {
      reps,
      signal: ctx.signal,
      profile: options.profile === true,
      lengths,
    });
    if (options.numpy === true) {
      const numpy = await runNumpyMatmul({
        reps,
        sizes: cubeSizes(report),
        signal: ctx.signal,
      });
      if ("report" in numpy) {
        report.baseline = numpy.report;
        report.anchor = numpy.anchor;
        addSpeedups(report, numpy.report);
      } else {
        (report as BenchReport & { numpyUnavailable?: string }).numpyUnavailable =
          numpy.unavailable;
      }
    } else if (options.torch === true) {
      const torch = await runTorchTrainSteps({
        reps,
        cases: report.results.map((r) => r.name),
        signal: ctx.signal,
      });
      if ("report" in torch) {
        report.baseline = torch.report;
        report.anchor = torch.anchor;
        addSpeedups(report, torch.report);
      } else {
        (report as BenchReport & { torchUnavailable?: string }).torchUnavailable =
          torch.unavailable;
      }
    } else if (options.baseline === "cpu") {
      const { backend: cpu } = await ctx.session.backend("cpu");
      report.baseline = await suite(cpu, { reps, signal: ctx.signal, lengths });
      addSpeedups(report, report.baseline);
    }
    emit(
      ctx,
      report,
      (r) => renderBenchReport(r, { palette: paletteFor(ctx.io), width: ctx.io.columns }),
    );
  },
};

/** speedup = baseline median / this median, for the cases both reports share. */
export function addSpeedups(report: BenchReport, baseline: BenchReport): void {
  const base = new Map(baseline.results.map((r) => [r.name, r]));
  for (const r of report.results) {
    const b = base.get(r.name);
    if (b && r.medianMs > 0) r.speedup = b.medianMs / r.medianMs;
  }
}
