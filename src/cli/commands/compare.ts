import { Option } from "commander";
import type { CommandContext, CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { InterruptedError, UsageError } from "../errors.ts";
import { referenceFor } from "../task_reference.ts";
import { checkText, openModel, runText } from "./run.ts";
import { listModels, type ModelEntry } from "../../nn/model_registry.ts";
import { type CompareResult, type CompareRow, renderCompare } from "../../render/compare_view.ts";

/** The three families `compare` puts side by side, and how to recognize a model of each. */
const families: { name: string; pick: (m: ModelEntry) => number }[] = [
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
function rank(m: ModelEntry, preferred: string[]): number {
  const i = preferred.findIndex((p) => m.name === `${m.task}-${p}`);
  return i < 0 ? preferred.length : i;
}

/**
 * `compare <text...> [--task T] [--models a,b,c]`: the same input through an
 * RNN, an RNN with attention and a Transformer trained on the same task (the
 * session model's task by default): each output, whether it is right when
 * the task knows the answer, and how long the run took.
 */
export const compareCommand: CommandDef = {
  name: "compare",
  summary: "run an RNN, an RNN with attention and a Transformer on the same input: compare <text>",
  examples: [
    "compare 나는 학생이다",
    "compare abcdefghij --task reverse",
    "compare 22 Nov 2026 --task dates --json",
    "compare 나는 학생이다 --models ko-en-gru,ko-en-lstm-luong-dot,ko-en-transformer-rope",
  ],
  configure(cmd) {
    cmd.argument("<text...>", "the input (several words are joined with spaces)")
      .addOption(
        new Option(
          "--task <name>",
          "compare the models of this task (default: the current model's)",
        ),
      )
      .addOption(
        new Option("--models <names>", "comma-separated models instead of one per family"),
      );
  },
  async run(args, options, ctx) {
    const text = args.join(" ");
    checkText(text);
    const { models } = await listModels({ dir: ctx.session.weightsDir });
    const chosen = options.models === undefined
      ? await familyModels(models, options.task as string | undefined, ctx)
      : namedModels(models, String(options.models));
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
  picks: { family: string; entry: ModelEntry }[];
  missing: string[];
}

async function familyModels(
  models: ModelEntry[],
  taskOption: string | undefined,
  ctx: CommandContext,
): Promise<Chosen> {
  let task = taskOption;
  if (task === undefined) {
    const current = await ctx.session.defaultModel();
    task = models.find((m) => m.name === current)?.task;
    if (task === undefined) {
      throw new UsageError(
        `expected --task NAME (the current model ${current ?? "(none)"} is not one of 'models')`,
      );
    }
  }
  const ofTask = models.filter((m) => m.task === task);
  if (ofTask.length === 0) {
    const tasks = [...new Set(models.map((m) => m.task))];
    throw new UsageError(
      `no shipped models for task '${task}'; expected one of: ${
        tasks.join(", ") || "(weights/ is empty)"
      }`,
    );
  }
  const picks: Chosen["picks"] = [];
  const missing: string[] = [];
  for (const f of families) {
    const best = ofTask.map((m) => ({ m, r: f.pick(m) })).filter((x) => Number.isFinite(x.r))
      .sort((a, b) => a.r - b.r)[0];
    if (best) picks.push({ family: f.name, entry: best.m });
    else missing.push(`${f.name}: no ${task} model in weights/`);
  }
  return { task, picks, missing };
}

function namedModels(models: ModelEntry[], list: string): Chosen {
  const names = list.split(",").map((n) => n.trim()).filter((n) => n !== "");
  if (names.length === 0 || names.length > 8) {
    throw new UsageError(`expected 1-8 comma-separated model names, got '${list}'`);
  }
  const picks = names.map((name) => {
    const entry = models.find((m) => m.name === name);
    if (!entry) {
      throw new UsageError(
        `unknown model '${name}'; expected one of: ${
          models.map((m) => m.name).join(", ") || "(none)"
        }`,
      );
    }
    const family = families.find((f) => Number.isFinite(f.pick(entry)))?.name ?? entry.arch;
    return { family, entry };
  });
  return { task: picks[0].entry.task, picks, missing: [] };
}
