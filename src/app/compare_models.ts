/**
 * The same input through an RNN, an RNN with attention, a Transformer and a GPT trained on the same
 * task: the use case behind `compare`. Each model's output, whether it is right when the task
 * knows the answer, and how long its run took (the model already loaded).
 */
import type { AppContext } from "./context.ts";
import { InterruptedError, UsageError } from "./errors.ts";
import { quoteInput } from "./quote_input.ts";
import { runText } from "./run_text.ts";
import { openAnyModel } from "./open_model.ts";
import { referenceFor, type TrainingRange } from "./task_reference.ts";
import { isModelPath, listModels, type ModelEntry } from "../models/weights/registry.ts";
import { appMessages } from "./app_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(appMessages);

/** One model's answer in `compare`. */
export interface CompareRow {
  /** "RNN", "RNN+attention" or "Transformer" (or the model's arch when chosen with --models). */
  family: string;
  model: string;
  arch: string;
  attention: string;
  output: string;
  /** Matches the reference; null when the reference is unknown. */
  correct: boolean | null;
  /**
   * Wall time of a warm run (decode and trace): the model already loaded and run once untimed,
   * so the GPU kernels are compiled and the time compares the models, not their first start.
   */
  ms: number;
}

/** The result of `compare` (printed as is with --json). */
export interface CompareResult {
  input: string;
  task: string;
  /** The task's answer for the input, or null when the task does not produce this input. */
  reference: string | null;
  /** Set when the input lies outside the letters and lengths the task's models trained on. */
  beyondTraining: TrainingRange | null;
  rows: CompareRow[];
  /** Families with no model for this task, e.g. "RNN+attention: no ko-en model in weights/". */
  missing: string[];
}

/** Which models to compare: by default one per family of a task. */
export interface CompareRequest {
  text: string;
  /** The task whose models to compare (default: the task of `model`, or of the model in use). */
  task?: string;
  /** A model (name or .safetensors path) that takes its family's place and names the task. */
  model?: string;
  /** Comma-separated models (names or paths) instead of one per family. */
  models?: string;
}

/** What compare needs to know of a model: a shipped one, or a checkpoint given by path. */
type Candidate = Pick<ModelEntry, "name" | "arch" | "attention" | "task" | "path">;

/** An RNN: a GRU or LSTM Seq2Seq (the Transformer and the GPT are the other generations). */
const isRnn = (m: Candidate) => m.arch === "gru" || m.arch === "lstm";

/** The four generations `compare` puts side by side, and how to recognize a model of each. */
const families: { name: string; pick: (m: Candidate) => number }[] = [
  // Lower is better; Infinity: not of this family.
  {
    name: "RNN",
    pick: (m) => (isRnn(m) && m.attention === "none" ? rank(m, ["gru", "lstm"]) : Infinity),
  },
  {
    name: "RNN+attention",
    pick: (m) =>
      isRnn(m) && m.attention !== "none"
        ? rank(m, ["gru-bahdanau", "gru-luong-general", "lstm-luong-dot"])
        : Infinity,
  },
  {
    name: "Transformer",
    pick: (
      m,
    ) => (m.arch === "transformer" ? rank(m, ["transformer", "transformer-rope"]) : Infinity),
  },
  {
    // Decoder-only: the sentence goes in as a translation prompt, <bos> source <sep>.
    name: "GPT",
    pick: (m) => (m.arch === "gpt" ? rank(m, ["gpt"]) : Infinity),
  },
];

/** Position of the model's name suffix in `preferred` (later for others). */
function rank(m: Candidate, preferred: string[]): number {
  const i = preferred.findIndex((p) => m.name === `${m.task}-${p}`);
  return i < 0 ? preferred.length : i;
}

/**
 * Runs `request.text` through the chosen models, one after the other. The model in use (or
 * `request.model`) takes its family's place and names the task; the other families get the
 * shipped model of that task. Like every --model, each may be a name or a .safetensors path.
 */
export async function compareModels(
  app: AppContext,
  request: CompareRequest,
): Promise<CompareResult> {
  const { text } = request;
  const { models } = await listModels({ dir: app.weightsDir });
  const known = new ModelLookup(models, app);
  if (request.models !== undefined && request.model !== undefined) {
    throw new UsageError(say("compareModels.modelAndModels"));
  }
  const chosen = request.models === undefined
    ? await familyModels(known, { task: request.task, model: request.model }, app)
    : await namedModels(known, request.models);
  const reference = referenceFor(chosen.task, text);
  const rows: CompareRow[] = [];
  for (const { family, entry } of chosen.picks) {
    if (app.signal.aborted) throw new InterruptedError();
    const { backend } = await app.backend();
    // Load first and run once untimed: time the run, not the file nor compiling the kernels
    // (a first run paid 211 ms for an RNN and 330 ms for a Transformer, 31 and 65 ms warm).
    await openAnyModel(entry.path, backend, {
      signal: app.signal,
      onWarning: (w) => app.warn(w),
    });
    await runText(quiet(app), { text, model: entry.path });
    if (app.signal.aborted) throw new InterruptedError();
    const start = performance.now();
    const result = await runText(app, { text, model: entry.path });
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
  return {
    input: text,
    task: chosen.task,
    reference: reference?.target ?? null,
    beyondTraining: reference?.beyondTraining ?? null,
    rows,
    missing: chosen.missing,
  };
}

/** The same context with warnings and notices left out: the untimed warm-up run says nothing. */
function quiet(app: AppContext): AppContext {
  return {
    backend: () => app.backend(),
    defaultModel: () => app.defaultModel(),
    weightsDir: app.weightsDir,
    signal: app.signal,
    lang: app.lang,
    warn: () => {},
    notice: () => {},
  };
}

interface Chosen {
  task: string;
  picks: { family: string; entry: Candidate }[];
  missing: string[];
}

/** Finds a model by name among the shipped ones, or reads the checkpoint a path names. */
class ModelLookup {
  constructor(readonly models: ModelEntry[], readonly app: AppContext) {}

  async find(spec: string): Promise<Candidate> {
    const shipped = this.models.find((m) => m.name === spec);
    if (shipped) return shipped;
    if (!isModelPath(spec)) {
      const names = this.models.map((m) => m.name).join(", ") || say("compareModels.none");
      throw new UsageError(say("compareModels.unknownModel", { typed: quoteInput(spec), names }));
    }
    const { backend } = await this.app.backend();
    const loaded = await openAnyModel(spec, backend, { dir: this.app.weightsDir });
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
  app: AppContext,
): Promise<Chosen> {
  let current: Candidate | null = null;
  let inUse: string | null = null;
  if (options.model !== undefined) {
    current = await known.find(options.model);
  } else {
    // The session's model only names the task; one that cannot be read now (its file is gone)
    // leaves the choice to --task.
    inUse = await app.defaultModel();
    if (inUse !== null) current = await known.find(inUse).catch(() => null);
  }
  const task = options.task ?? current?.task;
  if (task === undefined) {
    throw new UsageError(say("compareModels.noTask", {
      inUse: inUse === null ? say("compareModels.none") : quoteInput(inUse),
    }));
  }
  if (options.model !== undefined && current !== null && current.task !== task) {
    throw new UsageError(
      say("compareModels.otherTask", {
        typed: quoteInput(current.name),
        modelTask: current.task,
        task,
      }),
    );
  }
  const ofTask = known.models.filter((m) => m.task === task);
  const fromCurrent = current !== null && current.task === task ? current : null;
  if (ofTask.length === 0 && fromCurrent === null) {
    const tasks = [...new Set(known.models.map((m) => m.task))];
    throw new UsageError(say("compareModels.noModelsForTask", {
      typed: quoteInput(task),
      tasks: tasks.join(", ") || say("compareModels.emptyWeights"),
    }));
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
    throw new UsageError(say("compareModels.badList", { typed: quoteInput(list) }));
  }
  const picks: Chosen["picks"] = [];
  for (const spec of specs) {
    const entry = await known.find(spec);
    const family = families.find((f) => Number.isFinite(f.pick(entry)))?.name ?? entry.arch;
    picks.push({ family, entry });
  }
  return { task: picks[0].entry.task, picks, missing: [] };
}
