import { commandsForLine, loadAllCommands } from "./cli/commands/lazy_table.ts";
import { processIo } from "./cli/io.ts";
import { commandWordOf, runCommandLine } from "./cli/program.ts";
import { Session } from "./cli/session.ts";
import { isTerminal } from "./repl/terminal.ts";
import { sweepStateDir } from "./platform/state_dir.ts";
import { setStateWarningSink } from "./platform/state_warnings.ts";
import { interruptionBy, onFirstStopSignal } from "./cli/stop_signals.ts";
import { LastRunFile } from "./cli/last_run.ts";
import { warningLine } from "./cli/errors.ts";

/**
 * The process entry: with no arguments, the attn> REPL (or a script when
 * stdin is not a terminal); otherwise one command from the shell. Returns
 * the exit code. A one-liner loads only the command it runs. Ctrl-C, SIGTERM and SIGHUP stop
 * the command cleanly (it keeps and saves what it can); a second one ends the process at once.
 */
export async function main(args: readonly string[]): Promise<number> {
  const session = new Session(processIo());
  // State warnings from below src/cli: a finished line, or a text made a warning line here.
  setStateWarningSink((message) =>
    session.io.err(typeof message === "string" ? message : warningLine(message, session.lang))
  );
  sweepStateDir(); // temporary files of saves that a kill interrupted
  session.lastRunFile = LastRunFile.inStateDir((line) => session.io.err(line), () => session.lang);
  if (args.length === 0) {
    // At a terminal the banner names the backend: ask for the adapter now, while the modules of
    // the prompt and of every command load (lazy_table.ts); the banner then finds it open.
    if (isTerminal()) session.backend().catch(() => {});
    const [{ runRepl }, commands] = await Promise.all([
      import("./repl/repl.ts"),
      loadAllCommands(),
    ]);
    return await runRepl(session, commands);
  }
  // A one-liner loads the command it runs, not all of them (lazy_table.ts).
  const commands = await commandsForLine(args, commandWordOf(args));
  const controller = new AbortController();
  const stopListening = onFirstStopSignal((signal) => controller.abort(interruptionBy(signal)));
  try {
    return await runCommandLine(args, { commands, session, signal: controller.signal });
  } finally {
    stopListening();
  }
}
