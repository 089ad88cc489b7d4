/**
 * Keys while a command runs at the attn> prompt. readline owns the terminal (raw mode) and
 * would edit and echo whatever is typed into the middle of the command's output; so while a
 * command runs its key handler is set aside and this router takes the keys instead:
 * - Ctrl-C stops the command (the REPL's handler decides how);
 * - at a pause of `step` or a lesson, one key answers it (Enter or space, a, q: pause_keys.ts),
 *   without Enter; other keys are not answers and the pause keeps waiting;
 * - anything else typed is held, unseen, and handed to the next attn> prompt as type-ahead;
 * - while the terminal is answering a question (terminal_ask.ts), its reply is not typing: muted.
 */
import type { Interface } from "node:readline";
import type { Readable } from "node:stream";
import { type PauseAnswer, pauseAnswerOfKey, pauseEcho } from "../cli/pause_keys.ts";

type KeyListener = (text: string | undefined, key: { name?: string; ctrl?: boolean }) => void;

/** Routes the terminal's keys away from readline while a command runs. */
export class KeyRouter {
  readonly #input: Readable;
  readonly #write: (text: string) => void;
  #readlineListeners: KeyListener[] = [];
  #typeAhead = "";
  #pending: ((text: string) => void) | null = null;
  #onInterrupt: () => void = () => {};
  #muted = false;
  readonly #listener: KeyListener = (text, key) => this.#key(text, key);

  constructor(input: Readable, write: (text: string) => void) {
    this.#input = input;
    this.#write = write;
  }

  /** A command starts: keys come here until `end`; Ctrl-C calls `onInterrupt`. */
  begin(onInterrupt: () => void): void {
    this.#onInterrupt = onInterrupt;
    this.#readlineListeners = this.#input.listeners("keypress") as KeyListener[];
    this.#input.removeAllListeners("keypress");
    this.#input.on("keypress", this.#listener);
  }

  /** The command ended: readline gets its keys back; returns what was typed meanwhile. */
  end(): string {
    this.#input.off("keypress", this.#listener);
    for (const l of this.#readlineListeners) this.#input.on("keypress", l);
    this.#readlineListeners = [];
    const typed = this.#typeAhead;
    this.#typeAhead = "";
    return typed;
  }

  /**
   * Shows `(hint) ` and waits for one answering key; a newline follows the answer. Resolves
   * "quit" when `signal` aborts first (Ctrl-C).
   */
  pause(hint: string, signal: AbortSignal): Promise<PauseAnswer> {
    this.#write(`(${hint}) `);
    return new Promise((resolve) => {
      const done = (answer: PauseAnswer, echo: string) => {
        this.#pending = null;
        signal.removeEventListener("abort", onAbort);
        this.#write(echo);
        resolve(answer);
      };
      const onAbort = () => done("quit", "\n");
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      this.#pending = (text) => {
        const answer = pauseAnswerOfKey(text);
        if (answer !== null) done(answer, pauseEcho(answer, text));
      };
    });
  }

  /** While muted, keys other than Ctrl-C are dropped: they are a terminal's reply, not typing. */
  mute(muted: boolean): void {
    this.#muted = muted;
  }

  #key(text: string | undefined, key: { name?: string; ctrl?: boolean }): void {
    if (key?.ctrl && key.name === "c") return this.#onInterrupt();
    if (this.#muted) return;
    if (text === undefined) return; // arrows and other keys without text
    if (this.#pending) return this.#pending(text);
    if (key?.ctrl) return; // Ctrl-D, Ctrl-L...: not type-ahead
    this.#typeAhead += text;
  }
}

/** Hands type-ahead to readline as if typed at the fresh prompt (Enter in it runs a line). */
export function replayTypeAhead(rl: Interface, typed: string): void {
  if (typed !== "") rl.write(typed);
}
