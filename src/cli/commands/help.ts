import { Command, Help } from "@commander-js/extra-typings";
import { type CommandDef, defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { helpMessages } from "../help_messages.ts";
import { commandMessages } from "../command_messages.ts";
import { closestName } from "../../app/suggest.ts";
import { quoteInput } from "../../app/quote_input.ts";
import { type Lang, messagesOf } from "../../platform/i18n/messages.ts";
import { type HelpEntry, type HelpResult, renderHelp } from "../../render/help_view.ts";

const say = messagesOf(commandMessages);

/**
 * `help [command]`: every command with its one-line summary, or one command's
 * usage, options and runnable examples (from its CommandDef), in the session's language.
 */
export const helpCommand = defineCommand({
  name: "help",
  summary: "list the commands, or show one with its options and examples: help [command]",
  examples: ["help", "help run", "help attn", "help --lang ko"],
  configure: (cmd) => cmd.argument("[command]", "the command to explain"),
  run([topic], _options, ctx) {
    const lang = ctx.session.lang;
    emit(
      ctx,
      helpFor(ctx.commands, topic, lang),
      (r) => renderHelp(r, { width: ctx.io.columns, lang }),
    );
  },
});

/** The help result for all `commands`, or for the one named `topic`, in `lang`. */
export function helpFor(
  commands: readonly CommandDef[],
  topic?: string,
  lang: Lang = "en",
): HelpResult {
  if (topic === undefined) {
    return {
      commands: commands.map((c) => ({
        name: c.name,
        summary: translated(`help.summary.${c.name}`, c.summary, lang),
        examples: c.examples,
      })),
    };
  }
  const def = commands.find((c) => c.name === topic);
  if (!def) {
    const near = closestName(topic, commands.map((c) => c.name));
    const hint = near ? say("help.didYouMean", { near }) : "";
    throw new UsageError(say("help.noCommand", { typed: quoteInput(topic), hint }));
  }
  const entry: HelpEntry = {
    name: def.name,
    summary: translated(`help.summary.${def.name}`, def.summary, lang),
    examples: def.examples,
    usage: lang === "ko" ? koreanUsage(def) : usageOf(def),
  };
  return { commands: [entry], topic };
}

/**
 * The Korean of help text `en` kept under `id`; `en` itself when there is none, or when the
 * English has changed since it was translated (a stale translation would mislead).
 */
export function translated(id: string, en: string, lang: Lang): string {
  const entry = (helpMessages as Record<string, { en: string; ko: string } | undefined>)[id];
  return lang === "ko" && entry !== undefined && entry.en === en ? entry.ko : en;
}

/** A command's commander definition, without the --help option (help is this command). */
function commanderOf(def: CommandDef): Command {
  // No wrapping of commander's own: the view fits the rows to the terminal (help_view.ts).
  const cmd = new Command(def.name).helpOption(false).configureHelp({ helpWidth: 1000 });
  def.configure(cmd);
  return cmd;
}

/** commander's usage, arguments and options text for one command. */
function usageOf(def: CommandDef): string {
  return commanderOf(def).helpInformation().trimEnd();
}

/** The same usage, arguments and options as commander lists them, with Korean words. */
function koreanUsage(def: CommandDef): string {
  const cmd = commanderOf(def);
  const help = new Help();
  const word = (id: keyof typeof helpMessages) => helpMessages[id].ko;
  const args = help.visibleArguments(cmd).map((a) => ({
    term: a.required
      ? `<${a.name()}${a.variadic ? "..." : ""}>`
      : `[${a.name()}${a.variadic ? "..." : ""}]`,
    text: translated(`help.arg.${def.name}.${a.name()}`, a.description, "ko"),
  }));
  const options = help.visibleOptions(cmd).map((o) => {
    const extra = [
      o.argChoices ? `${word("help.choices")}: ${o.argChoices.join(", ")}` : "",
      o.defaultValue !== undefined ? `${word("help.default")}: ${String(o.defaultValue)}` : "",
    ].filter((e) => e !== "");
    const text = translated(`help.option.${def.name}.${o.long}`, o.description, "ko");
    return {
      term: help.optionTerm(o),
      text: extra.length ? `${text} (${extra.join(", ")})` : text,
    };
  });
  const width = Math.max(0, ...[...args, ...options].map((r) => r.term.length)) + 2;
  const rows = (list: { term: string; text: string }[]) =>
    list.map((r) => `  ${r.term.padEnd(width)}${r.text}`);
  const usage = `${word("help.usage")} ${def.name}${
    options.length > 0 ? ` ${word("help.optionsWord")}` : ""
  }${args.length > 0 ? ` ${args.map((a) => a.term).join(" ")}` : ""}`;
  const lines = [usage];
  if (args.length > 0) lines.push("", word("help.arguments"), ...rows(args));
  if (options.length > 0) lines.push("", word("help.options"), ...rows(options));
  return lines.join("\n");
}
