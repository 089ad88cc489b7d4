/** Views of the session's settings: `use` (the current model) and `set` (all options). */
import type { ModelEntry } from "../models/weights/registry.ts";
import type { ColorSetting } from "./color_level.ts";
import { cleanText, displayWidth, padEndWidth } from "./layout.ts";
import { sessionViewMessages } from "./session_view_messages.ts";
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";

/** The result of `use` (printed as is with --json). */
export interface UseResult {
  /** The model `run`, `step` and `compare` now use; null when there is none. */
  model: string | null;
  /** True when the user chose it with `use`, false when it is the default. */
  chosen: boolean;
  /** What its checkpoint says (null only when it could not be read). */
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
  /** The session's language (`set lang`; --lang changes it for one command only). */
  lang: Lang;
  /** `set images`: on draws views that have a figure as an image where the terminal can. */
  images: "on" | "off";
  /** The protocol images are drawn with; null when images are off or the terminal has none. */
  imageProtocol: "kitty" | "iterm2" | "sixel" | null;
  /** The model run, step and compare use (the same the banner and `use` name); null: none. */
  model: string | null;
  /** True when the user chose it with `use`, false when it is the default. */
  modelChosen: boolean;
  /** The option the command changed, if any. */
  changed?: string;
}

const say = messagesOf(sessionViewMessages);

/** One or two lines saying which model is in use, in `lang`. */
export function renderUse(r: UseResult, lang: Lang = "en"): string {
  if (r.model === null) return say("use.noModel")[lang];
  const e = r.entry;
  const parts = e
    ? [
      e.arch,
      ...(e.attention === "none" ? [] : [e.attention]),
      ...(e.task ? [say("use.task", { task: e.task })[lang]] : []),
      ...(e.accuracy === null
        ? []
        : [say("use.exactMatch", { percent: (e.accuracy * 100).toFixed(1) })[lang]]),
    ]
    : [];
  const about = parts.length > 0 ? ` (${parts.join(", ")})` : "";
  return say(r.chosen ? "use.chosen" : "use.default", { model: cleanText(r.model), about })[lang];
}

/** The settings as aligned lines, the changed one marked, in `lang`. */
export function renderSettings(r: SettingsResult, lang: Lang = "en"): string {
  const model = r.model === null
    ? say("set.none")[lang]
    : r.modelChosen
    ? cleanText(r.model)
    : say("set.modelDefault", { model: cleanText(r.model) })[lang];
  const rows: [string, string, Readonly<Bilingual>][] = [
    ["colormap", r.colormap, say("set.colormap")],
    ["values", r.values, say("set.values")],
    ["color", String(r.color), say("set.color")],
    ["backend", r.backend, say("set.backend")],
    ["kernels", r.kernels, say("set.kernels")],
    ["lang", r.lang, say("set.lang")],
    ["images", imagesValue(r, lang), say("set.images")],
    ["model", model, say("set.model")],
  ];
  const valueWidth = Math.max(18, ...rows.map(([, value]) => displayWidth(value) + 1));
  return rows.map(([name, value, help]) =>
    `${name === r.changed ? "*" : " "} ${name.padEnd(8)} ${padEndWidth(value, valueWidth)} ${
      help[lang]
    }`
  ).join("\n");
}

/** `set images`'s value: off, or on and the protocol, or on with text only (no support). */
function imagesValue(r: SettingsResult, lang: Lang): string {
  if (r.images === "off") return "off";
  return r.imageProtocol === null
    ? say("set.imagesTextOnly")[lang]
    : say("set.imagesWith", { protocol: r.imageProtocol })[lang];
}
