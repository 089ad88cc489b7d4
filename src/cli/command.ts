import type { Command } from "commander";
import type { BackendChoice } from "../engine/open_backend.ts";
import type { Io } from "./io.ts";
import type { Session } from "./session.ts";
import { escapeInvisibleFormatInJson } from "../render/escape.ts";

/** What every command handler receives. */
export interface CommandContext {
  session: Session;
  io: Io;
  /** --json: print the result object as JSON on stdout and nothing else there. */
  json: boolean;
  /** --backend for this command (the session's choice unless given). */
  backendChoice: BackendChoice;
  /** Aborted when the user presses Ctrl-C during the command. */
  signal: AbortSignal;
}

/**
 * One command, the same at the attn> prompt and in a shell one-liner. A
 * handler computes a result object (data, no escape codes) and hands it to
 * `emit` with the function that renders it as text.
 */
export interface CommandDef {
  name: string;
  /** One line for `help` and Tab completion. */
  summary: string;
  /** Runnable examples shown by `help <command>`. */
  examples: string[];
  /** Declares the command's arguments and options on its commander Command. */
  configure(cmd: Command): void;
  /** Runs the command: positional arguments and parsed options. */
  run(args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<void>;
}

/**
 * Prints a result: as JSON with --json, else through its renderer.
 * JSON has no NaN or Infinity: JSON.stringify writes them as null. A result
 * whose docs/CONTRACT.md fields are numbers must therefore hold finite numbers
 * only; `run` and the views of its result (attn, hidden, step, compare)
 * refuse a run that computed NaN or Infinity instead (RunResult in
 * src/models/run_result.ts). Fields that may legitimately be missing say so
 * with null in their own type (e.g. `models --json` accuracy).
 */
export function emit<T>(ctx: CommandContext, result: T, render: (result: T) => string): void {
  if (ctx.json) ctx.io.out(jsonText(result));
  else ctx.io.out(render(result));
}

/**
 * A result as one line of JSON for --json. Strings keep their real text;
 * invisible format characters in them (a bidi override in a token or a path)
 * are written as \u escapes, so a terminal showing the JSON shows them too.
 */
export function jsonText(result: unknown): string {
  return escapeInvisibleFormatInJson(JSON.stringify(result));
}
