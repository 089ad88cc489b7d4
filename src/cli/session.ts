import {
  type BackendChoice,
  openBackend,
  type OpenedBackend,
  type WorkSize,
} from "../engine/open_backend.ts";
import type { KernelPolicy } from "../engine/mod.ts";
import type { RunResult } from "../models/run_result.ts";
import { modelNames } from "../models/weights/registry.ts";
import { type ColorSetting, type Palette, paletteFor } from "../render/color.ts";
import type { Colormap } from "../render/colormap.ts";
import { type ColormapName, namedColormap } from "../render/colormaps.ts";
import type { Io } from "./io.ts";
import { cliMessages } from "./cli_messages.ts";
import { formatMessage } from "../platform/i18n/messages.ts";
import type { TrainedCheckpoint } from "../train/save_trained.ts";
import type { LastRunFile } from "./last_run.ts";
import type { ImageSupport, TerminalAsk } from "./images/detect_images.ts";

import type { Lang } from "../platform/i18n/messages.ts";

/** Interface language of messages, help, views and lessons. */
export type { Lang };

/** `set color`: the environment decides ("auto"), "on", "off" or a forced level. */
export type { ColorSetting };

/** The model `run` uses when weights/ has it and the user has not chosen one. */
export const PREFERRED_DEFAULT_MODEL = "ko-en-transformer";

/** The default language: Korean when LANG/LC_ALL/LC_MESSAGES say so, else English. */
export function defaultLang(): Lang {
  try {
    for (const name of ["LC_ALL", "LC_MESSAGES", "LANG"]) {
      const value = Deno.env.get(name);
      if (value) return value.toLowerCase().startsWith("ko") ? "ko" : "en";
    }
  } catch {
    // no env access: English
  }
  return "en";
}

/**
 * How a command that goes one step at a time (`step`) waits for the user:
 * resolves "next" on Enter, "all" to show the rest at once, "quit" to stop.
 * The REPL provides one that reads its own input queue; a shell one-liner on
 * a terminal reads stdin; elsewhere there is none and such commands show all.
 */
export type StepPrompter = (hint: string, signal: AbortSignal) => Promise<"next" | "all" | "quit">;

/**
 * What persists between commands: at the attn> prompt, one Session lives for
 * the whole REPL; a shell one-liner makes one for its single command. Options
 * given on a command line override these for that command only.
 */
export class Session {
  backendChoice: BackendChoice = "auto";
  /**
   * `set kernels`: the engine's kernel policy for every command of this session ("reference":
   * the textbook compositions); `--kernels` overrides it for one command.
   */
  kernelPolicy: KernelPolicy = "fast";
  /** `set lang`, else LANG/LC_ALL/LC_MESSAGES: the language of every command of the session. */
  #langSetting: Lang = defaultLang();
  /**
   * `--lang` of the command running now (null: none given). It holds for that command only,
   * as --backend does, and for the commands a lesson runs inside it: a lesson played with
   * --lang en does not turn the session English.
   */
  langOverride: Lang | null = null;
  /**
   * `--kernels` of the command line running now (null: none given): like langOverride, it
   * holds for that line and for the command lines it runs (a lesson's), never after it.
   */
  kernelsOverride: KernelPolicy | null = null;
  readonly io: Io;
  /** `use <model>`: the model `run`, `step` and `compare` use without --model. */
  model: string | null = null;
  /** The last `run` (or `step`) result: what `attn` and `hidden` show. */
  lastRun: RunResult | null = null;
  /**
   * Where the last run outlives the process (the state directory's last-run.json), so a shell
   * `attn` or `hidden` sees the run of an earlier command; null: this session keeps its own only.
   */
  lastRunFile: LastRunFile | null = null;
  /**
   * `set color`: "auto" follows NO_COLOR, FORCE_COLOR and the terminal (render/color_level.ts);
   * "on", "off" or a level override them.
   */
  color: ColorSetting = "auto";
  /** `set values on`: print each weight inside its heatmap cell. */
  showValues = false;
  /** `set colormap`: the sequential colormap of attention heatmaps. */
  colormapName: ColormapName = "viridis";
  /**
   * `set images on`: views that have a figure also draw it as an image under their text, where
   * the terminal can show one (imageSupport); otherwise, and by default, the text alone.
   */
  images = false;
  /** What the terminal was found to show, asked once at the first `set images on` (null: not yet). */
  imageSupport: ImageSupport | null = null;
  /** Asks the terminal a question (the REPL on a terminal sets it; null: nobody to ask). */
  askTerminal: TerminalAsk | null = null;
  /** Set by the REPL so `step` can wait for Enter between steps. */
  stepPrompter: StepPrompter | null = null;
  /** True at the attn> prompt (and in a script fed to it): the session outlives a command. */
  isRepl = false;
  /**
   * At the attn> prompt: the model `train` produced last, which `save FILE` writes (after a
   * train without --out, or whose save failed). A shell one-liner keeps none.
   */
  trained: { model: TrainedCheckpoint; dispose: () => void } | null = null;
  /** Where shipped models are looked up (tests point it at a temp dir); undefined: weights/. */
  readonly weightsDir: string | undefined;
  #noticeShown = false;

  /** The language of the command running now: its --lang, else the session's. */
  get lang(): Lang {
    return this.langOverride ?? this.#langSetting;
  }

  /** `set lang`: the session's language from now on. */
  set lang(lang: Lang) {
    this.#langSetting = lang;
  }

  /** The session's own language (`set lang`, else the environment's), whatever --lang says. */
  get sessionLang(): Lang {
    return this.#langSetting;
  }

  constructor(io: Io, options: { weightsDir?: string } = {}) {
    this.io = io;
    this.weightsDir = options.weightsDir;
  }

  /**
   * The backend for a command. The first time the default falls back to cpu,
   * a one-line notice goes to stderr (docs/CONTRACT.md).
   */
  async backend(
    choice: BackendChoice = this.backendChoice,
    work?: WorkSize,
  ): Promise<OpenedBackend> {
    const opened = await openBackend(choice, work);
    if (opened.fallbackReason && !this.#noticeShown) {
      this.#noticeShown = true;
      const note = formatMessage(cliMessages, "cli.note.cpuFallback", {
        reason: opened.fallbackMessage ?? opened.fallbackReason,
      });
      this.io.err(`attn: ${note[this.lang]}`);
    }
    return opened;
  }

  /** Keeps a trained model for `save` (freeing the one kept before), or frees it outside a REPL. */
  keepTrained(model: TrainedCheckpoint, dispose: () => void): void {
    this.trained?.dispose();
    this.trained = null;
    if (this.isRepl) this.trained = { model, dispose };
    else dispose();
  }

  /** The palette views paint with: `set color`, else what the environment says for this Io. */
  palette(): Palette {
    return paletteFor(this.io, this.color);
  }

  /** The sequential colormap chosen with `set colormap`. */
  colormap(): Colormap {
    return namedColormap(this.colormapName);
  }

  /**
   * The model to run when the command line names none: the one chosen with
   * `use`, else ko-en-transformer when weights/ has it, else the first
   * shipped Transformer, else the first shipped model; null when weights/ is empty.
   */
  async defaultModel(): Promise<string | null> {
    if (this.model !== null) return this.model;
    const names = await modelNames({ dir: this.weightsDir });
    if (names.includes(PREFERRED_DEFAULT_MODEL)) return PREFERRED_DEFAULT_MODEL;
    return names.find((n) => n.endsWith("-transformer")) ?? names[0] ?? null;
  }
}
