import { commands } from "./commands/mod.ts";
import { processIo } from "./io.ts";
import { runCommandLine } from "./program.ts";
import { InterruptedError } from "./errors.ts";
import { Session } from "./session.ts";
import { runRepl } from "../repl/repl.ts";
import { sweepStateDir } from "../state_dir.ts";
import { setStateWarningSink } from "../state_warnings.ts";

/**
 * The process entry: with no arguments, the attn> REPL (or a script when
 * stdin is not a terminal); otherwise one command from the shell. Returns
 * the exit code.
 */
export async function main(args: readonly string[]): Promise<number> {
  const session = new Session(processIo());
  setStateWarningSink((line) => session.io.err(line)); // state warnings from below src/cli
  sweepStateDir(); // temporary files of saves that a kill interrupted
  if (args.length === 0) return await runRepl(session, commands);
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) Deno.exit(130); // a second Ctrl-C: leave now
    controller.abort(new InterruptedError());
  };
  const listening = addInterruptListener(onInterrupt);
  try {
    return await runCommandLine(args, { commands, session, signal: controller.signal });
  } finally {
    if (listening) Deno.removeSignalListener("SIGINT", onInterrupt);
  }
}

function addInterruptListener(handler: () => void): boolean {
  try {
    Deno.addSignalListener("SIGINT", handler);
    return true;
  } catch {
    return false; // not supported on this platform
  }
}
