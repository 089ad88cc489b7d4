import { Command, CommanderError, Option } from "@commander-js/extra-typings";
import type { CommandContext, CommandDef } from "./command.ts";
import { errorLine, exitCodeOf, InterruptedError, UsageError, warningLine } from "./errors.ts";
import type { Session } from "./session.ts";
import type { AppContext } from "../app/context.ts";
import { type BackendChoice, backendChoices } from "../engine/open_backend.ts";
import { kernelPolicies, withKernelPolicy } from "../engine/mod.ts";
import { closestName } from "../app/suggest.ts";
import { quoteInput } from "../app/quote_input.ts";

/** Global options that take a value: the word after one is not the command's name. */
const valueOptions = ["--backend", "--kernels", "--lang"];

/**
 * Builds the commander program for one command line. The shell and the REPL
 * both run lines through `runCommandLine`, so a command behaves identically
 * in both places.
 */
function buildProgram(
  commands: readonly CommandDef[],
  session: Session,
  signal: AbortSignal,
  onResult: (promise: Promise<void>) => void,
): Command {
  const program = new Command("attn")
    .description("attention, the Transformer and the RNN Seq2Seq it replaced, on WebGPU")
    .exitOverride()
    .showSuggestionAfterError(false)
    .configureOutput({
      writeOut: (text) => session.io.out(text.trimEnd()),
      writeErr: (text) => session.io.err(text.trimEnd()),
      // Errors are thrown (exitOverride) and printed by runCommandLine as one line.
      outputError: () => {},
    })
    .addOption(
      new Option("--backend <name>", "compute backend").choices(
        backendChoices.filter((c) => c !== "auto"),
      ),
    )
    .addOption(
      new Option("--kernels <policy>", "fast kernels, or the textbook compositions (reference)")
        .choices(kernelPolicies),
    )
    .option("--json", "print the result as JSON on stdout")
    .addOption(
      new Option("--lang <lang>", "language of messages and lessons").choices(
        ["ko", "en"] as const,
      ),
    );

  // Global options and no command (attn --json): without this action commander prints its
  // whole usage, 35 lines, and the line still "succeeds". One line and a usage error instead.
  program.action(() => {
    throw new UsageError(`expected a command after the options; try 'help'`);
  });

  for (const def of commands) {
    const cmd = program.command(def.name).description(def.summary);
    cmd.exitOverride().configureOutput({
      writeOut: (text) => session.io.out(text.trimEnd()),
      writeErr: (text) => session.io.err(text.trimEnd()),
      outputError: () => {},
    });
    const configured = def.configure(cmd);
    if (def.examples.length > 0) {
      cmd.addHelpText("after", `\nExamples:\n${def.examples.map((e) => `  ${e}`).join("\n")}`);
    }
    configured.action(function () {
      const globals = program.opts();
      const backendChoice = globals.backend ?? session.backendChoice;
      const ctx: CommandContext = {
        session,
        io: session.io,
        json: Boolean(globals.json),
        backendChoice,
        signal,
        commands,
        app: appContext(session, backendChoice, signal),
      };
      if (globals.lang) session.lang = globals.lang;
      // The kernel policy holds for this command only, as --backend does: --kernels, else `set kernels`.
      const policy = globals.kernels ?? session.kernelPolicy;
      const args = this.processedArgs;
      const options = this.opts();
      onResult(withKernelPolicy(policy, async () => await def.run(args, options, ctx)));
    });
  }
  return program;
}

/** The session, the backend chosen for this command and its signal, as the use cases take them. */
function appContext(session: Session, choice: BackendChoice, signal: AbortSignal): AppContext {
  return {
    backend: () => session.backend(choice),
    defaultModel: () => session.defaultModel(),
    weightsDir: session.weightsDir,
    signal,
    get lang() {
      return session.lang; // read when used: --lang is applied after the context is made
    },
    warn: (message) => session.io.err(warningLine(message)),
    notice: (message) => session.io.err(`attn: ${message}`),
  };
}

/**
 * Runs one command line (already split into words) and returns its exit code:
 * 0 ok, 1 runtime error, 2 usage error. Errors are printed as one line on
 * stderr; with ATTN_DEBUG=1 the stack follows.
 */
export async function runCommandLine(
  words: readonly string[],
  options: {
    commands: readonly CommandDef[];
    session: Session;
    signal?: AbortSignal;
    /**
     * Takes an interruption instead of printing it: a lesson that runs the command reports
     * the interruption once, with where it stopped (the exit code is still 130).
     */
    onInterrupt?: (error: InterruptedError) => void;
  },
): Promise<number> {
  const { commands, session } = options;
  const signal = options.signal ?? new AbortController().signal;
  let running: Promise<void> | null = null;
  try {
    if (words.length === 0) {
      throw new UsageError(`expected a command; try 'help'`);
    }
    const program = buildProgram(commands, session, signal, (p) => (running = p));
    checkCommandName(words, commands);
    await program.parseAsync([...words], { from: "user" });
    if (running) await running;
    return 0;
  } catch (error) {
    if (error instanceof InterruptedError && options.onInterrupt) {
      options.onInterrupt(error);
      return interruptedExitCode(error, signal);
    }
    return reportError(error, session, signal);
  }
}

/** Unknown command: say so and suggest the closest known name. */
function checkCommandName(words: readonly string[], commands: readonly CommandDef[]): void {
  const first = words.find((w, i) => !w.startsWith("-") && !isOptionValue(words, i));
  if (first === undefined) return;
  const names = [...commands.map((c) => c.name), "help"];
  if (names.includes(first)) return;
  const near = closestName(first, names);
  throw new UsageError(
    `unknown command ${quoteInput(first)}${near ? `; did you mean '${near}'?` : ""} (try 'help')`,
  );
}

/** True when words[i] is the value of a preceding global option that takes one. */
function isOptionValue(words: readonly string[], i: number): boolean {
  return i > 0 && valueOptions.includes(words[i - 1]);
}

/**
 * The exit code of an interrupted command, 128 + the signal's number as a shell reports it (130
 * for Ctrl-C): commands throw a plain InterruptedError; the abort's reason knows which signal.
 */
function interruptedExitCode(error: InterruptedError, signal: AbortSignal): number {
  return signal.reason instanceof InterruptedError ? signal.reason.exitCode : error.exitCode;
}

function reportError(error: unknown, session: Session, signal: AbortSignal): number {
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" || error.code === "commander.help" ||
      error.code === "commander.version"
    ) {
      return 0;
    }
    session.io.err(errorLine(new UsageError(commanderMessage(error))));
    return 2;
  }
  if (error instanceof InterruptedError) {
    session.io.err(errorLine(error));
    return interruptedExitCode(error, signal);
  }
  session.io.err(errorLine(error));
  if (debugEnabled() && error instanceof Error && error.stack) session.io.err(error.stack);
  return exitCodeOf(error);
}

/**
 * commander says "error: unknown option '--x'"; we say "unknown option '--x'".
 * commander quotes what was typed in single quotes: long quotes are cut.
 */
function commanderMessage(error: CommanderError): string {
  return error.message.replace(/^error:\s*/i, "").trim()
    .replace(/'([^'\n]{81,})'/g, (_, typed: string) => quoteInput(typed));
}

function debugEnabled(): boolean {
  try {
    return Deno.env.get("ATTN_DEBUG") === "1";
  } catch {
    return false;
  }
}
