import { UsageError } from "./errors.ts";
import { quoteInput } from "./quote_input.ts";

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
    throw new UsageError(
      `${what}: expected a name or a path of less than ${PATH_MAX} bytes, got ${quoteInput(given)}`,
    );
  }
}
