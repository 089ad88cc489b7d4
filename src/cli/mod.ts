/**
 * The command line: one table of commands (commands/, one file each) that a shell one-liner
 * (`deno task attn run 나는 학생이다`) and the attn> prompt both run, so the two print the same.
 * A command parses its words (commander, with typed options), calls a use case of app/, and
 * hands the result to `emit`, which prints it with its view from render/ or, with `--json`, as
 * JSON. Errors become one line on stderr, `attn: <what was wrong, what was expected>`, and an
 * exit code: 1 at run time, 2 for a usage error, 130 when stopped (errors.ts).
 *
 * - program.ts: `runCommandLine(words, { commands, session })`, the one entry point.
 * - session.ts: what lasts between commands at the prompt (backend, kernel policy, language,
 *   the model in use, the last run); io.ts: stdout and stderr, or a recording for tests.
 * - words.ts: prompt lines split like a shell does; stop_signals.ts: Ctrl-C, SIGTERM, SIGHUP.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { commands, RecordingIo, runCommandLine, Session, splitWords } from "./mod.ts";
 *
 * const io = new RecordingIo(); // 80 columns, not a terminal: no color
 * const session = new Session(io);
 * const words = splitWords(`mask causal 3`);
 * assert.equal(await runCommandLine(words, { commands, session }), 0);
 * assert.match(io.outText, /0 -∞ -∞/); // position 1 may not look ahead
 *
 * assert.equal(await runCommandLine(["mask", "sideways", "3"], { commands, session }), 2);
 * assert.match(io.errText, /^attn: .*causal/m); // one line saying what was expected
 * assert.deepEqual(splitWords(`run "나는 학생이다" --json`), ["run", "나는 학생이다", "--json"]);
 * ```
 *
 * @module
 */
export { runCommandLine } from "./program.ts";
export { commands } from "./commands/mod.ts";
export { defineCommand, emit, jsonText } from "./command.ts";
export type { CommandContext, CommandDef, CommandSpec } from "./command.ts";
export { PREFERRED_DEFAULT_MODEL, Session } from "./session.ts";
export type { ColorSetting, StepPrompter } from "./session.ts";
export { BROKEN_PIPE_EXIT, processIo, RecordingIo } from "./io.ts";
export type { Io } from "./io.ts";
export { splitWords } from "./words.ts";
export {
  AttnError,
  errorLine,
  exitCodeOf,
  InterruptedError,
  sanitizeForTerminal,
  UsageError,
  warningLine,
} from "./errors.ts";
export { interruptionBy, onFirstStopSignal, stopSignalReceived } from "./stop_signals.ts";
export { pausePrompter, shellPrompter } from "./prompter.ts";
export { settingValues } from "./commands/set.ts";
