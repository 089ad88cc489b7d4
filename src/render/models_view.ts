/**
 * The `models` view: the shipped models grouped by task (in the order `train` lists tasks),
 * within a task by architecture (the RNNs first, then the Transformer that replaced them),
 * one compact line each, a star on the model in use. Fits narrow terminals by wrapping cells.
 */
import type { ModelEntry } from "../models/weights/registry.ts";
import { tasks } from "../data/task.ts";
import { formatCount, formatPercent } from "../measure/format.ts";
import { formatMessage, type Lang } from "../platform/i18n/messages.ts";
import { type ColumnRow, naturalColumnsWidth, renderColumns } from "./columns.ts";
import { wrapWidth } from "./layout.ts";
import { modelsMessages } from "./models_messages.ts";

/** How to draw {@link renderModels}. */
export interface ModelsViewOptions {
  width: number;
  lang: Lang;
  /** The model `run` uses without --model (a name, or a path); null: none. */
  current: string | null;
}

const ARCH_ORDER = ["gru", "lstm", "transformer", "gpt"];
const ATTENTION_ORDER = ["none", "bahdanau", "luong-dot", "luong-general", "scaled-dot"];
const PE_ORDER = ["sinusoidal", "learned", "rope"];

/** Renders the model list, or says that weights/ holds none yet. */
export function renderModels(models: readonly ModelEntry[], options: ModelsViewOptions): string {
  const say = (id: keyof typeof modelsMessages) => modelsMessages[id][options.lang];
  if (models.length === 0) return wrapWidth(say("view.models.none"), options.width).join("\n");
  const rows: ColumnRow[] = [];
  let task: string | null = null;
  let marked = false;
  for (const m of sortModels(models)) {
    if (m.task !== task) {
      task = m.task;
      rows.push({ heading: taskHeading(m.task, options.lang) });
    }
    const current = options.current !== null &&
      (options.current === m.name || options.current === m.path);
    marked ||= current;
    rows.push({
      mark: current ? "*" : "",
      cells: [
        m.name,
        architecture(m),
        formatCount(m.params),
        m.accuracy === null ? "-" : formatPercent(m.accuracy <= 1 ? m.accuracy : m.accuracy / 100),
      ],
    });
  }
  const head = [
    say("view.models.name"),
    say("view.models.architecture"),
    say("view.models.params"),
    say("view.models.exact"),
  ];
  // Too narrow for the architecture column: leave it out when every name says the same (the
  // shipped names do: ko-en-gru-bahdanau), rather than wrap each row onto two lines.
  const tooWide = naturalColumnsWidth(head, rows, 2) > options.width;
  const drop = tooWide && models.every(nameSaysArchitecture) ? 1 : -1;
  const without = <T>(list: T[]) => list.filter((_, c) => c !== drop);
  const table = renderColumns(
    without(head),
    rows.map((r) => ("cells" in r ? { ...r, cells: without(r.cells) } : r)),
    { maxWidth: options.width, alignRight: drop < 0 ? [2, 3] : [1, 2], indent: 2 },
  );
  const notes = [
    ...(marked ? [say("view.models.current")] : []),
    // A GPT's score is not a Seq2Seq decode: say what it measures, and what its ppl is.
    ...(models.some((m) => m.arch === "gpt") ? [say("view.models.gptScores")] : []),
  ];
  if (notes.length === 0) return table;
  return [table, "", ...notes.flatMap((n) => wrapWidth(n, options.width))].join("\n");
}

/** By task (the order `train` lists them), then architecture, attention and position. */
export function sortModels(models: readonly ModelEntry[]): ModelEntry[] {
  const taskOrder = [...tasks.keys()];
  const rank = (list: readonly string[], value: string | null) => {
    const i = list.indexOf(value ?? "");
    return i < 0 ? list.length : i;
  };
  const key = (m: ModelEntry) => [
    rank(taskOrder, m.task),
    rank(ARCH_ORDER, m.arch),
    rank(ATTENTION_ORDER, m.attention),
    rank(PE_ORDER, m.pe),
  ];
  return [...models].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const differ = ka.findIndex((v, i) => v !== kb[i]);
    return differ >= 0 ? ka[differ] - kb[differ] : a.name.localeCompare(b.name);
  });
}

/**
 * "gru", "gru + bahdanau" (its attention), "transformer, rope" (its position encoding),
 * "gpt, learned, ppl 2.41" (a GPT's held-out perplexity, when recorded).
 */
function architecture(m: ModelEntry): string {
  if (m.arch === "gpt") {
    const ppl = m.perplexity === null ? "" : `, ppl ${m.perplexity.toFixed(2)}`;
    return `${m.arch}, ${m.pe}${ppl}`;
  }
  if (m.arch === "transformer") return m.pe ? `${m.arch}, ${m.pe}` : m.arch;
  return m.attention === "none" ? m.arch : `${m.arch} + ${m.attention}`;
}

/** Whether a model's name already names its architecture, attention and position encoding. */
function nameSaysArchitecture(m: ModelEntry): boolean {
  const words = m.name.split("-");
  const has = (part: string) => m.name.includes(part);
  return words.includes(m.arch) &&
    (m.attention === "none" || m.attention === "scaled-dot" || has(m.attention)) &&
    (m.pe === null || m.pe === defaultPe(m.arch) || has(m.pe));
}

/** The positions a name leaves unsaid: the Transformer's sinusoids, GPT-2's learned table. */
function defaultPe(arch: string): string {
  return arch === "gpt" ? "learned" : "sinusoidal";
}

/** "task ko-en: translate toy Korean sentences to English: ..." in the session's language. */
function taskHeading(name: string, lang: Lang): string {
  const task = tasks.get(name);
  if (!task) return name || "-";
  const summary = lang === "ko" ? task.summaryKo : task.summary;
  return formatMessage(modelsMessages, "view.models.task", { task: name, summary })[lang];
}
