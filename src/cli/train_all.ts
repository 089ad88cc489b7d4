/**
 * `train --all [--only NAME,...] [--force] [--out-dir DIR] [--recipe FILE]`: the shipped models
 * (src/app/shipped_models.ts) trained one after the other into weights/ or DIR. Part of the
 * train command (train.ts hands over when --all is given); kept apart so that the one-model
 * path stays as it is. `deno task train:all` runs it with write access to weights/, which
 * `deno task attn` does not grant.
 */
import { type Command, Option } from "@commander-js/extra-typings";
import type { CommandContext } from "./command.ts";
import { emit } from "./command.ts";
import { AttnError, InterruptedError, stoppedPhrase, stopSignalOf, UsageError } from "./errors.ts";
import { messageOf } from "../platform/i18n/bilingual_error.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { trainMessages } from "./train_messages.ts";
import { checkOutPath, expandHome } from "./out_path.ts";
import { checkPathLength } from "../app/path_limit.ts";
import { quoteInput } from "../app/quote_input.ts";
import { closestName } from "../app/suggest.ts";
import { stateDirCandidate } from "../platform/state_dir.ts";
import { defaultWeightsDir } from "../models/weights/registry.ts";
import type { Recipe } from "../train/recipes.ts";
import { readRecipeFile } from "./recipe_file.ts";
import {
  selectModels,
  shippedModels,
  shippedPath,
  type ShippedRun,
  type TrainAllReport,
  trainShippedModels,
  unknownModelNames,
} from "../app/shipped_models.ts";
import {
  renderShippedDone,
  renderShippedEvaluation,
  renderShippedStart,
  renderTrainAllSummary,
} from "../render/shipped_view.ts";

/** Options of the one-model path that mean nothing for --all (a --recipe file applies to all). */
const oneModelOptions = ["attention", "pe", "norm", "steps", "batch", "lr", "seed", "out"] as const;

/** Options of --all alone. */
const say = messagesOf(trainMessages);

const allOnlyOptions = { only: "--only", force: "--force", outDir: "--out-dir" } as const;

/** The train command `cmd` with --all and its options declared (typed, for its run()). */
// deno-lint-ignore no-explicit-any
export function withTrainAllOptions<A extends any[], O extends Record<string, unknown>>(
  cmd: Command<A, O>,
) {
  return cmd
    .addOption(
      new Option(
        "--all",
        "train the shipped models (weights/) one after the other instead of one model",
      ),
    )
    .addOption(
      new Option("--only <names>", "with --all: only these shipped models, comma-separated"),
    )
    .addOption(new Option("--force", "with --all: retrain models whose file exists"))
    .addOption(
      new Option(
        "--out-dir <dir>",
        "with --all: where the checkpoints go (default: weights/ of this checkout, which only 'deno task train:all' may write)",
      ),
    );
}

/**
 * The options `train --all` reads, typed as the train command declares them (withTrainAllOptions
 * and train's --recipe; @commander-js/extra-typings), plus the one-model options, of which only
 * whether one was given matters here.
 */
export type TrainAllOptionValues =
  & { only?: string; force?: true; outDir?: string; recipe?: string }
  & { [K in typeof oneModelOptions[number]]?: unknown };

/** Refuses --all's options on the one-model path (whatever that path's options are). */
export function refuseAllOnlyOptions(options: Record<string, unknown>): void {
  for (const [key, flag] of Object.entries(allOnlyOptions)) {
    if (options[key] !== undefined) throw new UsageError(say("all.onlyOption", { flag }));
  }
}

/** What `train --all ...` asked for, checked before anything is trained. */
export interface TrainAllSetup {
  only?: string[];
  force: boolean;
  outDir: string;
}

/** Validates `train --all`'s arguments and options; every problem is a one-line UsageError. */
export function parseTrainAllOptions(
  args: readonly (string | undefined)[],
  options: TrainAllOptionValues,
): TrainAllSetup {
  const given = args.filter((a) => a !== undefined);
  if (given.length > 0) {
    throw new UsageError(say("all.noArgs", { typed: given.map((a) => quoteInput(a)).join(" ") }));
  }
  const stray = oneModelOptions.find((key) => options[key] !== undefined);
  if (stray !== undefined) {
    throw new UsageError(say("all.oneModelOption", { option: stray }));
  }
  let only: string[] | undefined;
  if (options.only !== undefined) {
    only = options.only.split(",").map((s) => s.trim()).filter(Boolean);
    if (only.length === 0) throw new UsageError(say("all.onlyEmpty"));
    const unknown = unknownModelNames(only)[0];
    if (unknown !== undefined) {
      const names = shippedModels.map((m) => m.name);
      const near = closestName(unknown, names);
      const hint = near ? say("all.didYouMean", { near }) : "";
      throw new UsageError(
        say("all.onlyUnknown", { typed: quoteInput(unknown), hint, names: names.join(", ") }),
      );
    }
  }
  const outDir = options.outDir ?? defaultWeightsDir();
  checkPathLength("--out-dir", outDir);
  return { only, force: options.force === true, outDir: expandHome(outDir) };
}

/**
 * Checks that every checkpoint of the plan may be written into the output directory, before
 * hours of training: the directory must be granted (weights/ is, under `deno task train:all`)
 * and exist, and each file path passes the checks of --out.
 */
async function checkOutDir(setup: TrainAllSetup): Promise<void> {
  const dir = setup.outDir.replace(/\/+$/, "") || "/";
  const granted = await Deno.permissions.query({ name: "write", path: dir });
  if (granted.state !== "granted") {
    const allowed = stateDirCandidate() ?? say("all.stateDir");
    throw new UsageError(say("all.outDirDenied", { dir, allowed }));
  }
  for (const m of selectModels(setup.only)) {
    await checkOutPath("--out-dir", shippedPath(dir, m));
  }
}

/**
 * Runs `train --all`: one line as each model starts, its dev evaluations, a line as it is saved
 * or skipped, then the summary (or the report as JSON). A signal stops the model in training
 * (it is not saved; the ones before it are) and exits 130 (143, 129).
 */
export async function runTrainAll(
  args: readonly (string | undefined)[],
  options: TrainAllOptionValues,
  ctx: CommandContext,
  defaults: Partial<Recipe> = {},
): Promise<void> {
  const setup = parseTrainAllOptions(args, options);
  const fields = options.recipe === undefined
    ? defaults
    : { ...defaults, ...await readRecipeFile("--recipe", options.recipe) };
  await checkOutDir(setup);
  const { backend } = await ctx.session.backend(ctx.backendChoice);
  const print = (text: string) => (ctx.json ? ctx.io.err(text) : ctx.io.out(text));
  let run: ShippedRun;
  try {
    run = await trainShippedModels(backend, {
      outDir: setup.outDir,
      force: setup.force,
      only: setup.only,
      recipe: Object.keys(fields).length > 0 ? fields : undefined,
      signal: ctx.signal,
      onStart: (m, i, n) => print(renderShippedStart(m, i, n)),
      onEvaluation: (e) => print(renderShippedEvaluation(e, ctx.session.lang)),
      onDone: (r) => print(renderShippedDone(r, ctx.session.lang)),
    });
  } catch (e) {
    throw new AttnError(messageOf(e));
  }
  const report: TrainAllReport = { backend: backend.name, outDir: setup.outDir, ...run };
  emit(ctx, report, (r) => renderTrainAllSummary(r, ctx.session.lang));
  if (ctx.signal.aborted) {
    const signal = stopSignalOf(ctx.signal);
    throw new InterruptedError(
      run.interrupted === null
        ? say("all.stoppedBetween", { stopped: stoppedPhrase(signal) })
        : say("all.stoppedWhile", { stopped: stoppedPhrase(signal), model: run.interrupted }),
      { signal },
    );
  }
}
