/**
 * Waiting for Enter between frames (`step`) and lesson steps. At the attn> prompt the REPL
 * supplies the prompter (it owns the terminal's line editor); from a shell one-liner on a
 * terminal this one reads stdin; when stdin is not a terminal there is no prompter and the
 * caller plays straight through.
 */
import type { StepPrompter } from "./session.ts";

/** A prompter reading lines from the process's stdin, or null when stdin is not a terminal. */
export function shellPrompter(): StepPrompter | null {
  try {
    if (!Deno.stdin.isTerminal()) return null;
  } catch {
    return null;
  }
  return async (hint, signal) => {
    await Deno.stderr.write(new TextEncoder().encode(`(${hint}) `));
    const line = await Promise.race([
      readLine(),
      new Promise<null>((resolve) => signal.addEventListener("abort", () => resolve(null))),
    ]);
    return answerOf(line);
  };
}

/** What a typed line means while stepping: Enter next, "a" all the rest, "q" stop. */
export function answerOf(line: string | null): "next" | "all" | "quit" {
  const word = (line ?? "q").trim().toLowerCase();
  if (word === "a" || word === "all") return "all";
  if (word === "q" || word === "quit" || word === "stop") return "quit";
  return "next";
}

async function readLine(): Promise<string | null> {
  const buffer = new Uint8Array(1024);
  const n = await Deno.stdin.read(buffer);
  return n === null ? null : new TextDecoder().decode(buffer.subarray(0, n));
}
