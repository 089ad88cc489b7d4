import { Option } from "commander";
import type { CommandContext, CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { InterruptedError, UsageError } from "../errors.ts";
import { referenceFor } from "../task_reference.ts";
import { checkText, openModel, runText } from "./run.ts";
import { isModelPath, listModels, type ModelEntry } from "../../models/weights/registry.ts";
import { type CompareResult, type CompareRow, renderCompare } from "../../render/compare_view.ts";
import { quoteInput } from "../quote_input.ts";

/** What compare needs to know of a model: a shipped one, or a checkpoint given by path. */
type Candidate = Pick<ModelEntry, "name" | "arch" | "attention" | "task" | "path">;

/** The three families `compare` puts side by side, and how to recognize a model of each. */
const families: { name: string; pick: (m: Candidate) => number }[] = [
  // Lower is better; Infinity: not of this family.
  {
    name: "RNN",
    pick: (
      m,
    ) => (m.arch !== "transformer" && m.attention === "none" ? rank(m, ["gru", "lstm"]) : Infinity),
  },
  {
    name: "RNN+attention",
    pick: (m) =>
      m.arch !== "transformer" && m.attention !== "none"
        ? rank(m, ["gru-bahdanau", "gru-luong-general", "lstm-luong-dot"])
        : Infinity,
  },
  {
    name: "Transformer",
    pick: (
      m,
    ) => (m.arch === "transformer" ? rank(m, ["transformer", "transformer-rope"]) : Infinity),
  },
];

/** Position of the model's name suffix in `preferred` (later for others). */
function rank(m: Candidate, preferred: string[]): number {
  const i = preferred.findIndex((p) => m.name === `${m.task}-${p}`);
  return i < 0 ? preferred.length : i;
}

/**
 * `compare <text...> [--model M] [--task T] [--models a,b,c]`: the same input
 * through an RNN, an RNN with attention and a Transformer trained on the same
 * task: each output, whether it is right when the task knows the answer, and
 * how long the run took. The model in use (`use`, or --model) takes its
 * family's place and names the task; the other families get the shipped model
 * of that task. Like every --model, M and each of the --models may be a name
 * from `models` or a path to a .safetensors file.
 */
export const compareCommand: CommandDef = {
  name: "compare",
  summary: "run an RNN, an RNN with attention and a Transformer on the same input: compare <text>",
  examples: [
    "compare 나는 학생이다",
    "compare abcdefghij --task reverse",
    "compare 22 Nov 2026 --task dates --json",
    "compare 나는 학생이다 --models ko-en-gru,ko-en-lstm-luong-dot,ko-en-transformer-rope",
    "compare 나는 학생이다 --model weights/ko-en-gru-luong-general.safetensors",
  ],
  configure(cmd) {
    cmd.argument("<text...>", "the input (several words are joined with spaces)")
      .addOption(
        new Option(
          "--task <name>",
          "compare the models of this task (default: the task of --model or of the model in use)",
        ),
      )
      .addOption(
        new Option(
          "--model <name>",
          "a model from 'models', or a .safetensors path: its task, in its family's place",
        ),
      )
      .addOption(
        new Option(
          "--models <list>",
          "comma-separated models (names or .safetensors paths) instead of one per family",
        ),
      );
  },
  async run(args, options, ctx) {
    const text = args.join(" ");
    checkText(text);
    const { models } = await listModels({ dir: ctx.session.weightsDir });
    const known = new ModelLookup(models, ctx);
    if (options.models !== undefined && options.model !== undefined) {
      throw new UsageError(`expected --model or --models, not both`);
    }
    const chosen = options.models === undefined
      ? await familyModels(known, {
        task: options.task === undefined ? undefined : String(options.task),
        model: options.model === undefined ? undefined : String(options.model),
      }, ctx)
      : await namedModels(known, String(options.models));
    const reference = referenceFor(chosen.task, text);
    const rows: CompareRow[] = [];
    const saved = ctx.session.lastRun; // compare leaves the last run alone
    try {
      for (const { family, entry } of chosen.picks) {
        if (ctx.signal.aborted) throw new InterruptedError();
        const { backend } = await ctx.session.backend(ctx.backendChoice);
        // Load first: time the run, not the file.
        await openModel(entry.path, backend, {
          signal: ctx.signal,
          onWarning: (w) => ctx.io.err(`attn: warning: ${w}`),
        });
        const start = performance.now();
        const { result } = await runText(text, ctx, { model: entry.path });
        const ms = performance.now() - start;
        rows.push({
          family,
          model: entry.name,
          arch: entry.arch,
          attention: entry.attention,
          output: result.output.text,
          correct: reference === null ? null : result.output.text === reference.target,
          ms,
        });
      }
    } finally {
      ctx.session.lastRun = saved;
    }
    const result: CompareResult = {
      input: text,
      task: chosen.task,
      reference: reference?.target ?? null,
      rows,
      missing: chosen.missing,
    };
    emit(ctx, result, (r) => renderCompare(r, { width: ctx.io.columns }));
  },
};

interface Chosen {
  task: string;
  picks: { family: string; entry: Candidate }[];
  missing: string[];
}

/** Finds a model by name among the shipped ones, or reads the checkpoint a path names. */
class ModelLookup {
  constructor(readonly models: ModelEntry[], readonly ctx: CommandContext) {}

  async find(spec: string): Promise<Candidate> {
    const shipped = this.models.find((m) => m.name === spec);
    if (shipped) return shipped;
    if (!isModelPath(spec)) {
      throw new UsageError(
        `unknown model ${quoteInput(spec)}; expected one of: ${
          this.models.map((m) => m.name).join(", ") || "(none)"
        }, or a path to a .safetensors file`,
      );
    }
    const { backend } = await this.ctx.session.backend(this.ctx.backendChoice);
    const loaded = await openModel(spec, backend, { dir: this.ctx.session.weightsDir });
    const { arch, attention, task } = loaded.config;
    return { name: loaded.name, arch, attention, task, path: loaded.path };
  }
}

/**
 * One model per family for a task: the model in use (--model, else the session's) in its
 * family's place when it is of that task, the best shipped one of the task elsewhere.
 */
async function familyModels(
  known: ModelLookup,
  options: { task?: string; model?: string },
  ctx: CommandContext,
): Promise<Chosen> {
  let current: Candidate | null = null;
  let inUse: string | null = null;
  if (options.model !== undefined) {
    current = await known.find(options.model);
  } else {
    // The session's model only names the task; one that cannot be read now (its file is gone)
    // leaves the choice to --task.
    inUse = await ctx.session.defaultModel();
    if (inUse !== null) current = await known.find(inUse).catch(() => null);
  }
  const task = options.task ?? current?.task;
  if (task === undefined) {
    throw new UsageError(
      `expected --task NAME or --model NAME|PATH (the model in use, ${
        inUse === null ? "(none)" : quoteInput(inUse)
      }, is not one attn can read)`,
    );
  }
  if (options.model !== undefined && current !== null && current.task !== task) {
    throw new UsageError(
      `--model ${quoteInput(current.name)} is a model of task '${current.task}', not '${task}'`,
    );
  }
  const ofTask = known.models.filter((m) => m.task === task);
  const fromCurrent = current !== null && current.task === task ? current : null;
  if (ofTask.length === 0 && fromCurrent === null) {
    const tasks = [...new Set(known.models.map((m) => m.task))];
    throw new UsageError(
      `no shipped models for task ${quoteInput(task)}; expected one of: ${
        tasks.join(", ") || "(weights/ is empty)"
      }`,
    );
  }
  const picks: Chosen["picks"] = [];
  const missing: string[] = [];
  for (const f of families) {
    const best = fromCurrent !== null && Number.isFinite(f.pick(fromCurrent))
      ? fromCurrent
      : ofTask.map((m) => ({ m, r: f.pick(m) })).filter((x) => Number.isFinite(x.r))
        .sort((a, b) => a.r - b.r)[0]?.m;
    if (best) picks.push({ family: f.name, entry: best });
    else missing.push(`${f.name}: no ${task} model in weights/`);
  }
  return { task, picks, missing };
}

/** The models of --models, in order: names from `models` or .safetensors paths. */
async function namedModels(known: ModelLookup, list: string): Promise<Chosen> {
  const specs = list.split(",").map((n) => n.trim()).filter((n) => n !== "");
  if (specs.length === 0 || specs.length > 8) {
    throw new UsageError(`expected 1-8 comma-separated models, got ${quoteInput(list)}`);
  }
  const picks: Chosen["picks"] = [];
  for (const spec of specs) {
    const entry = await known.find(spec);
    const family = families.find((f) => Number.isFinite(f.pick(entry)))?.name ?? entry.arch;
    picks.push({ family, entry });
  }
  return { task: picks[0].entry.task, picks, missing: [] };
}
