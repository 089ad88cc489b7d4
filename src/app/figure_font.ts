/**
 * The font PNG figures are drawn with: assets/fonts/AttnGothic.ttf, a subset of NanumGothic
 * with all Hangul syllables (tools/subset_font.py; SIL OFL, assets/fonts/OFL.txt). It ships in
 * the repository so a fresh machine needs no font installed, no network and no permission the
 * tasks do not already grant (they grant reading attn's own folder).
 */
import { AttnError } from "./errors.ts";
import { figureAppMessages } from "./figure_app_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(figureAppMessages);

/** Where the font is, next to the sources. */
export const FIGURE_FONT_URL = new URL("../../assets/fonts/AttnGothic.ttf", import.meta.url);

let cached: Uint8Array | null = null;

/** The font's bytes (read once per process). */
export async function loadFigureFont(): Promise<Uint8Array> {
  if (cached !== null) return cached;
  try {
    cached = await Deno.readFile(FIGURE_FONT_URL);
    return cached;
  } catch (e) {
    const reason = e instanceof Deno.errors.NotFound
      ? say("figure.font.missing")
      : e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied
      ? say("figure.font.denied")
      : { en: String((e as Error).message ?? e), ko: String((e as Error).message ?? e) };
    throw new AttnError(say("figure.font.unreadable", { path: FIGURE_FONT_URL.pathname, reason }));
  }
}
