/**
 * The attn> prompt: the same command table as the shell (src/cli/), kept in one Session so that
 * `use`, `set` and the last `run` carry over from one command to the next. On a terminal it has
 * a banner, line editing that knows Korean display widths, history in the state directory and
 * Tab completion read from each command's own definition; fed a script on stdin it runs each
 * line in order and exits 1 if any failed (docs/CONTRACT.md).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { commands } from "../cli/mod.ts";
 * import { makeCompleter, readScriptLines } from "./mod.ts";
 *
 * // Tab after "set kernels " offers the kernel policies.
 * const complete = makeCompleter(commands, { models: () => [], tasks: () => ["reverse"] });
 * assert.deepEqual(complete("set kernels "), [["fast", "reference"], ""]);
 * assert.deepEqual(complete("ru"), [["run "], "ru"]);
 *
 * // A script's lines, CRLF or not.
 * const script = new Blob(["use reverse-gru\r\nrun abc\n"]).stream();
 * const lines = [];
 * for await (const line of readScriptLines(script)) lines.push(line);
 * assert.deepEqual(lines, [{ number: 1, text: "use reverse-gru" }, { number: 2, text: "run abc" }]);
 * ```
 *
 * @module
 */
export { runRepl } from "./repl.ts";
export { makeCompleter, wordsIn } from "./completer.ts";
export type { CompletionSources } from "./completer.ts";
export { MAX_LINE_BYTES, readScriptLines } from "./line_reader.ts";
export type { ScriptLine } from "./line_reader.ts";
export { HISTORY_LIMIT, HISTORY_MAX_BYTES, HistoryFile } from "./history.ts";
export { banner } from "./banner.ts";
