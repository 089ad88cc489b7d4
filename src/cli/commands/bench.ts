import { Option } from "commander";
import type { CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { parseCount } from "../parse_number.ts";
import { runMatmulSuite } from "../../bench/matmul_suite.ts";
import { runDispatchSuite } from "../../bench/dispatch_suite.ts";
import { runTrainSuite } from "../../bench/train_suite.ts";
import { runTorchTrainSteps } from "../../bench/torch_compare.ts";
import type { BenchReport } from "../../bench/types.ts";
import type { Backend } from "../../tensor/backend.ts";
import { renderBenchReport } from "../../render/bench_view.ts";

type SuiteRunner = (
  backend: Backend,
  options: { reps?: number; signal?: AbortSignal; profile?: boolean },
) => Promise<BenchReport>;

/** The suites `bench` knows; later issues add models, attention and train. */
const suites: Record<string, SuiteRunner> = {
  matmul: runMatmulSuite,
  dispatch: runDispatchSuite,
  train: runTrainSuite,
};

export const benchCommand: CommandDef = {
  name: "bench",
  summary: "measure kernels and models: median, min and max time (bench matmul, bench dispatch)",
  examples: [
    "bench matmul",
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
      );
  },
  async run(args, options, ctx) {
    const name = args[0];
    const suite = suites[name];
    if (!suite) {
      throw new UsageError(
        `unknown benchmark suite '${name}'; expected one of: ${Object.keys(suites).join(", ")}`,
      );
    }
    const reps = options.reps === undefined
      ? undefined
      : parseCount(String(options.reps), "--reps", { max: 1000 });
    const { backend } = await ctx.session.backend(ctx.backendChoice);
    const report = await suite(backend, {
      reps,
      signal: ctx.signal,
      profile: options.profile === true,
    });
    if (options.torch === true) {
      if (name !== "train") {
        throw new UsageError(`--torch applies to bench train, got bench ${name}`);
      }
      const torch = await runTorchTrainSteps({
        reps,
        cases: report.results.map((r) => r.name),
        signal: ctx.signal,
      });
      if ("report" in torch) {
        report.baseline = torch.report;
        addSpeedups(report, torch.report);
      } else {
        (report as BenchReport & { torchUnavailable?: string }).torchUnavailable =
          torch.unavailable;
      }
    } else if (options.baseline === "cpu") {
      const { backend: cpu } = await ctx.session.backend("cpu");
      report.baseline = await suite(cpu, { reps, signal: ctx.signal });
      addSpeedups(report, report.baseline);
    }
    emit(ctx, report, renderBenchReport);
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
