import type { RunResult } from "../models/run_result.ts";
import { UsageError } from "./errors.ts";
import type { Session } from "./session.ts";
import { commandMessages } from "./command_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(commandMessages);

/**
 * The run `attn` and `hidden` look at: the session's last `run` (or `step`).
 * Views read this trace; they never re-run the model (docs/ARCHITECTURE.md).
 */
export function lastRunOf(session: Session, command: string): RunResult {
  if (session.lastRun) return session.lastRun;
  throw new UsageError(say("lastRun.none", { command: `'${command}'` }));
}
