/**
 * `deno task train:all`: trains the 18 checkpoints that ship in weights/ -
 * for each of reverse, dates and ko-en a Transformer (sinusoidal and RoPE), a
 * GRU without attention, a GRU with Bahdanau and with Luong-general attention
 * and an LSTM with Luong-dot attention - with fixed seeds and the recipes of
 * recipes.ts, so the shipped files are reproduced (bit for bit on the same
 * backend and adapter: float summation order differs across backends).
 *
 * Each file is written atomically with metadata: accuracy (test exact match),
 * token_accuracy, train_seconds, train_steps, seed, task. Files already
 * present are skipped unless --force; --only NAME,... picks models.
 *
 *   deno task train:all [--force] [--only ko-en-transformer,reverse-gru] [--backend cpu|webgpu]
 */
import type { Arch, AttentionKind, PositionalKind } from "../models/config.ts";
import { saveCheckpoint } from "../models/weights/checkpoint.ts";
import { defaultWeightsDir } from "../models/weights/registry.ts";
import { getTask } from "../data/task.ts";
import type { Backend } from "../engine/backend/contract.ts";
import { disposeModel, train, type TrainedModel, type TrainHooks } from "./trainer.ts";
import { trainedMetadata } from "./report.ts";

/** One shipped checkpoint: what to train and with which seed. */
export interface ShippedModel {
  /** File stem in weights/: `<task>-<arch>[-<attention or pe>]`. */
  name: string;
  task: string;
  arch: Arch;
  attention?: AttentionKind;
  pe?: PositionalKind;
  seed: number;
}

const shippedTasks = ["ko-en", "reverse", "dates"] as const;

/** The variants trained per task, in order of importance (the first are trained first). */
const variants: readonly Omit<ShippedModel, "name" | "task" | "seed">[] = [
  { arch: "transformer", pe: "sinusoidal" },
  { arch: "gru", attention: "bahdanau" },
  { arch: "gru", attention: "luong-general" },
  { arch: "transformer", pe: "rope" },
  { arch: "lstm", attention: "luong-dot" },
  { arch: "gru", attention: "none" },
];

function nameOf(task: string, v: Omit<ShippedModel, "name" | "task" | "seed">): string {
  if (v.arch === "transformer") return `${task}-transformer${v.pe === "rope" ? "-rope" : ""}`;
  return v.attention === "none" ? `${task}-${v.arch}` : `${task}-${v.arch}-${v.attention}`;
}

/**
 * The 18 shipped checkpoints, hardest and most important first: the ko-en and
 * reverse Transformers, the dates Transformer, the attention GRUs on ko-en,
 * then the rest. Seed 1 for all (the trainer's default), so `train` with the
 * same arch, task, attention and pe gives the same model (recipes.ts holds
 * every per-model setting).
 */
export const shippedModels: readonly ShippedModel[] = (() => {
  const all: ShippedModel[] = [];
  for (const v of variants) {
    for (const task of shippedTasks) all.push({ ...v, task, name: nameOf(task, v), seed: 1 });
  }
  const first = [
    "ko-en-transformer",
    "reverse-transformer",
    "dates-transformer",
    "ko-en-gru-bahdanau",
    "ko-en-gru-luong-general",
  ];
  const rank = (m: ShippedModel) => {
    const i = first.indexOf(m.name);
    return i < 0 ? first.length : i;
  };
  return all.sort((a, b) => rank(a) - rank(b)); // stable: the rest keep variant order
})();

/** The result of one model of a train:all run. */
export interface TrainAllRow {
  name: string;
  status: "trained" | "skipped";
  /** Test exact match and token accuracy in [0, 1] (null when skipped). */
  exactMatch: number | null;
  tokenAccuracy: number | null;
  steps: number | null;
  seconds: number | null;
  path: string;
}

/** Options of {@link trainAll}. */
export interface TrainAllOptions {
  /** Where the checkpoints go (default: weights/ of this checkout). */
  dir?: string;
  /** Retrain files that exist. */
  force?: boolean;
  /** Only these names (default all). */
  only?: readonly string[];
  signal?: AbortSignal;
  /** Called before each model is trained or skipped. */
  onStart?: (model: ShippedModel, index: number, total: number) => void;
  /** Called after each dev evaluation of the model in training. */
  onEvaluation?: TrainHooks["onEvaluation"];
  /** Called after each model. */
  onDone?: (row: TrainAllRow) => void;
}

/** Trains (or skips) the selected shipped models one after the other on `backend`. */
export async function trainAll(
  backend: Backend,
  options: TrainAllOptions = {},
): Promise<TrainAllRow[]> {
  const dir = options.dir ?? defaultWeightsDir();
  const selected = selectModels(options.only);
  const rows: TrainAllRow[] = [];
  for (const [i, m] of selected.entries()) {
    if (options.signal?.aborted) break;
    options.onStart?.(m, i, selected.length);
    const path = `${dir.replace(/\/$/, "")}/${m.name}.safetensors`;
    if (!options.force && await exists(path)) {
      const row: TrainAllRow = {
        name: m.name,
        status: "skipped",
        exactMatch: null,
        tokenAccuracy: null,
        steps: null,
        seconds: null,
        path,
      };
      rows.push(row);
      options.onDone?.(row);
      continue;
    }
    const trained: TrainedModel = await train(
      {
        task: getTask(m.task),
        arch: m.arch,
        attention: m.attention,
        pe: m.pe,
        seed: m.seed,
      },
      backend,
      { signal: options.signal, onEvaluation: options.onEvaluation },
    );
    try {
      if (trained.interrupted) break; // never ship a half-trained model
      await saveCheckpoint(path, {
        config: trained.config,
        srcVocab: trained.data.tokenizers.source.vocab.tokens,
        tgtVocab: trained.data.tokenizers.target.vocab.tokens,
        tokenizer: trained.data.tokenizers.source.kind,
        params: trained.model.params,
        extra: { ...trainedMetadata(trained), name: m.name },
      });
    } finally {
      disposeModel(trained.model);
    }
    const row: TrainAllRow = {
      name: m.name,
      status: "trained",
      exactMatch: trained.test.exactMatch,
      tokenAccuracy: trained.test.tokenAccuracy,
      steps: trained.steps,
      seconds: trained.seconds,
      path,
    };
    rows.push(row);
    options.onDone?.(row);
  }
  return rows;
}

/** The shipped models named by `only` (all when absent); an unknown name is an error. */
export function selectModels(only?: readonly string[]): ShippedModel[] {
  if (!only || only.length === 0) return [...shippedModels];
  const names = shippedModels.map((m) => m.name);
  for (const name of only) {
    if (!names.includes(name)) {
      throw new Error(`unknown model '${name}'; expected one of: ${names.join(", ")}`);
    }
  }
  return shippedModels.filter((m) => only.includes(m.name));
}

/** A plain-text summary table of a run (one row per model). */
export function summaryTable(rows: readonly TrainAllRow[]): string {
  const pct = (x: number | null) => (x === null ? "-" : `${(x * 100).toFixed(1)}%`);
  const header = ["model", "status", "exact match", "token acc", "steps", "seconds"];
  const body = rows.map((r) => [
    r.name,
    r.status,
    pct(r.exactMatch),
    pct(r.tokenAccuracy),
    r.steps === null ? "-" : String(r.steps),
    r.seconds === null ? "-" : r.seconds.toFixed(1),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Command-line flags of the script. */
function parseArgs(args: string[]): { force: boolean; only?: string[]; backend: string } {
  let force = false;
  let only: string[] | undefined;
  let backend = "webgpu";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[++i];
      if (v === undefined) throw new Error(`${arg} expects a value`);
      return v;
    };
    if (arg === "--force") force = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      only = value().split(",").map((s) => s.trim()).filter(Boolean);
    } else if (arg === "--backend" || arg.startsWith("--backend=")) backend = value();
    else {
      throw new Error(
        `unknown argument '${arg}'; expected --force, --only NAME,... or --backend cpu|webgpu`,
      );
    }
  }
  if (backend !== "webgpu" && backend !== "cpu") {
    throw new Error(`--backend must be cpu or webgpu, got '${backend}'`);
  }
  return { force, only, backend };
}

async function makeBackend(kind: string): Promise<Backend> {
  if (kind === "cpu") {
    const { CpuBackend } = await import("../engine/cpu/backend.ts");
    return new CpuBackend();
  }
  const { GpuRuntime } = await import("../engine/webgpu/runtime.ts");
  const { WebGpuBackend } = await import("../engine/webgpu/backend.ts");
  return new WebGpuBackend(await GpuRuntime.create());
}

if (import.meta.main) {
  try {
    const args = parseArgs(Deno.args);
    selectModels(args.only); // fail on a bad name before the backend starts
    const backend = await makeBackend(args.backend);
    const controller = new AbortController();
    Deno.addSignalListener("SIGINT", () => controller.abort());
    const rows = await trainAll(backend, {
      force: args.force,
      only: args.only,
      signal: controller.signal,
      onStart: (m, i, n) => console.log(`[${i + 1}/${n}] ${m.name}`),
      onEvaluation: (e) =>
        console.log(
          `  step ${e.step}: dev exact match ${(e.dev.exactMatch * 100).toFixed(1)}%${
            e.improved ? " (kept)" : ""
          }`,
        ),
      onDone: (r) =>
        console.log(
          r.status === "skipped"
            ? `  skipped: ${r.path} exists (--force retrains it)`
            : `  test exact match ${(r.exactMatch! * 100).toFixed(1)}% in ${
              r.seconds!.toFixed(1)
            } s (${r.steps} steps) -> ${r.path}`,
        ),
    });
    console.log(`\n${summaryTable(rows)}`);
    if (controller.signal.aborted) {
      console.error("train:all: interrupted (the model in training was not saved)");
      Deno.exit(130);
    }
    Deno.exit(0);
  } catch (e) {
    console.error(`train:all: ${e instanceof Error ? e.message : e}`);
    Deno.exit(1);
  }
}
