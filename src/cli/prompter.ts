/**
 * Pauses between frames (`step`) and lesson steps. At the attn> prompt the REPL supplies the
 * prompter (its key router: src/repl/key_router.ts); from a shell one-liner on a terminal this
 * one reads the keys itself; when stdin is not a terminal there is none and the caller plays
 * straight through (scripts never pause).
 *
 * One key answers a pause, without Enter (pause_keys.ts); other keys are no answer. While the
 * command runs the terminal stays in raw mode without echo, so keys typed during a step are
 * neither printed into the output nor taken as the next pause's answer: they are dropped.
 * Ctrl-C, a byte like any other in raw mode, is turned back into SIGINT for the usual stop.
 */
import type { StepPrompter } from "./session.ts";
import { pauseAnswerOfKey, pauseEcho } from "./pause_keys.ts";

/** A prompter and how to give the terminal back (call when the command ends). */
export interface ShellPrompter {
  prompter: StepPrompter;
  close(): void;
}

const CTRL_C = "\x03";
const CTRL_D = "\x04";

/** A prompter reading single keys from the process's stdin, or null when it is not a terminal. */
export function shellPrompter(): ShellPrompter | null {
  try {
    if (!Deno.stdin.isTerminal()) return null;
    Deno.stdin.setRaw(true);
  } catch {
    return null;
  }
  const keys = new ShellKeys();
  return { prompter: (hint, signal) => keys.pause(hint, signal), close: () => keys.close() };
}

/** Reads stdin key by key for the rest of the command. */
class ShellKeys {
  #pending: ((text: string) => void) | null = null;
  #closed = false;
  readonly #reader = Deno.stdin.readable.getReader();
  readonly #restore = () => this.close();

  constructor() {
    globalThis.addEventListener("unload", this.#restore); // Deno.exit too
    this.#readLoop();
  }

  pause(hint: string, signal: AbortSignal): Promise<"next" | "all" | "quit"> {
    write(`(${hint}) `);
    return new Promise((resolve) => {
      const done = (answer: "next" | "all" | "quit", echo: string) => {
        this.#pending = null;
        signal.removeEventListener("abort", onAbort);
        write(echo);
        resolve(answer);
      };
      const onAbort = () => done("quit", "\n");
      if (signal.aborted || this.#closed) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      this.#pending = (text) => {
        if (text === CTRL_D) return done("quit", "\n");
        const answer = pauseAnswerOfKey(text);
        if (answer !== null) done(answer, pauseEcho(answer, text));
      };
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    globalThis.removeEventListener("unload", this.#restore);
    this.#reader.cancel().catch(() => {});
    try {
      Deno.stdin.setRaw(false);
    } catch {
      // the terminal is gone
    }
  }

  async #readLoop(): Promise<void> {
    const decoder = new TextDecoder();
    while (!this.#closed) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await this.#reader.read();
      } catch {
        return;
      }
      if (chunk.done) return this.#pending?.(CTRL_D);
      for (const text of decoder.decode(chunk.value, { stream: true })) {
        if (text === CTRL_C) Deno.kill(Deno.pid, "SIGINT"); // the usual stop (stop_signals.ts)
        else this.#pending?.(text); // no pause waiting: type-ahead is dropped
      }
    }
  }
}

function write(text: string): void {
  try {
    Deno.stderr.writeSync(new TextEncoder().encode(text));
  } catch {
    // stderr is gone: the pause still works
  }
}

/** The session's prompter (the REPL's), else the shell's on a terminal, else null. */
export function pausePrompter(
  session: { stepPrompter: StepPrompter | null },
): ShellPrompter | null {
  if (session.stepPrompter) return { prompter: session.stepPrompter, close: () => {} };
  return shellPrompter();
}
