/**
 * Lines of a script read from a byte stream (stdin when it is not a
 * terminal), with a bound on a line's length. node:readline keeps a line in
 * memory until its newline arrives, however long it is: a 50 MB line took
 * 2.1 GB and 70 s before it even reached the command parser. This reader
 * keeps at most MAX_LINE_BYTES of a line; the rest of an over-long line is
 * counted and dropped as it streams past, and the line is reported as too
 * long instead of being split into words or echoed.
 */

/**
 * The longest script line run: 64 KiB. The longest sensible line is far
 * shorter (a model takes at most a few hundred tokens; a path is at most 4096
 * bytes); Linux itself refuses a single shell argument over 128 KiB.
 */
export const MAX_LINE_BYTES = 64 * 1024;

/** A line of the script, or the length of one that was too long to keep. */
export type ScriptLine =
  | { number: number; text: string }
  | { number: number; tooLong: number };

const NEWLINE = 0x0a;

/**
 * Splits `stream` into lines at "\n" (a "\r" before it is dropped, so CRLF
 * scripts work), decoded as UTF-8 (invalid bytes become U+FFFD); a last line
 * without a newline counts. A byte-order mark opening the script is dropped.
 * Memory stays within MAX_LINE_BYTES plus one chunk whatever the input.
 */
export async function* readScriptLines(
  stream: ReadableStream<Uint8Array>,
  options: { maxBytes?: number } = {},
): AsyncGenerator<ScriptLine> {
  const maxBytes = options.maxBytes ?? MAX_LINE_BYTES;
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let parts: Uint8Array[] = [];
  let kept = 0; // bytes in parts
  let seen = 0; // bytes of the current line so far, kept or not
  let number = 0;

  const finish = (): ScriptLine => {
    number++;
    if (seen > maxBytes) {
      const line = { number, tooLong: seen };
      parts = [];
      kept = seen = 0;
      return line;
    }
    let text = decoder.decode(concat(parts, kept));
    parts = [];
    kept = seen = 0;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (number === 1 && text.startsWith("\ufeff")) text = text.slice(1);
    return { number, text };
  };

  const reader = stream.getReader();
  try {
    for (;;) {
      const { value: chunk, done } = await reader.read();
      if (done) break;
      let start = 0;
      while (start < chunk.length) {
        const end = chunk.indexOf(NEWLINE, start);
        const piece = chunk.subarray(start, end < 0 ? chunk.length : end);
        seen += piece.length;
        if (seen <= maxBytes) {
          parts.push(piece.slice()); // a copy: the stream may reuse its chunk
          kept += piece.length;
        } else if (kept > 0) {
          parts = []; // too long: stop keeping it
          kept = 0;
        }
        if (end < 0) break;
        yield finish();
        start = end + 1;
      }
    }
    if (seen > 0) yield finish();
  } finally {
    reader.releaseLock();
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
