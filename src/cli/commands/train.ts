import { Option } from "@commander-js/extra-typings";
import { type CommandContext, type CommandDef, defineCommand, emit } from "../command.ts";
import { AttnError, InterruptedError, stoppedPhrase, stopSignalOf, UsageError } from "../errors.ts";
import { messageOf } from "../../platform/i18n/bilingual_error.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import { trainMessages } from "../train_messages.ts";
import { readRecipeFile } from "../recipe_file.ts";
import { refuseAllOnlyOptions, runTrainAll, withTrainAllOptions } from "../train_all.ts";
import { parseCount } from "../parse_number.ts";
import { checkOutPath, requireSafetensorsName } from "../out_path.ts";
import { getTask, tasks } from "../../data/task.ts";
import type { AnyArch, AttentionMechanism, PositionalKind } from "../../models/config.ts";
import { disposeModel, train, type TrainedModel } from "../../train/trainer.ts";
import { gptTasks, type TrainedGpt, trainGpt } from "../../train/gpt_trainer.ts";
import type { Recipe } from "../../train/recipes.ts";
import { recipeFieldNames } from "../../train/recipe_fields.ts";
import { buildTrainReport } from "../../train/report.ts";
import {
  type SaveOutcome,
  saveTrained,
  type TrainedCheckpoint,
  trainedCheckpoint,
} from "../../train/save_trained.ts";
import { renderKept, renderSaveOutcome, renderTrainSummary } from "../../render/train_view.ts";
import { scoringWords } from "../../render/train_scoring_view.ts";
import { progressPrinter } from "../train_progress.ts";

const arches: readonly AnyArch[] = ["transformer", "gru", "lstm", "gpt"];
const gptPositionals = ["learned", "rope"] as const;
const rnnAttentions = ["none", "bahdanau", "luong-dot", "luong-general"] as const;
const positionals: readonly PositionalKind[] = ["sinusoidal", "learned", "rope", "none"];
const norms = ["pre", "post"] as const;
const say = messagesOf(trainMessages);

/** Bounds that keep a typo from asking for hours of training or gigabytes of activations. */
export const trainLimits = { steps: 100_000, batch: 512, seed: 2 ** 31 - 1, maxLr: 1 } as const;

/**
 * `train <arch> <task> [--attention KIND] [--pe KIND] [--norm pre|post]
 * [--steps N] [--batch N] [--lr X] [--seed N] [--out FILE]`: trains a fresh
 * model with the (arch, task) recipe, shows progress and the loss curve, and
 * reports dev/test exact match; --out saves the checkpoint (atomically, and never over a
 * better model: src/train/save_trained.ts). Ctrl-C, SIGTERM or SIGHUP stops between steps,
 * keeps the best parameters so far, saves them and exits 130 (143, 129); a second one leaves
 * at once without saving. At the attn> prompt the model stays in the session for `save FILE`.
 * --recipe FILE.json sets recipe fields (options still win); `train --all` trains the shipped
 * models instead (train_all.ts).
 */
export const trainCommand: CommandDef = makeTrainCommand();

/**
 * The train command with recipe fields fixed underneath the command-line
 * options (tests use it for tiny, fast models).
 */
export function makeTrainCommand(defaults: { recipe?: Partial<Recipe> } = {}): CommandDef {
  return defineCommand({
    name: "train",
    summary: "train a model on a task with progress and a loss chart (train transformer reverse)",
    examples: [
      "train transformer reverse --steps 300",
      "train gru ko-en --attention bahdanau --out ~/.local/state/attn/ko-en-gru.safetensors",
      "train transformer dates --pe rope --backend cpu --json",
      "train gpt ko-en --out ~/.local/state/attn/ko-en-gpt.safetensors",
      "train transformer reverse --recipe ~/.local/state/attn/quick.json",
      "train --all --only reverse-gru --out-dir ~/.local/state/attn",
    ],
    configure: (cmd) =>
      withTrainAllOptions(
        cmd.argument("[arch]", `the model: ${arches.join(", ")} (not with --all)`)
          .argument("[task]", `the task: ${[...tasks.keys()].join(", ")} (not with --all)`)
          .addOption(
            new Option(
              "--attention <kind>",
              `transformer: scaled-dot; gru/lstm: ${rnnAttentions.join(", ")} (default bahdanau)`,
            ),
          )
          .addOption(
            new Option(
              "--pe <kind>",
              `transformer positions: ${positionals.join(", ")}; gpt: ${gptPositionals.join(", ")}`,
            ),
          )
          .addOption(new Option("--norm <where>", "transformer LayerNorm placement: pre, post"))
          .addOption(new Option("--steps <n>", `optimizer steps (1-${trainLimits.steps})`))
          .addOption(new Option("--batch <n>", `examples per step (1-${trainLimits.batch})`))
          .addOption(new Option("--lr <x>", `peak learning rate (0-${trainLimits.maxLr})`))
          .addOption(
            new Option("--seed <n>", "seed of init, data, shuffling and dropout (default 1)"),
          )
          .addOption(
            new Option(
              "--out <file>",
              "save the trained model to this .safetensors file (a better model already there is kept)",
            ),
          )
          .addOption(new Option("--score-on-stop", scoringWords("train.scoreOnStopOption")))
          .addOption(
            new Option(
              "--recipe <file>",
              `a JSON file of recipe fields over the task's recipe, e.g. {"steps":300,"model":{"dModel":32}} (fields: ${
                recipeFieldNames.join(", ")
              }); it must lie in the project or the state directory`,
            ),
          ),
      ),
    run: (args, options, ctx) => runTrain(args, options, ctx, defaults.recipe),
  });
}

/** `train` (one model): options checked, the model trained, then saved and reported. */
async function runTrain(
  args: readonly (string | undefined)[],
  options: TrainOptionValues & { all?: boolean; recipe?: string; scoreOnStop?: boolean },
  ctx: CommandContext,
  defaults: Partial<Recipe> = {},
): Promise<void> {
  if (options.all) return await runTrainAll(args, options, ctx, defaults);
  const { scoreOnStop, recipe: _recipe, all: _all, ...values } = options;
  const setup = parseTrainOptions(args, values);
  const fromFile = options.recipe === undefined
    ? {}
    : await readRecipeFile("--recipe", String(options.recipe));
  setup.recipe = { ...defaults, ...fromFile, ...setup.recipe };
  if (setup.out) setup.out = await checkOutPath("--out", setup.out); // before minutes of work
  const { backend } = await ctx.session.backend(ctx.backendChoice);
  const progress = progressPrinter(ctx, { saving: setup.out !== undefined });
  let trained: TrainedModel | TrainedGpt;
  const hooks = { ...progress.hooks, signal: ctx.signal, scoreOnStop: scoreOnStop === true };
  try {
    trained = setup.arch === "gpt"
      ? await trainGpt(
        { ...setup, task: setup.task.name, pe: gptPositional(setup.pe) },
        backend,
        hooks,
      )
      : await train({ ...setup, arch: setup.arch }, backend, hooks);
  } catch (e) {
    throw new AttnError(messageOf(e));
  } finally {
    progress.end();
  }
  const model = trainedCheckpoint(trained);
  try {
    await saveAndReport(ctx, { trained, model, out: setup.out, backend: backend.name });
  } finally {
    ctx.session.keepTrained(model, () => disposeModel(trained.model));
  }
}

/**
 * Saves the trained model (never over a better one), prints the report, and ends with a line
 * that says what happened to the model: interrupted and failed runs end with it as their
 * error line (exit 130/143/129, or 1). A failed save loses nothing: the report still prints,
 * and at the attn> prompt the model stays for `save FILE`.
 */
async function saveAndReport(
  ctx: CommandContext,
  run: {
    trained: TrainedModel | TrainedGpt;
    model: TrainedCheckpoint;
    out?: string;
    backend: string;
  },
): Promise<void> {
  const { trained } = run;
  let save: SaveOutcome | null = null;
  let saveError: Bilingual | null = null;
  // A run stopped before its first step has nothing worth a file.
  if (run.out && trained.steps > 0) {
    try {
      save = await saveTrained(run.model, run.out);
    } catch (e) {
      const why = messageOf(e);
      saveError = { en: why.en.split("\n")[0], ko: why.ko.split("\n")[0] };
    }
  }
  const report = buildTrainReport(trained, {
    backend: run.backend,
    save,
    saveError: saveError?.en ?? null,
  });
  emit(
    ctx,
    report,
    (r) =>
      renderTrainSummary(r, {
        columns: ctx.io.columns,
        saveLater: ctx.session.isRepl,
        lang: ctx.session.lang,
      }),
  );
  const signal = stopSignalOf(ctx.signal);
  const later = ctx.session.isRepl ? say("train.keptHere") : say("train.nothingWritten");
  const stopped = trained.interrupted
    ? say("stop.atStep", {
      stopped: stoppedPhrase(signal),
      step: trained.steps,
      kept: { en: renderKept(report, "en"), ko: renderKept(report, "ko") },
    })
    : "";
  if (saveError !== null) {
    throw new AttnError(say("train.notSaved", { stopped, reason: saveError, later }));
  }
  if (!trained.interrupted) return;
  const here = ctx.session.isRepl
    ? say("train.keptHereAfter", { keptHere: say("train.keptHere") })
    : "";
  const outcome = save
    ? { en: renderSaveOutcome(save, "en"), ko: renderSaveOutcome(save, "ko") }
    : trained.steps === 0
    ? say("train.noStep")
    : say("train.noOut", { here });
  throw new InterruptedError(say("stop.then", { stopped, outcome }), { signal });
}

/** What the command line asked for. */
export interface TrainCommandSetup {
  task: ReturnType<typeof getTask>;
  arch: AnyArch;
  attention?: AttentionMechanism;
  pe?: PositionalKind;
  norm?: "pre" | "post";
  seed: number;
  recipe: Partial<Recipe>;
  out?: string;
}

/** The options of `train` that take a value, as commander hands them over. */
type TrainOptionValues = {
  [K in "attention" | "pe" | "norm" | "steps" | "batch" | "lr" | "seed" | "out"]?: string;
};

/** Validates `train`'s arguments and options; every problem is a one-line UsageError. */
export function parseTrainOptions(
  args: readonly (string | undefined)[],
  options: TrainOptionValues,
): TrainCommandSetup {
  refuseAllOnlyOptions(options);
  const [archText, taskText] = args;
  if (archText === undefined || taskText === undefined) {
    throw new UsageError(say("train.needsArchTask"));
  }
  const arch = oneOf(archText, say("train.what.arch"), arches);
  if (!tasks.has(taskText)) {
    throw new UsageError(
      say("train.unknownTask", { typed: taskText, tasks: [...tasks.keys()].join(", ") }),
    );
  }
  if (arch === "gpt" && !gptTasks.includes(taskText)) {
    throw new UsageError({
      en: `a gpt trains on the language-modelling corpus of ${
        gptTasks.join(", ")
      }; got task '${taskText}'`,
      ko: `gpt는 ${gptTasks.join(", ")} 언어 모델링 말뭉치로 학습합니다. 받은 과제: '${taskText}'`,
    });
  }
  const task = getTask(taskText);
  const str = (key: keyof TrainOptionValues) => options[key];
  let attention: AttentionMechanism | undefined;
  const attentionText = str("attention");
  if (attentionText !== undefined) {
    attention = arch === "transformer" || arch === "gpt"
      ? oneOf(attentionText, say("train.what.attentionFor", { arch }), ["scaled-dot"] as const)
      : oneOf(attentionText, say("train.what.attentionFor", { arch }), rnnAttentions);
  }
  const pe = str("pe") === undefined
    ? undefined
    : oneOf(str("pe")!, "--pe", arch === "gpt" ? gptPositionals : positionals);
  const norm = str("norm") === undefined ? undefined : oneOf(str("norm")!, "--norm", norms);
  if (arch === "gpt" && norm !== undefined) {
    throw new UsageError({
      en: "--norm applies to a transformer only (a gpt is pre-norm), got arch gpt",
      ko: "--norm 옵션은 transformer에만 씁니다 (gpt는 pre-norm입니다). 받은 arch: gpt",
    });
  }
  if (arch !== "transformer" && arch !== "gpt" && (pe !== undefined || norm !== undefined)) {
    const option = pe !== undefined ? "--pe" : "--norm";
    throw new UsageError(say("train.transformerOnly", { option, arch }));
  }
  const recipe: Partial<Recipe> = {};
  if (str("steps") !== undefined) {
    recipe.steps = parseCount(str("steps")!, "--steps", { max: trainLimits.steps });
  }
  if (str("batch") !== undefined) {
    recipe.batchSize = parseCount(str("batch")!, "--batch", { max: trainLimits.batch });
  }
  if (str("lr") !== undefined) recipe.lr = parseRate(str("lr")!);
  const seed = str("seed") === undefined
    ? 1
    : parseCount(str("seed")!, "--seed", { min: 0, max: trainLimits.seed });
  const out = str("out");
  if (out !== undefined) requireSafetensorsName("--out", out);
  return { task, arch, attention, pe, norm, seed, recipe, out };
}

/** A GPT's positions (parseTrainOptions allowed only these for a gpt). */
function gptPositional(pe: PositionalKind | undefined): "learned" | "rope" | undefined {
  return pe === "learned" || pe === "rope" ? pe : undefined;
}

function oneOf<T extends string>(
  text: string | undefined,
  what: string | Bilingual,
  allowed: readonly T[],
): T {
  if (text === undefined || !allowed.includes(text as T)) {
    throw new UsageError(
      say("train.oneOf", { what, allowed: allowed.join(", "), typed: text ?? "" }),
    );
  }
  return text as T;
}

/** A learning rate: a finite number in (0, maxLr], e.g. 0.002 or 2e-3. */
function parseRate(text: string): number {
  const value = /^\s*[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(text) ? Number(text) : NaN;
  if (!(value > 0 && value <= trainLimits.maxLr)) {
    throw new UsageError(say("train.lr", { max: trainLimits.maxLr, typed: text }));
  }
  return value;
}
