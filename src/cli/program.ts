import { Command, CommanderError, Option } from "@commander-js/extra-typings";
import type { CommandContext, CommandDef } from "./command.ts";
import { errorLine, exitCodeOf, InterruptedError, UsageError, warningLine } from "./errors.ts";
import type { Lang, Session } from "./session.ts";
import { cliMessages } from "./cli_messages.ts";
import { commanderMessage } from "./commander_errors.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import type { AppContext } from "../app/context.ts";
import { type BackendChoice, backendChoices } from "../engine/open_backend.ts";
import { kernelPolicies, type KernelPolicy, withKernelPolicy } from "../engine/mod.ts";
import { closestName } from "../app/suggest.ts";
import { quoteInput } from "../app/quote_input.ts";
import { VERSION } from "../platform/version.ts";

const say = messagesOf(cliMessages);

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
    .version(VERSION, "-V, --version", "print attn's version (deno.json's version) and exit")
    .option("--json", "print the result as JSON on stdout")
    .addOption(
      new Option("--lang <lang>", "language of messages and lessons").choices(
        ["ko", "en"] as const,
      ),
    );

  // Global options and no command (attn --json): without this action commander prints its
  // whole usage, 35 lines, and the line still "succeeds". One line and a usage error instead.
  program.action(() => {
    throw new UsageError(say("cli.noCommandAfterOptions"));
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
      // The kernel policy holds for this command only, as --backend does: --kernels, else the
      // --kernels of the line running this one (a lesson's), else `set kernels`.
      const policy = globals.kernels ?? session.kernelsOverride ?? session.kernelPolicy;
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
    backend: (work) => session.backend(choice, work),
    defaultModel: () => session.defaultModel(),
    weightsDir: session.weightsDir,
    signal,
    get lang() {
      return session.lang; // read when used: --lang is applied after the context is made
    },
    warn: (message) => session.io.err(warningLine(message, session.lang)),
    notice: (message) =>
      session.io.err(`attn: ${typeof message === "string" ? message : message[session.lang]}`),
  };
}

/** How a command line is run: its command table, session, stop signal. */
export interface CommandLineOptions {
  commands: readonly CommandDef[];
  session: Session;
  signal?: AbortSignal;
  /**
   * Takes an interruption instead of printing it: a lesson that runs the command reports
   * the interruption once, with where it stopped (the exit code is still 130).
   */
  onInterrupt?: (error: InterruptedError) => void;
}

/**
 * Runs one command line (already split into words) and returns its exit code:
 * 0 ok, 1 runtime error, 2 usage error. Errors are printed as one line on
 * stderr; with ATTN_DEBUG=1 the stack follows. A `--lang` on the line holds for this line
 * only (its errors included), and for the commands it runs (a lesson's), never after it.
 */
export async function runCommandLine(
  words: readonly string[],
  options: CommandLineOptions,
): Promise<number> {
  const { session } = options;
  const previous = { lang: session.langOverride, kernels: session.kernelsOverride };
  session.langOverride = langIn(words) ?? previous.lang;
  session.kernelsOverride = kernelsIn(words) ?? previous.kernels;
  try {
    return await runLine(words, options);
  } finally {
    session.langOverride = previous.lang;
    session.kernelsOverride = previous.kernels;
  }
}

/** The policy a line asks for with `--kernels fast|reference` (or --kernels=...), if any. */
function kernelsIn(words: readonly string[]): KernelPolicy | null {
  for (let i = 0; i < words.length; i++) {
    const value = words[i] === "--kernels" ? words[i + 1] : /^--kernels=(.*)$/.exec(words[i])?.[1];
    if ((kernelPolicies as readonly string[]).includes(value ?? "")) return value as KernelPolicy;
  }
  return null;
}

/** The language a line asks for with `--lang ko|en` (or --lang=ko), before commander parses it. */
function langIn(words: readonly string[]): Lang | null {
  for (let i = 0; i < words.length; i++) {
    const value = words[i] === "--lang" ? words[i + 1] : /^--lang=(.*)$/.exec(words[i])?.[1];
    if (value === "ko" || value === "en") return value;
  }
  return null;
}

async function runLine(words: readonly string[], options: CommandLineOptions): Promise<number> {
  const { commands, session } = options;
  const signal = options.signal ?? new AbortController().signal;
  let running: Promise<void> | null = null;
  try {
    if (words.length === 0) {
      throw new UsageError(say("cli.noCommand"));
    }
    const program = buildProgram(commands, session, signal, (p) => (running = p));
    checkCommandName(words, commands);
    await program.parseAsync(helpInLang(words, session.lang), { from: "user" });
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

/** The line's command word: its first word that is neither an option nor a global option's value. */
export function commandWordOf(words: readonly string[]): string | undefined {
  return words.find((w, i) => !w.startsWith("-") && !isOptionValue(words, i));
}

/** Unknown command: say so and suggest the closest known name. */
function checkCommandName(words: readonly string[], commands: readonly CommandDef[]): void {
  const first = commandWordOf(words);
  if (first === undefined) return;
  const names = [...commands.map((c) => c.name), "help"];
  if (names.includes(first)) return;
  const near = closestName(first, names);
  const hint = near ? say("cli.didYouMean", { near }) : "";
  throw new UsageError(say("cli.unknownCommand", { typed: quoteInput(first), hint }));
}

/**
 * The line to parse: `X --help` in Korean is `help X`, whose view speaks Korean (commander's own
 * --help text is English only); in English commander's usage text stays.
 */
function helpInLang(words: readonly string[], lang: Lang): string[] {
  if (lang !== "ko" || !words.some((w) => w === "--help" || w === "-h")) return [...words];
  const name = words.find((w, i) => !w.startsWith("-") && !isOptionValue(words, i));
  return name === undefined || name === "help" ? ["help"] : ["help", name];
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
    session.io.err(errorLine(new UsageError(commanderMessage(error)), session.lang));
    return 2;
  }
  if (error instanceof InterruptedError) {
    session.io.err(errorLine(error, session.lang));
    return interruptedExitCode(error, signal);
  }
  session.io.err(errorLine(error, session.lang));
  if (debugEnabled() && error instanceof Error && error.stack) session.io.err(error.stack);
  return exitCodeOf(error);
}

function debugEnabled(): boolean {
  try {
    return Deno.env.get("ATTN_DEBUG") === "1";
  } catch {
    return false;
  }
}
