/**
 * SIGINT (Ctrl-C), SIGTERM (`kill`, `timeout`) and SIGHUP (the terminal closed) all ask a
 * running command to stop the same way: the first one aborts it, and the command finishes
 * cleanly (training keeps its best parameters and saves them, a decode stops between chunks).
 *
 * The second one must leave at once, even while the JavaScript thread is waiting for the GPU:
 * in Deno 2.9 a pending GPU wait (mapAsync, onSubmittedWorkDone) blocks the event loop until
 * the device is idle, so no signal listener can run then (measured: a 10 s submit delayed a
 * listener by 10 s). So after the first signal every listener is removed, which gives the
 * signals back their default action: the kernel ends the process, with no JavaScript involved.
 */
import { InterruptedError, stoppedPhrase, type StopSignal } from "./errors.ts";

const stopSignals: readonly StopSignal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Set once any stop signal has reached a listener in this process. */
let received = false;

/**
 * True once this process was asked to stop (the terminal may be gone): output errors are
 * then not a reason to leave before the command has finished cleanly (cli/io.ts).
 */
export function stopSignalReceived(): boolean {
  return received;
}

/**
 * Calls `onFirst` with the first stop signal that arrives, then stops listening, so that the
 * next one ends the process. Returns a function that stops listening (call it when the work
 * is done). `signals` narrows the set (the interactive REPL reads Ctrl-C as a key instead).
 */
export function onFirstStopSignal(
  onFirst: (signal: StopSignal) => void,
  signals: readonly StopSignal[] = stopSignals,
): () => void {
  const installed: [StopSignal, () => void][] = [];
  let fired = false;
  const remove = () => {
    for (const [name, handler] of installed.splice(0)) {
      try {
        Deno.removeSignalListener(name, handler);
      } catch {
        // already gone
      }
    }
  };
  for (const name of signals) {
    const handler = () => {
      // Two signals that arrived while the thread was busy are delivered together: the
      // second one leaves now, as it would have had the listener already been removed.
      if (fired) Deno.exit(new InterruptedError("", { signal: name }).exitCode);
      fired = true;
      received = true;
      remove();
      onFirst(name);
    };
    try {
      Deno.addSignalListener(name, handler);
      installed.push([name, handler]);
    } catch {
      // not supported on this platform (Windows has no SIGTERM/SIGHUP listeners)
    }
  }
  return remove;
}

/** The InterruptedError a command is aborted with when `signal` arrives. */
export function interruptionBy(signal: StopSignal): InterruptedError {
  return new InterruptedError(stoppedPhrase(signal), { signal });
}
