/**
 * Making text safe to write to a terminal. Tokens, paths and anything else a
 * user typed or a file named can hold characters a terminal does not show
 * as themselves: C0/C1 controls (ESC starts sequences that move the cursor or
 * recolor the screen) and Unicode format characters, which are invisible and
 * some of which reorder the text around them (U+202E RIGHT-TO-LEFT OVERRIDE
 * turns "abc.exe" into "exe.cba" on screen, U+2066-2069 isolates, U+200E/F
 * marks, U+061C, U+200B zero width space, U+FEFF). Every view and error line
 * shows them as visible placeholders instead; --json keeps the real string.
 */

/** C0 and C1 control characters (DEL included). */
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Unicode format characters (general category Cf: bidi overrides, embeddings,
 * isolates and marks, zero-width characters, BOM, tags...) and the line and
 * paragraph separators U+2028/U+2029, which some terminals treat as line
 * breaks and others not at all.
 */
const INVISIBLE_FORMAT = /[\p{Cf}\u2028\u2029]/u;

const ALL_CONTROL = new RegExp(CONTROL.source, "g");
// deno-lint-ignore no-control-regex
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ALL_INVISIBLE_FORMAT = new RegExp(INVISIBLE_FORMAT.source, "gu");

/** `\x1b` for a control character. */
function controlPlaceholder(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/** `<U+202E>` for a format character (astral ones too: `<U+E0041>`). */
export function codePointPlaceholder(c: string): string {
  return `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`;
}

/**
 * `text` with every control character shown as `\xNN` and every invisible
 * format character as `<U+XXXX>`, so that writing it can never move the
 * cursor, recolor the terminal, reorder the line or hide a character.
 * `keepLineBreaks` leaves "\n" and "\t" alone (messages of several lines).
 */
export function escapeForTerminal(
  text: string,
  options: { keepLineBreaks?: boolean } = {},
): string {
  const control = options.keepLineBreaks ? CONTROL_BUT_LINE_BREAKS : ALL_CONTROL;
  return escapeInvisibleFormat(text.replace(control, controlPlaceholder));
}

/**
 * Only the invisible format characters made visible (`<U+XXXX>`), control
 * characters left as they are: for finished view text, whose color escapes
 * must stay.
 */
export function escapeInvisibleFormat(text: string): string {
  return INVISIBLE_FORMAT.test(text)
    ? text.replace(ALL_INVISIBLE_FORMAT, codePointPlaceholder)
    : text;
}

/**
 * JSON text in which the invisible format characters are written as \uXXXX
 * escapes: the same string once parsed (--json keeps the real text), but
 * nothing invisible reaches a terminal that shows the JSON.
 */
export function escapeInvisibleFormatInJson(json: string): string {
  if (!INVISIBLE_FORMAT.test(json)) return json;
  return json.replace(ALL_INVISIBLE_FORMAT, (c) => {
    let out = "";
    for (let i = 0; i < c.length; i++) {
      out += `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`; // astral: both surrogates
    }
    return out;
  });
}
