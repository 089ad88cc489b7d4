/**
 * Color output through chalk. A `Palette` carries one color level and is
 * passed down to every view, so views never read globals and tests can force
 * a level:
 *   0 no color (views fall back to shade characters or numbers)
 *   1 the 16 basic ANSI colors
 *   2 the 256-color xterm palette
 *   3 24-bit truecolor
 * chalk only writes the escape codes: the level is decided here
 * (colorLevelFor), because chalk's own detection ignores NO_COLOR.
 */
import { Chalk, type ChalkInstance } from "chalk";
import { type ColorLevel, colorLevelFor, type ColorSetting, readEnv } from "./color_level.ts";

export { type ColorLevel, colorLevelFor, type ColorSetting } from "./color_level.ts";

/** An sRGB color, each channel 0..255. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/**
 * One color at every level: its RGB (truecolor), the nearest xterm-256 index
 * and the nearest of the 16 basic colors (0-7 normal, 8-15 bright).
 */
export interface Swatch {
  rgb: Rgb;
  ansi256: number;
  ansi16: number;
}

/** What to paint a piece of text with. */
export interface PaintOptions {
  fg?: Swatch;
  bg?: Swatch;
  bold?: boolean;
  dim?: boolean;
  underline?: boolean;
}

/** chalk's names of the 16 basic colors, by ANSI index. */
const FG16 = [
  "black",
  "red",
  "green",
  "yellow",
  "blue",
  "magenta",
  "cyan",
  "white",
  "blackBright",
  "redBright",
  "greenBright",
  "yellowBright",
  "blueBright",
  "magentaBright",
  "cyanBright",
  "whiteBright",
] as const;
const BG16 = [
  "bgBlack",
  "bgRed",
  "bgGreen",
  "bgYellow",
  "bgBlue",
  "bgMagenta",
  "bgCyan",
  "bgWhite",
  "bgBlackBright",
  "bgRedBright",
  "bgGreenBright",
  "bgYellowBright",
  "bgBlueBright",
  "bgMagentaBright",
  "bgCyanBright",
  "bgWhiteBright",
] as const;

/** Parses a level written by a user or an env var ("0".."3"); null when it is not one. */
export function parseColorLevel(text: string): ColorLevel | null {
  return /^[0-3]$/.test(text.trim()) ? (Number(text.trim()) as ColorLevel) : null;
}

/**
 * Paints text at one color level. At level 0 every method returns its text
 * unchanged, so a view rendered with `new Palette(0)` has no escape codes.
 */
export class Palette {
  readonly level: ColorLevel;
  readonly #chalk: ChalkInstance;

  constructor(level: ColorLevel) {
    if (![0, 1, 2, 3].includes(level)) {
      throw new Error(`expected a color level 0, 1, 2 or 3, got ${level}`);
    }
    this.level = level;
    this.#chalk = new Chalk({ level });
  }

  /** The palette for stdout as the environment decides (see colorLevelFor), unless `level` forces one. */
  static detect(options: { level?: ColorLevel; isTty?: boolean } = {}): Palette {
    return new Palette(
      options.level ?? colorLevelFor({ isTty: options.isTty ?? false, env: readEnv }),
    );
  }

  /** True when this palette writes escape codes at all. */
  get colored(): boolean {
    return this.level > 0;
  }

  /** `text` in the given colors and weight (unchanged at level 0). */
  paint(text: string, options: PaintOptions): string {
    if (this.level === 0 || text === "") return text;
    let c = this.#chalk;
    if (options.fg) c = this.#fg(c, options.fg);
    if (options.bg) c = this.#bg(c, options.bg);
    if (options.bold) c = c.bold;
    if (options.dim) c = c.dim;
    if (options.underline) c = c.underline;
    return c(text);
  }

  bold(text: string): string {
    return this.level === 0 ? text : this.#chalk.bold(text);
  }

  dim(text: string): string {
    return this.level === 0 ? text : this.#chalk.dim(text);
  }

  /** The color with the best contrast on `bg` for text: black or white. */
  static textOn(bg: Swatch): Swatch {
    const { r, g, b } = bg.rgb;
    const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b; // Rec. 709
    return luma > 140
      ? { rgb: { r: 0, g: 0, b: 0 }, ansi256: 16, ansi16: 0 }
      : { rgb: { r: 255, g: 255, b: 255 }, ansi256: 231, ansi16: 15 };
  }

  #fg(c: ChalkInstance, s: Swatch): ChalkInstance {
    if (this.level === 3) return c.rgb(s.rgb.r, s.rgb.g, s.rgb.b);
    if (this.level === 2) return c.ansi256(s.ansi256);
    return c[FG16[s.ansi16]];
  }

  #bg(c: ChalkInstance, s: Swatch): ChalkInstance {
    if (this.level === 3) return c.bgRgb(s.rgb.r, s.rgb.g, s.rgb.b);
    if (this.level === 2) return c.bgAnsi256(s.ansi256);
    return c[BG16[s.ansi16]];
  }
}

/**
 * The palette for a command's output under the session's `set color` (default "auto": the
 * environment decides, see colorLevelFor).
 */
export function paletteFor(
  io: { readonly isTty: boolean },
  setting: ColorSetting = "auto",
): Palette {
  return new Palette(colorLevelFor({ isTty: io.isTty, env: readEnv, setting }));
}
