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
import { KeyRouter, replayTypeAhead } from "./key_router.ts";
import { terminalAsk } from "./terminal_ask.ts";
import { showFirstScreen } from "./first_screen.ts";
import { makeCompleter } from "./completer.ts";
import { HISTORY_LIMIT, HistoryFile } from "./history.ts";
import { banner } from "./banner.ts";
import { warmUpFirstRun } from "./warm_up.ts";
import { isTerminal } from "./terminal.ts";
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
  const dir = usableStateDir(warn, session.lang);
  const history = new HistoryFile(
    dir === null ? null : `${dir}/history`,
    warn,
    () => session.lang,
  );
  const models = new ModelNames(session);
  await models.refresh();
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    prompt: PROMPT,
    history: history.load(),
    historySize: HISTORY_LIMIT,
    removeHistoryDuplicates: true,
    completer: makeCompleter(commands, {
      models: () => models.list,
      tasks: () => [...tasks.keys()],
    }),
  });
  const lines = new LineQueue();
  rl.on("line", (line) => lines.push(line));
  rl.on("close", () => lines.close());
  const running = new RunningCommand(rl);
  rl.on("SIGINT", () => running.interruptAtPrompt(session));
  // SIGTERM / SIGHUP (kill, a closed terminal): stop the running command as Ctrl-C does, let it
  // keep what it can, then leave; at the prompt, leave now.
  const stopListening = onFirstStopSignal((signal) => running.leave(signal), ["SIGTERM", "SIGHUP"]);
  // While a command runs its keys go to the router: Ctrl-C, one-key answers at the pauses of
  // `step` and lessons, and type-ahead held for the next prompt (key_router.ts).
  const keys = new KeyRouter(process.stdin, (text) => process.stdout.write(text));
  session.stepPrompter = (hint, signal) => keys.pause(hint, signal);
  session.askTerminal = terminalAsk(process.stdin, (text) => process.stdout.write(text), keys);

  const firstScreen = { banner: await banner(session), prompt: PROMPT };
  await showFirstScreen(rl, { ...firstScreen, out: (text) => session.io.out(text) });
  // The first `run` prepared in the background while the banner is read (warm_up.ts).
  const warming = warmUpFirstRun(session, commands);
  for (;;) {
    const line = await lines.next();
    if (line === null) break; // Ctrl-D
    const words = wordsOfLine(line, session, rl, history);
    if (words === "exit") break;
    if (words === null) {
      rl.prompt();
      continue;
    }
    keys.begin(() => running.interrupt());
    const quiet = withoutResizeRedraw(); // the command's output is not the prompt line
    let typed = "";
    try {
      await running.run(async (signal) => {
        await warming; // done by now, or soon: never two commands at once
        return await runCommandLine(words, { commands, session, signal });
      });
    } finally {
      typed = keys.end();
      quiet.restore();
    }
    if (lines.closed || running.leaving) break;
    if (words[0] === "use" || words[0] === "train") await models.refresh();
    rl.prompt();
    replayTypeAhead(rl, typed);
  }
  stopListening();
  rl.close();
  process.stdout.write("\n");
  return running.leaving ? interruptionBy(running.leaving).exitCode : 0;
}

/** Model names for Tab completion, read again after `use` and `train`. */
class ModelNames {
  list: string[] = [];
  constructor(readonly session: Session) {}

  async refresh(): Promise<void> {
    try {
      this.list = await modelNames({ dir: this.session.weightsDir });
    } catch {
      // weights/ unreadable: complete no model names
    }
  }
}

/** The command running at the prompt, and how Ctrl-C and stop signals reach it. */
class RunningCommand {
  #controller: AbortController | null = null;
  /** The stop signal (SIGTERM, SIGHUP) that asked the REPL to leave, if any. */
  leaving: StopSignal | null = null;

  constructor(readonly rl: readline.Interface) {}

  async run(fn: (signal: AbortSignal) => Promise<number>): Promise<void> {
    this.#controller = new AbortController();
    try {
      await fn(this.#controller.signal);
    } finally {
      this.#controller = null;
    }
  }

  /**
   * Ctrl-C while a command runs: the first stops it cleanly, a second one while it is still
   * finishing (e.g. saving a model) leaves attn.
   */
  interrupt(): void {
    if (this.#controller?.signal.aborted) {
      this.rl.close(); // gives the terminal back its normal (cooked) mode
      process.stdout.write("\n");
      Deno.exit(interruptionBy("SIGINT").exitCode);
    }
    this.#controller?.abort(interruptionBy("SIGINT"));
  }

  /** Ctrl-C at the prompt: clears the line, or on an empty line says how to leave. */
  interruptAtPrompt(session: Session): void {
    if (this.#controller) return this.interrupt();
    if (this.rl.line.length > 0) {
      this.rl.write(null, { ctrl: true, name: "e" }); // to the end of the line,
      this.rl.write(null, { ctrl: true, name: "u" }); // then delete all of it
      return;
    }
    process.stdout.write("\n");
    session.io.err(say("repl.toExit")[session.lang]);
    this.rl.prompt();
  }

  /** SIGTERM or SIGHUP: stop the running command and leave after it, or leave now. */
  leave(signal: StopSignal): void {
    this.leaving = signal;
    if (this.#controller) this.#controller.abort(interruptionBy(signal));
    else this.rl.close();
  }
}

/**
 * The words of a typed line; null when there is nothing to run (empty, a comment, too long,
 * unbalanced quotes: said on stderr), "exit" for quit or exit.
 */
function wordsOfLine(
  line: string,
  session: Session,
  rl: readline.Interface,
  history: HistoryFile,
): string[] | null | "exit" {
  const bytes = utf8Length(line);
  if (bytes > MAX_LINE_BYTES) {
    if (rlHistory(rl)[0] === line) rlHistory(rl).shift(); // nor is it kept in the history
    session.io.err(errorLine(new UsageError(tooLongMessage(bytes)), session.lang));
    return null;
  }
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return null;
  if (exitWords.has(trimmed)) return "exit";
  history.add(line);
  try {
    return splitWords(trimmed);
  } catch (error) {
    session.io.err(errorLine(error, session.lang));
    return null;
  }
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
