import * as readline from "node:readline";
import process from "node:process";
import type { CommandDef } from "../cli/command.ts";
import { runCommandLine } from "../cli/program.ts";
import type { Session } from "../cli/session.ts";
import { splitWords } from "../cli/words.ts";
import { errorLine, InterruptedError } from "../cli/errors.ts";

const exitWords = new Set(["quit", "exit"]);

/**
 * The attn> prompt. On a terminal: line editing, Ctrl-C cancels the running
 * command (or, on an empty line, says how to leave), Ctrl-D or `quit` exits.
 * When stdin is not a terminal, every line is a command, run in order, and
 * the REPL exits at end of input (CONTRACT.md): exit code 1 if any failed.
 */
export async function runRepl(session: Session, commands: readonly CommandDef[]): Promise<number> {
  const interactive = Deno.stdin.isTerminal();
  const rl = readline.createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
    prompt: "attn> ",
  });
  let failures = 0;
  let running: AbortController | null = null;
  let closed = false;

  rl.on("SIGINT", () => {
    if (running) running.abort(new InterruptedError());
    else if (rl.line.length > 0) {
      rl.write(null, { ctrl: true, name: "u" }); // clear the line
      rl.prompt();
    } else {
      session.io.err("(To exit, press Ctrl-D or type quit)");
      rl.prompt();
    }
  });
  rl.on("close", () => (closed = true));

  if (interactive) {
    session.io.out("attn: attention and the Transformer, step by step. Type 'help' for commands.");
    rl.prompt();
  }

  for await (const line of rl) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) {
      if (interactive) rl.prompt();
      continue;
    }
    if (exitWords.has(trimmed)) break;
    let words: string[];
    try {
      words = splitWords(trimmed);
    } catch (error) {
      session.io.err(errorLine(error));
      failures++;
      if (interactive) rl.prompt();
      continue;
    }
    running = new AbortController();
    const code = await runCommandLine(words, { commands, session, signal: running.signal });
    running = null;
    if (code !== 0) failures++;
    if (closed) break;
    if (interactive) rl.prompt();
  }
  rl.close();
  return interactive || failures === 0 ? 0 : 1;
}
