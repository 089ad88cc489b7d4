import type { RunResult } from "../models/run_result.ts";
import { UsageError } from "./errors.ts";
import type { Session } from "./session.ts";

/**
 * The run `attn` and `hidden` look at: the session's last `run` (or `step`).
 * Views read this trace; they never re-run the model (docs/ARCHITECTURE.md).
 */
export function lastRunOf(session: Session, command: string): RunResult {
  if (session.lastRun) return session.lastRun;
  throw new UsageError(
    `'${command}' shows the last run, and there is none yet; first: run 나는 학생이다 (at the attn> prompt)`,
  );
}
