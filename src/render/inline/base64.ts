/**
 * Base64 of bytes, for the terminal image protocols (kitty and iTerm2 carry a PNG file in
 * base64). Deno's btoa takes a "binary string" (one character per byte); building that string
 * in slices keeps String.fromCharCode's argument list short for a large image.
 */

/** Bytes per slice: a multiple of 3, so that the slices' base64 texts join without padding. */
const SLICE = 3 * 8192;

/** Standard base64 (RFC 4648, with "=" padding) of `bytes`. */
export function base64Of(bytes: Uint8Array): string {
  let text = "";
  for (let start = 0; start < bytes.length; start += SLICE) {
    const slice = bytes.subarray(start, start + SLICE);
    text += btoa(String.fromCharCode(...slice));
  }
  return text;
}
