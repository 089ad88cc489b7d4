import { commands } from "./commands/mod.ts";
import { processIo } from "./io.ts";
import { runCommandLine } from "./program.ts";
import { Session } from "./session.ts";
import { runRepl } from "../repl/repl.ts";
import { sweepStateDir } from "../state_dir.ts";
import { setStateWarningSink } from "../state_warnings.ts";
import { interruptionBy, onFirstStopSignal } from "./stop_signals.ts";

/**
 * The process entry: with no arguments, the attn> REPL (or a script when
 * stdin is not a terminal); otherwise one command from the shell. Returns
 * the exit code. Ctrl-C, SIGTERM and SIGHUP stop the command cleanly (it
 * keeps and saves what it can); a second one ends the process at once.
 */
export async function main(args: readonly string[]): Promise<number> {
  const session = new Session(processIo());
  setStateWarningSink((line) => session.io.err(line)); // state warnings from below src/cli
  sweepStateDir(); // temporary files of saves that a kill interrupted
  if (args.length === 0) return await runRepl(session, commands);
  const controller = new AbortController();
  const stopListening = onFirstStopSignal((signal) => controller.abort(interruptionBy(signal)));
  try {
    return await runCommandLine(args, { commands, session, signal: controller.signal });
  } finally {
    stopListening();
  }
}
