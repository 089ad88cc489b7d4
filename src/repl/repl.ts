import * as readline from "node:readline";
import process from "node:process";
import type { CommandDef } from "../cli/command.ts";
import { runCommandLine } from "../cli/program.ts";
import type { Session } from "../cli/session.ts";
import { splitWords } from "../cli/words.ts";
import {
  errorLine,
  InterruptedError,
  sanitizeForTerminal,
  type StopSignal,
  UsageError,
} from "../cli/errors.ts";
import { interruptionBy, onFirstStopSignal } from "../cli/stop_signals.ts";
import { usableStateDir } from "../platform/state_dir.ts";
import { modelNames } from "../models/weights/registry.ts";
import { tasks } from "../data/task.ts";
import { answerOf } from "../cli/prompter.ts";
import { makeCompleter } from "./completer.ts";
import { HISTORY_LIMIT, HistoryFile } from "./history.ts";
import { banner } from "./banner.ts";
import { MAX_LINE_BYTES, readScriptLines } from "./line_reader.ts";
import { replMessages } from "./repl_messages.ts";
import { type Bilingual, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(replMessages);

const PROMPT = "attn> ";
const exitWords = new Set(["quit", "exit"]);

/**
 * The attn> prompt. On a terminal: a banner, line editing (node:readline,
 * width-aware for Korean), history kept across sessions in the state
 * directory, Tab completion, Ctrl-C cancels the running command (or clears
 * the line, or on an empty line says how to leave), Ctrl-D or `quit` exits.
 * When stdin is not a terminal, every line is a command, run in order, and
 * the REPL exits at end of input (docs/CONTRACT.md): exit code 1 if any failed.
 */
export async function runRepl(session: Session, commands: readonly CommandDef[]): Promise<number> {
  const interactive = isTerminal();
  session.isRepl = true;
  return interactive
    ? await interactiveRepl(session, commands)
    : await scriptRepl(session, commands);
}

function isTerminal(): boolean {
  try {
    return Deno.stdin.isTerminal() && Deno.stdout.isTerminal();
  } catch {
    return false;
  }
}

/** Lines from readline as a queue: the REPL and a stepping command both take lines from it. */
class LineQueue {
  readonly #lines: string[] = [];
  #waiter: ((line: string | null) => void) | null = null;
  #closed = false;

  push(line: string): void {
    const waiter = this.#waiter;
    this.#waiter = null;
    if (waiter) waiter(line);
    else this.#lines.push(line);
  }

  close(): void {
    this.#closed = true;
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.(null);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The next line; null at end of input or when `signal` aborts first. */
  next(signal?: AbortSignal): Promise<string | null> {
    if (this.#lines.length > 0) return Promise.resolve(this.#lines.shift()!);
    if (this.#closed || signal?.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.#waiter === settle) this.#waiter = null;
        resolve(null);
      };
      const settle = (line: string | null) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(line);
      };
      this.#waiter = settle;
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

async function interactiveRepl(session: Session, commands: readonly CommandDef[]): Promise<number> {
  const warn = (line: string) => session.io.err(sanitizeForTerminal(line));
  const dir = usableStateDir(warn);
  const history = new HistoryFile(dir === null ? null : `${dir}/history`, warn);
  let models: string[] = [];
  const refreshModels = async () => {
    try {
      models = await modelNames({ dir: session.weightsDir });
    } catch {
      // weights/ unreadable: complete no model names
    }
  };
  await refreshModels();
  const rl = lineEditor(commands, history, () => models);
  const lines = new LineQueue();
  let running: AbortController | null = null;
  rl.on("line", (line) => lines.push(line));
  rl.on("close", () => lines.close());
  rl.on("SIGINT", () => onCtrlC(rl, session, running));

  // SIGTERM / SIGHUP (kill, a closed terminal): stop the running command as Ctrl-C does, let it
  // keep what it can, then leave; at the prompt, leave now.
  let leaving: StopSignal | null = null;
  const stopListening = onFirstStopSignal((signal) => {
    leaving = signal;
    if (running) running.abort(interruptionBy(signal));
    else rl.close();
  }, ["SIGTERM", "SIGHUP"]);

  // `step` waits for Enter between frames: it reads the same queue, with its own prompt.
  session.stepPrompter = async (hint, signal) => {
    rl.setPrompt(`(${hint}) `);
    rl.prompt();
    const line = await lines.next(signal);
    rl.setPrompt(PROMPT);
    if (line !== null && line.trim() !== "" && rlHistory(rl)[0] === line) rlHistory(rl).shift();
    return answerOf(line);
  };

  session.io.out(await banner(session));
  rl.prompt();
  for (;;) {
    const line = await lines.next();
    if (line === null) break; // Ctrl-D
    const trimmed = line.trim();
    if (refusedTooLong(rl, line, session) || trimmed === "" || trimmed.startsWith("#")) {
      rl.prompt();
      continue;
    }
    if (exitWords.has(trimmed)) break;
    history.add(line);
    let words: string[];
    try {
      words = splitWords(trimmed);
    } catch (error) {
      session.io.err(errorLine(error, session.lang));
      rl.prompt();
      continue;
    }
    running = new AbortController();
    const quiet = withoutResizeRedraw(); // the command's output is not the prompt line
    try {
      await runCommandLine(words, { commands, session, signal: running.signal });
    } finally {
      running = null;
      quiet.restore();
    }
    if (lines.closed || leaving) break;
    if (words[0] === "use" || words[0] === "train") await refreshModels();
    rl.prompt();
  }
  stopListening();
  rl.close();
  process.stdout.write("\n");
  return leaving ? interruptionBy(leaving).exitCode : 0;
}

/** readline on the terminal: the attn> prompt, the kept history, Tab completion. */
function lineEditor(
  commands: readonly CommandDef[],
  history: HistoryFile,
  models: () => string[],
): readline.Interface {
  return readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    prompt: PROMPT,
    history: history.load(),
    historySize: HISTORY_LIMIT,
    removeHistoryDuplicates: true,
    completer: makeCompleter(commands, { models, tasks: () => [...tasks.keys()] }),
  });
}

/**
 * Ctrl-C arrives as a key (the terminal is in raw mode): the first stops the running command
 * cleanly, a second one while it is still finishing (e.g. scoring a model) leaves attn; at the
 * prompt it clears the line, or on an empty line says how to leave.
 */
function onCtrlC(rl: readline.Interface, session: Session, running: AbortController | null) {
  if (running?.signal.aborted) {
    rl.close(); // gives the terminal back its normal (cooked) mode
    process.stdout.write("\n");
    Deno.exit(interruptionBy("SIGINT").exitCode);
  } else if (running) {
    running.abort(interruptionBy("SIGINT"));
  } else if (rl.line.length > 0) {
    rl.write(null, { ctrl: true, name: "e" }); // to the end of the line,
    rl.write(null, { ctrl: true, name: "u" }); // then delete all of it
  } else {
    process.stdout.write("\n");
    session.io.err("(To exit, press Ctrl-D or type quit)");
    rl.prompt();
  }
}

/** A typed line over the limit is refused in one line (and not kept in the history). */
function refusedTooLong(rl: readline.Interface, line: string, session: Session): boolean {
  const bytes = utf8Length(line);
  if (bytes <= MAX_LINE_BYTES) return false;
  if (rlHistory(rl)[0] === line) rlHistory(rl).shift(); // nor is it kept in the history
  session.io.err(errorLine(new UsageError(tooLongMessage(bytes)), session.lang));
  return true;
}

/**
 * readline redraws its prompt line when the terminal is resized (Deno's process.stdout emits
 * "resize" on SIGWINCH). While a command runs that would write "attn> " into the command's
 * output, so its listeners are held back until the command ends; the next prompt is then
 * drawn for the new width. (Views read the width at each command: src/cli/io.ts.)
 */
function withoutResizeRedraw(): { restore(): void } {
  const listeners = process.stdout.listeners("resize") as ((...args: unknown[]) => void)[];
  for (const listener of listeners) process.stdout.off("resize", listener);
  return {
    restore() {
      for (const listener of listeners) process.stdout.on("resize", listener);
    },
  };
}

/** readline keeps its history on the interface (most recent first); typed loosely in @types/node. */
function rlHistory(rl: readline.Interface): string[] {
  return (rl as unknown as { history: string[] }).history;
}

/** Not a terminal: one command per line, in order; exit code 1 if any failed. */
async function scriptRepl(session: Session, commands: readonly CommandDef[]): Promise<number> {
  let failures = 0;
  const controller = new AbortController();
  let busy = false;
  // Ctrl-C, SIGTERM or SIGHUP stops the running command cleanly (and the script); between
  // commands it ends the process. A second one always ends it at once (stop_signals.ts).
  const stopListening = onFirstStopSignal((signal) => {
    if (busy) controller.abort(interruptionBy(signal));
    else Deno.exit(interruptionBy(signal).exitCode);
  });
  try {
    for await (const line of readScriptLines(Deno.stdin.readable)) {
      if ("tooLong" in line) {
        session.io.err(
          errorLine(new UsageError(tooLongMessage(line.tooLong, line.number)), session.lang),
        );
        failures++;
        continue;
      }
      const trimmed = line.text.trim();
      if (trimmed === "" || trimmed.startsWith("#")) continue;
      if (exitWords.has(trimmed)) break;
      let words: string[];
      try {
        words = splitWords(trimmed);
      } catch (error) {
        session.io.err(errorLine(error, session.lang));
        failures++;
        continue;
      }
      busy = true;
      const code = await runCommandLine(words, { commands, session, signal: controller.signal });
      busy = false;
      if (code !== 0) failures++;
      if (controller.signal.aborted) break;
    }
  } finally {
    stopListening();
  }
  if (controller.signal.reason instanceof InterruptedError) {
    return controller.signal.reason.exitCode;
  }
  return failures === 0 ? 0 : 1;
}

/** A line over the limit, refused in one line: its length is said, its text is not repeated. */
function tooLongMessage(bytes: number, lineNumber?: number): Bilingual {
  const where = lineNumber === undefined
    ? say("repl.theLine")
    : say("repl.lineNumber", { n: lineNumber });
  return say("repl.tooLong", {
    where,
    bytes: bytes.toLocaleString("en-US"),
    max: MAX_LINE_BYTES.toLocaleString("en-US"),
  });
}

/** UTF-8 bytes of `text`, counted without encoding it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) bytes += 2; // with its pair's second half: 4
    else if (code >= 0xdc00 && code <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}
