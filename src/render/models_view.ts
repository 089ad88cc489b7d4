/** The plain `models` view: one table row per shipped model. */
import type { ModelEntry } from "../models/weights/registry.ts";
import { renderTable } from "./table.ts";

/** Renders the model list, or says that weights/ holds none yet. */
export function renderModels(models: readonly ModelEntry[]): string {
  if (models.length === 0) {
    return "no trained models in weights/ yet; run a checkpoint by path: run TEXT --model FILE.safetensors";
  }
  const rows = models.map((m) => [
    m.name,
    m.arch,
    m.attention,
    m.pe ?? "",
    m.task || "-",
    formatCount(m.params),
    m.accuracy === null ? "-" : `${(m.accuracy <= 1 ? m.accuracy * 100 : m.accuracy).toFixed(1)}%`,
  ]);
  return renderTable(
    ["name", "arch", "attention", "pe", "task", "params", "accuracy"],
    rows,
    { alignRight: [5, 6] },
  );
}

/** 1234567 -> "1.23M", 45600 -> "45.6k". */
function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
