import { Command } from "@commander-js/extra-typings";
import { type CommandDef, defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { closestName } from "../../app/suggest.ts";
import { quoteInput } from "../../app/quote_input.ts";
import { type HelpEntry, type HelpResult, renderHelp } from "../../render/help_view.ts";

/**
 * `help [command]`: every command with its one-line summary, or one command's
 * usage, options and runnable examples (from its CommandDef).
 */
export const helpCommand = defineCommand({
  name: "help",
  summary: "list the commands, or show one with its options and examples: help [command]",
  examples: ["help", "help run", "help attn"],
  configure: (cmd) => cmd.argument("[command]", "the command to explain"),
  run([topic], _options, ctx) {
    emit(ctx, helpFor(ctx.commands, topic), (r) => renderHelp(r, { width: ctx.io.columns }));
  },
});

/** The help result for all `commands`, or for the one named `topic`. */
export function helpFor(commands: readonly CommandDef[], topic?: string): HelpResult {
  if (topic === undefined) {
    return {
      commands: commands.map((c) => ({ name: c.name, summary: c.summary, examples: c.examples })),
    };
  }
  const def = commands.find((c) => c.name === topic);
  if (!def) {
    const near = closestName(topic, commands.map((c) => c.name));
    throw new UsageError(
      `no command ${quoteInput(topic)}${near ? `; did you mean '${near}'?` : ""} (help lists them)`,
    );
  }
  const entry: HelpEntry = {
    name: def.name,
    summary: def.summary,
    examples: def.examples,
    usage: usageOf(def),
  };
  return { commands: [entry], topic };
}

/** commander's usage, arguments and options text for one command. */
function usageOf(def: CommandDef): string {
  const cmd = new Command(def.name).helpOption(false);
  def.configure(cmd);
  return cmd.helpInformation().trimEnd();
}
