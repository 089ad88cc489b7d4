import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { parseCount, parseLengths } from "../parse_number.ts";
import { quoteInput } from "../../app/quote_input.ts";
import { benchLengthLimits, benchSuites, runBench } from "../../app/run_bench.ts";
import { renderBenchReport } from "../../render/bench_view.ts";
import { progressLine } from "../progress_line.ts";
import { PYTHON } from "../../bench/anchor_process.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { measureMessages } from "../measure_messages.ts";

const say = messagesOf(measureMessages);

/**
 * --numpy and --torch start Python, which `deno task attn` and the attn> prompt may not do
 * (least privilege): say so before anything is measured, and name the task that may.
 */
async function requirePython(suite: string, flag: string): Promise<void> {
  const run = await Deno.permissions.query({ name: "run", command: PYTHON });
  if (run.state === "granted") return;
  const task = flag === "--numpy" ? "bench:matmul" : `bench:${suite}`;
  throw new UsageError(say("bench.needsPython", { suite, flag, python: PYTHON, task }));
}

/** `bench <suite>`: median, min and max time of kernels and models (src/app/run_bench.ts). */
export const benchCommand = defineCommand({
  name: "bench",
  summary: "measure kernels and models: median, min and max time (bench matmul, bench attention)",
  examples: [
    "bench matmul",
    "bench attention --len 64..2048",
    "bench models --len 8,16,32 --json",
    "bench generate --len 16..256",
    "bench matmul --backend cpu --reps 5",
    "bench dispatch --json",
    "bench matmul --baseline cpu",
    "bench train --profile --json",
  ],
  configure: (cmd) =>
    cmd.argument("<suite>", `one of: ${Object.keys(benchSuites).join(", ")}`)
      .addOption(new Option("--reps <n>", "timed repetitions per case (warm-up excluded)"))
      .addOption(
        new Option("--baseline <backend>", "also run the suite on this backend and report speedups")
          .choices(["cpu"] as const),
      )
      .addOption(
        new Option(
          "--torch",
          "bench train/generate/models: also time the same steps or tokens in PyTorch and report the ratio (runs Python: from the shell, deno task bench:train, bench:generate, bench:models)",
        ),
      )
      .addOption(
        new Option("--profile", "bench train: add a per-kernel GPU profile of one step (webgpu)"),
      )
      .addOption(
        new Option(
          "--numpy",
          "bench matmul: also time the cubes in numpy and report the ratio (runs Python: from the shell, deno task bench:matmul)",
        ),
      )
      .addOption(
        new Option(
          "--model <name>",
          "bench generate: a GPT from 'models' or a .safetensors path (default: random weights)",
        ),
      )
      .addOption(
        new Option(
          "--len <list>",
          "bench attention/models/generate: sequence lengths, 8,16,32 or 8..1024 (doubling)",
        ),
      ),
  async run([name], options, ctx) {
    if (!benchSuites[name]) {
      const suites = Object.keys(benchSuites).join(", ");
      throw new UsageError(say("bench.unknownSuite", { typed: quoteInput(name), suites }));
    }
    const reps = options.reps === undefined
      ? undefined
      : parseCount(options.reps, "--reps", { max: 1000 });
    const lengths = options.len === undefined ? undefined : lengthsFor(name, options.len);
    checkBaselines(name, options);
    if (options.model !== undefined && name !== "generate") {
      throw new UsageError({
        en: `--model applies to bench generate, got bench ${name}`,
        ko: `--model 옵션은 bench generate에만 씁니다. 받은 것: bench ${name}`,
      });
    }
    if (options.model !== undefined && options.baseline !== undefined) {
      // The baseline would time a random model of other sizes: no speedup to read.
      throw new UsageError({
        en: "expected --model or --baseline, got both",
        ko: "--model과 --baseline 중 하나만 주세요. 둘 다 받았습니다",
      });
    }
    if (options.numpy === true) await requirePython(name, "--numpy");
    if (options.torch === true) await requirePython(name, "--torch");
    const progress = progressLine(ctx);
    let report;
    try {
      report = await runBench(ctx.app, {
        suite: name,
        reps,
        lengths,
        profile: options.profile === true,
        baseline: options.numpy ? "numpy" : options.torch ? "torch" : options.baseline,
        progress: progress.update,
        model: options.model,
      });
    } finally {
      progress.end();
    }
    emit(
      ctx,
      report,
      (r) =>
        renderBenchReport(r, {
          palette: ctx.session.palette(),
          width: ctx.io.columns,
          lang: ctx.session.lang,
        }),
    );
  },
});

/** Suites with a PyTorch twin (bench/torch_train_step.py, bench/torch_decode.py). */
const TORCH_SUITES = ["train", "generate", "models"];

/** --numpy and --torch only where they apply, and at most one baseline. */
function checkBaselines(
  name: string,
  options: { numpy?: true; torch?: true; baseline?: string },
): void {
  if (options.numpy === true && name !== "matmul") {
    throw new UsageError(say("bench.flagFor", { flag: "--numpy", suite: "matmul", name }));
  }
  if (options.torch === true && !TORCH_SUITES.includes(name)) {
    const suite = { en: "train, bench generate or bench models", ko: "train, generate, models" };
    throw new UsageError(say("bench.flagFor", { flag: "--torch", suite, name }));
  }
  const baselines = [
    options.numpy === true ? "--numpy" : null,
    options.torch === true ? "--torch" : null,
    options.baseline !== undefined ? "--baseline" : null,
  ].filter((b) => b !== null);
  if (baselines.length > 1) {
    const given = { en: baselines.join(" and "), ko: baselines.join(", ") };
    throw new UsageError(say("bench.oneBaseline", { baselines: given }));
  }
}

/** --len for a suite that sweeps sequence lengths, within the lengths that suite accepts. */
function lengthsFor(name: string, len: string): number[] {
  const limits = benchLengthLimits[name];
  if (!limits) {
    const names = Object.keys(benchLengthLimits);
    const suites = { en: names.join(" and bench "), ko: names.join(", bench ") };
    throw new UsageError(say("bench.lenFor", { suites, name }));
  }
  return parseLengths(len, "--len", limits);
}
