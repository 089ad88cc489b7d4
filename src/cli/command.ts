import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { AppContext } from "../app/context.ts";
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
  /** The command table this line runs in: `help` lists it, a lesson runs its commands in it. */
  commands: readonly CommandDef[];
  /** The same session, backend and signal as the use cases in src/app/ take them. */
  app: AppContext;
}

/**
 * One command as it is written: the same at the attn> prompt and in a shell one-liner.
 * `configure` declares its arguments and options on commander, and their types flow from
 * there into `run` (@commander-js/extra-typings): `--beam <k>` arrives as
 * `options.beam: string | undefined`, a `<text...>` argument as `string[]`. A handler parses
 * what it was given, calls a use case (src/app/) for a result object (data, no escape codes)
 * and hands it to `emit` with the function that renders it as text.
 */
export interface CommandSpec<Args extends unknown[], Opts extends OptionValues> {
  name: string;
  /** One line for `help` and Tab completion. */
  summary: string;
  /** Runnable examples shown by `help <command>`. */
  examples: string[];
  /** Declares the arguments and options on the command's commander Command, and returns it. */
  configure(cmd: Command): Command<Args, Opts>;
  /** Runs the command: its arguments (one entry per declared argument) and parsed options. */
  run(args: Args, options: Opts, ctx: CommandContext): void | Promise<void>;
}

/** A command in a command table, whatever its arguments and options. */
export type CommandDef = CommandSpec<unknown[], OptionValues>;

/**
 * Declares a command. TypeScript infers the argument and option types from `configure`'s
 * chain and checks `run` against them; the table then holds every command alike.
 */
export function defineCommand<Args extends unknown[], Opts extends OptionValues>(
  spec: CommandSpec<Args, Opts>,
): CommandDef {
  return spec;
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
