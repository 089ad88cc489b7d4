/** Views of the session's settings: `use` (the current model) and `set` (all options). */
import type { ModelEntry } from "../models/weights/registry.ts";
import type { ColorSetting } from "./color_level.ts";
import { cleanText } from "./layout.ts";

/** The result of `use` (printed as is with --json). */
export interface UseResult {
  /** The model `run`, `step` and `compare` now use; null when there is none. */
  model: string | null;
  /** True when the user chose it with `use`, false when it is the default. */
  chosen: boolean;
  /** What the registry knows about it (null for a model given by path that is not in weights/). */
  entry: Omit<ModelEntry, "path"> | null;
}

/** The result of `set` (printed as is with --json): every option and its value. */
export interface SettingsResult {
  colormap: string;
  values: "on" | "off";
  color: ColorSetting;
  backend: "auto" | "webgpu" | "cpu";
  /** fast: the engine picks its quickest kernels; reference: the textbook compositions. */
  kernels: "fast" | "reference";
  model: string | null;
  /** The option the command changed, if any. */
  changed?: string;
}

/** One or two lines saying which model is in use. */
export function renderUse(r: UseResult): string {
  if (r.model === null) {
    return "no model in use: weights/ holds none yet; use PATH.safetensors, or run TEXT --model PATH";
  }
  const e = r.entry;
  const about = e
    ? ` (${e.arch}${e.attention === "none" ? "" : `, ${e.attention}`}${
      e.task ? `, task ${e.task}` : ""
    }${e.accuracy === null ? "" : `, ${(e.accuracy * 100).toFixed(1)}% exact match`})`
    : "";
  return `${r.chosen ? "using" : "using the default model"} ${cleanText(r.model)}${about}`;
}

/** The settings as aligned lines, the changed one marked. */
export function renderSettings(r: SettingsResult): string {
  const rows: [string, string, string][] = [
    ["colormap", r.colormap, "viridis, magma or gray: attention heatmaps"],
    ["values", r.values, "on: print each weight in its heatmap cell"],
    ["color", String(r.color), "auto (NO_COLOR, FORCE_COLOR), on, off, 0-3"],
    ["backend", r.backend, "auto, webgpu or cpu"],
    ["kernels", r.kernels, "fast, or reference: textbook compositions, slower"],
    ["model", r.model === null ? "(none)" : cleanText(r.model), "change with: use MODEL"],
  ];
  return rows.map(([name, value, help]) =>
    `${name === r.changed ? "*" : " "} ${name.padEnd(8)} ${value.padEnd(18)} ${help}`
  ).join("\n");
}
