import { Option } from "@commander-js/extra-typings";
import { type CommandContext, type CommandDef, defineCommand, emit } from "../command.ts";
import { AttnError, InterruptedError, UsageError } from "../errors.ts";
import { closestName } from "../../app/suggest.ts";
import { experiments } from "../../experiments/registry.ts";
import type {
  Experiment,
  ExperimentContext,
  ExperimentResult,
} from "../../experiments/experiment.ts";
import { renderExperiment, renderExperimentList } from "../../render/experiment_view.ts";
import { progressLine } from "../progress_line.ts";
import { quoteInput } from "../../app/quote_input.ts";
import { messageOf } from "../../platform/i18n/bilingual_error.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { measureMessages } from "../measure_messages.ts";
import {
  addFigureOptions,
  checkFigureTargets,
  type FigureOutOptions,
  type FigureTargets,
  writeFigureTargets,
} from "../figure_out.ts";
import { experimentFigure } from "../../render/experiment_figure.ts";
import { viewFigureMessages } from "../../render/view_figure_messages.ts";
import { sentenceWork } from "../../app/sentence_work.ts";
import type { BackendReason } from "../../engine/open_backend.ts";

const say = messagesOf(measureMessages);
const sayFigure = messagesOf(viewFigureMessages);

/**
 * `experiment [name] [--quick]`: measures one claim of docs/TEACHING.md live and prints its tables,
 * charts and a conclusion computed from the numbers; alone it lists the experiments.
 * Ctrl-C stops between measurements and returns to the prompt.
 */
export const experimentCommand: CommandDef = makeExperimentCommand();

/**
 * The experiment command over a given list of experiments (default: the registry). Tests that
 * play lessons pass the same experiments run at smaller settings, so a lesson's `experiment`
 * line goes through this command, its session cache and its views, only measuring less.
 */
export function makeExperimentCommand(
  options: { experiments?: readonly Experiment[] } = {},
): CommandDef {
  const registry = options.experiments ?? experiments;
  /**
   * Results measured in each session, by experiment, size and backend: a lesson played in both
   * languages, or replayed, shows the same measurement instead of spending another minute.
   */
  const measured = new WeakMap<object, Map<string, { result: ExperimentResult; at: number }>>();
  return defineCommand({
    name: "experiment",
    summary: "measure a textbook claim live: tables, a chart and a computed conclusion",
    examples: [
      "experiment",
      "experiment bottleneck --quick",
      "experiment scaling",
      "experiment bottleneck --quick --json",
      "experiment scaling --fresh",
      "experiment scaling --quick --png ~/.local/state/attn/scaling.png",
    ],
    configure: (cmd) =>
      addFigureOptions(cmd).argument("[name]", `one of: ${registry.map((e) => e.name).join(", ")}`)
        .addOption(new Option("--quick", "the reduced version (about a minute or less)"))
        .addOption(
          new Option(
            "--model <name>",
            "heads-ablation: the model to read (default ko-en-transformer)",
          ),
        )
        .addOption(
          new Option(
            "--fresh",
            "measure again even if this session already ran it (lessons reuse)",
          ),
        ),
    async run([name], options, ctx) {
      const lang = ctx.session.lang;
      const picture = pictureOption(options);
      if (name === undefined) {
        if (picture) {
          throw new UsageError(sayFigure("viewFigure.experiment.list", { option: picture }));
        }
        const list = registry.map((e) => ({ name: e.name, claim: e.claim }));
        emit(ctx, list, (l) => renderExperimentList(l, { width: ctx.io.columns, lang }));
        return;
      }
      const experiment = chosen(registry, name, { model: options.model, picture });
      const quick = options.quick === true;
      const model = options.model;
      const figures = await checkFigureTargets(options); // before a minute of measuring
      // Work a token at a time through a small model goes to the cpu by default (backendReason).
      const work = experiment.smallWorkModel === undefined
        ? undefined
        : await sentenceWork(model ?? experiment.smallWorkModel, ctx.session);
      const { backend, reason } = await ctx.session.backend(ctx.backendChoice, work);
      const key = `${experiment.name}/${quick ? "quick" : "full"}/${backend.name}/${model ?? ""}`;
      const earlier = measured.get(ctx.session)?.get(key);
      if (earlier && options.fresh !== true) {
        const ago = Math.round((performance.now() - earlier.at) / 1000);
        ctx.io.err(
          lang === "ko"
            ? `attn: 이 세션에서 ${ago}초 전에 잰 결과를 다시 보여 줍니다 (다시 재려면 --fresh)`
            : `attn: showing the result measured ${ago} s ago in this session (--fresh measures again)`,
        );
        await show(ctx, earlier.result, figures);
        return;
      }
      const result = await measure(experiment, { quick, backend, reason, model }, ctx);
      const bySession = measured.get(ctx.session) ?? new Map();
      measured.set(ctx.session, bySession);
      bySession.set(key, { result, at: performance.now() });
      await show(ctx, result, figures);
    },
  });
}

/**
 * The experiment called `name`, or a usage error: an unknown name (with the nearest one), --model
 * for an experiment that reads none, a picture asked of one that shows only tables.
 */
function chosen(
  registry: readonly Experiment[],
  name: string,
  asked: { model?: string; picture?: string },
): Experiment {
  const experiment = registry.find((e) => e.name === name);
  if (!experiment) {
    const near = closestName(name, registry.map((e) => e.name));
    const hint = near ? say("experiment.didYouMean", { near }) : "";
    const names = registry.map((e) => e.name).join(", ");
    throw new UsageError(say("experiment.unknown", { typed: quoteInput(name), hint, names }));
  }
  if (asked.model !== undefined && !experiment.takesModel) {
    const takers = registry.filter((e) => e.takesModel).map((e) => e.name).join(", ");
    throw new UsageError(say("experiment.noModel", { name: experiment.name, takers }));
  }
  if (asked.picture && experiment.tablesOnly) {
    throw new UsageError(
      sayFigure("viewFigure.experiment.noFigure", { name, option: asked.picture }),
    );
  }
  return experiment;
}

/** Runs one experiment with a progress bar; Ctrl-C and failures become one clear error. */
async function measure(
  experiment: Experiment,
  run: {
    quick: boolean;
    backend: ExperimentContext["backend"];
    reason: BackendReason;
    model?: string;
  },
  ctx: CommandContext,
): Promise<ExperimentResult> {
  const { quick, backend, reason, model } = run;
  const progress = progressLine(ctx);
  const started = performance.now();
  let findings;
  try {
    findings = await experiment.run({
      backend,
      quick,
      signal: ctx.signal,
      weightsDir: ctx.session.weightsDir,
      model,
      progress: progress.update,
    });
  } catch (e) {
    if (e instanceof InterruptedError || ctx.signal.aborted) {
      throw new InterruptedError(say("experiment.interrupted", { name: experiment.name }));
    }
    throw new AttnError(say("experiment.failed", { name: experiment.name, reason: messageOf(e) }));
  } finally {
    progress.end();
  }
  return {
    experiment: experiment.name,
    claim: experiment.claim,
    quick,
    backend: backend.name,
    backendReason: reason,
    adapter: backend.name === "webgpu" ? backend.deviceName : null,
    elapsedMs: performance.now() - started,
    ...findings,
  };
}

/** The first of --svg, --png, --html given, or undefined when none was. */
function pictureOption(options: FigureOutOptions): string | undefined {
  return (["svg", "png", "html"] as const).filter((f) => options[f] !== undefined)
    .map((f) => `--${f}`)[0];
}

/** Prints the result, then writes the files its figure was asked for. */
async function show(ctx: CommandContext, result: ExperimentResult, figures: FigureTargets) {
  const lang = ctx.session.lang;
  emit(
    ctx,
    result,
    (r) =>
      renderExperiment(r, {
        palette: ctx.session.palette(),
        width: ctx.io.columns,
        lang,
        colormap: ctx.session.colormap(),
      }),
  );
  await writeFigureTargets(
    ctx,
    figures,
    () => experimentFigure(result, { lang, colormap: ctx.session.colormapName }),
  );
}
