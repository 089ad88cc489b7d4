/**
 * iTerm2's inline image protocol: one OSC 1337 escape code carrying a whole image file,
 * `ESC ] 1337 ; File = <key=value;...> : <base64 of the file> BEL`. Spoken by iTerm2 and
 * WezTerm (and others that copied it). Pure: bytes in, text out; the caller writes it.
 */
import { base64Of } from "./base64.ts";

/** How an iTerm2 image is placed. */
export interface Iterm2Options {
  /** Width in terminal columns (the height follows the aspect ratio); unset: "auto". */
  columns?: number;
  /** A file name the terminal may show or save the image under. */
  name?: string;
}

/**
 * The escape code that shows `file` (a PNG file's bytes) inline at the cursor: inline=1 shows
 * it rather than downloading it, size is the file's byte count (the terminal checks it), width
 * in cells or auto, preserveAspectRatio=1 never stretches it.
 */
export function iterm2Image(file: Uint8Array, options: Iterm2Options = {}): string {
  const fields = [
    ...(options.name ? [`name=${base64Of(new TextEncoder().encode(options.name))}`] : []),
    `size=${file.length}`,
    `width=${options.columns ?? "auto"}`,
    "height=auto",
    "preserveAspectRatio=1",
    "inline=1",
  ];
  return `\x1b]1337;File=${fields.join(";")}:${base64Of(file)}\x07`;
}
