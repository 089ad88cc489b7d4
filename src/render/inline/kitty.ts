/**
 * The kitty graphics protocol's "transmit and display" of a PNG file: escape codes in APC form,
 * `ESC _ G <keys> ; <base64 payload> ESC \`. A terminal reads at most 4096 bytes of payload per
 * escape code, so a larger file goes in chunks: every chunk but the last says m=1 ("more
 * follows"), the last m=0; only the first carries the image's keys. Spoken by kitty, Ghostty
 * and WezTerm. Pure: bytes in, text out; the caller writes it.
 */
import { base64Of } from "./base64.ts";

/** The most base64 characters one escape code carries (a multiple of 4: chunks split cleanly). */
export const KITTY_CHUNK = 4096;

const APC = "\x1b_G";
const ST = "\x1b\\";

/** How a kitty image is placed. */
export interface KittyOptions {
  /** Scale the image to this many terminal columns (the height follows); unset: its own size. */
  columns?: number;
}

/**
 * The escape codes that show `png` (a whole PNG file) at the cursor. Keys of the first chunk:
 * a=T transmit and display, f=100 the payload is a PNG file, q=2 the terminal sends no reply
 * (a reply would arrive on stdin as if typed). Later chunks repeat q=2, which the protocol
 * allows, for terminals that do not carry it over from the first.
 */
export function kittyImage(png: Uint8Array, options: KittyOptions = {}): string {
  const payload = base64Of(png);
  const keys = ["a=T", "f=100", "q=2", ...(options.columns ? [`c=${options.columns}`] : [])];
  const chunks: string[] = [];
  for (let start = 0; start < payload.length || start === 0; start += KITTY_CHUNK) {
    const chunk = payload.slice(start, start + KITTY_CHUNK);
    const more = start + KITTY_CHUNK < payload.length ? 1 : 0;
    const head = start === 0 ? `${keys.join(",")},m=${more}` : `q=2,m=${more}`;
    chunks.push(`${APC}${head};${chunk}${ST}`);
  }
  return chunks.join("");
}
