/**
 * commander's parse errors as attn says them: without commander's "error: " prefix, long quoted
 * input cut, and in Korean too (commander writes English only; its messages are matched by their
 * code and shape, and one that is not recognised stays in English).
 */
import type { CommanderError } from "@commander-js/extra-typings";
import { quoteInput } from "../app/quote_input.ts";
import { type Bilingual, messagesOf } from "../platform/i18n/messages.ts";
import { cliMessages } from "./cli_messages.ts";

const say = messagesOf(cliMessages);

/** The message of one of commander's errors in both languages. */
export function commanderMessage(error: CommanderError): Bilingual {
  const en = error.message.replace(/^error:\s*/i, "").trim()
    .replace(/'([^'\n]{81,})'/g, (_, typed: string) => quoteInput(typed));
  return translated(error.code, en) ?? { en, ko: en };
}

/**
 * The Korean of commander message `en` (code `code`), or null when its shape is not known. The
 * English stays commander's own text (with long input already cut).
 */
function translated(code: string, en: string): Bilingual | null {
  const ko = (message: Bilingual) => ({ en, ko: message.ko });
  let m: RegExpExecArray | null;
  if (code === "commander.unknownOption" && (m = /^unknown option (.*)$/s.exec(en))) {
    return ko(say("cli.unknownOption", { option: m[1] }));
  }
  if (code === "commander.missingArgument" && (m = /^missing required argument (.*)$/.exec(en))) {
    return ko(say("cli.missingArgument", { name: m[1] }));
  }
  if (
    code === "commander.optionMissingArgument" && (m = /^option (.*) argument missing$/.exec(en))
  ) {
    return ko(say("cli.optionMissingArgument", { option: m[1] }));
  }
  m = /^option (.*) argument (.*) is invalid\. Allowed choices are (.*)\.$/.exec(en);
  if (code === "commander.invalidArgument" && m) {
    return ko(say("cli.invalidChoice", { option: m[1], value: m[2], choices: m[3] }));
  }
  m = /^too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+): (.*)\.$/.exec(en);
  if (code === "commander.excessArguments" && m) {
    const [, command, expected, received, details] = m;
    return ko(say("cli.excessArguments", { command, expected, received, details }));
  }
  if (code === "commander.conflictingOption" && (m = /^(.*) cannot be used with (.*)$/.exec(en))) {
    return ko(say("cli.conflictingOption", { first: m[1], second: m[2] }));
  }
  return null;
}
