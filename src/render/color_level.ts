/**
 * How many colors to write, decided once per command from the session's `set color`, whether
 * stdout is a terminal, and the environment conventions terminals and users rely on:
 * - NO_COLOR (https://no-color.org): any non-empty value means no color escapes at all;
 * - FORCE_COLOR (https://force-color.org): color even when stdout is not a terminal; `0` or
 *   `false` means none. It names an explicit wish, so it wins over NO_COLOR (as in Node.js);
 * - COLORTERM=truecolor|24bit: 24-bit color; TERM with "256": the xterm 256-color palette;
 *   TERM=dumb: none; any other terminal: the 16 basic colors.
 * `set color on|off|0..3` overrides all of them.
 */

/** How many colors the terminal shows: 0 none, 1 16, 2 256, 3 truecolor. */
export type ColorLevel = 0 | 1 | 2 | 3;

/** `set color`: "auto" (the environment decides), "on", "off", or a forced level. */
export type ColorSetting = "auto" | "on" | "off" | ColorLevel;

/** Reads one environment variable; undefined when unset or unreadable. */
export type EnvReader = (name: string) => string | undefined;

/** The process environment, or nothing when env access is not granted. */
export const readEnv: EnvReader = (name) => {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
};

/** The color depth the terminal advertises (COLORTERM, TERM), ignoring whether to color at all. */
export function terminalDepth(env: EnvReader): ColorLevel {
  const term = (env("TERM") ?? "").toLowerCase();
  const colorterm = (env("COLORTERM") ?? "").toLowerCase();
  if (colorterm === "truecolor" || colorterm === "24bit") return 3;
  if (term.endsWith("-direct") || term.endsWith("truecolor")) return 3;
  if (term === "dumb") return 0;
  if (term.includes("256")) return 2;
  return 1;
}

/** FORCE_COLOR as a level: null when unset or empty, 0 for "0"/"false", else 1..3. */
export function forcedLevel(env: EnvReader): ColorLevel | null {
  const value = (env("FORCE_COLOR") ?? "").trim().toLowerCase();
  if (value === "") return null;
  if (value === "0" || value === "false") return 0;
  if (/^[1-3]$/.test(value)) return Number(value) as ColorLevel;
  return 1; // "true", "yes", or any other non-empty value: force the basic colors at least
}

/** The color level for one command's output. */
export function colorLevelFor(o: {
  isTty: boolean;
  env: EnvReader;
  setting?: ColorSetting;
}): ColorLevel {
  const setting = o.setting ?? "auto";
  if (typeof setting === "number") return setting;
  if (setting === "off") return 0;
  const depth = terminalDepth(o.env);
  if (setting === "on") return Math.max(1, depth) as ColorLevel;
  const forced = forcedLevel(o.env);
  if (forced === 0) return 0;
  if (forced !== null) return Math.max(forced, depth === 0 ? 1 : depth) as ColorLevel;
  if ((o.env("NO_COLOR") ?? "") !== "") return 0;
  return o.isTty ? depth : 0;
}
