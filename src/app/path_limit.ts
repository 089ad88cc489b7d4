import { UsageError } from "./errors.ts";
import { quoteInput } from "./quote_input.ts";
import { appMessages } from "./app_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(appMessages);

/**
 * The longest path a file system call takes on Linux (PATH_MAX, 4096 bytes
 * with its terminating NUL). A longer --model or --out value cannot name a
 * file, so it is refused here, in one short line, before it reaches the file
 * system and comes back quoted whole in an error.
 */
export const PATH_MAX = 4096;

/** Refuses a path (or model name) longer than PATH_MAX; `what` names the option, e.g. "--model". */
export function checkPathLength(what: string, given: string): void {
  const bytes = given.length > PATH_MAX / 3 ? new TextEncoder().encode(given).length : given.length;
  if (bytes >= PATH_MAX) {
    throw new UsageError(say("path.tooLong", { what, max: PATH_MAX, typed: quoteInput(given) }));
  }
}
