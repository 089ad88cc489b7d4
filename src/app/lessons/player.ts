/**
 * Plays a parsed lesson step by step. A step is the prose up to and including one ```attn
 * block (whose commands run through the caller's command runner, the same one the REPL uses) or
 * one interview question; prose after the last of those is a final step. Between steps the
 * player waits for Enter when it has a prompter; an interview question waits once more before
 * its answer. Progress is reported after every finished step so a learner can resume.
 */
import type { LessonBlock, ParsedLesson } from "./lesson_format.ts";

/** A contiguous run of blocks ending in an attn or interview block (or the lesson's end). */
export interface LessonStep {
  blocks: LessonBlock[];
}

/** Splits a lesson into steps. */
export function lessonSteps(lesson: ParsedLesson): LessonStep[] {
  const steps: LessonStep[] = [];
  let current: LessonBlock[] = [];
  for (const block of lesson.blocks) {
    current.push(block);
    if (block.kind === "attn" || block.kind === "interview") {
      steps.push({ blocks: current });
      current = [];
    }
  }
  if (current.length > 0) steps.push({ blocks: current });
  return steps;
}

/** What the player needs from the command that hosts it. */
export interface PlayerHost {
  /** Prints a block of text (a newline is added). */
  out(text: string): void;
  /** Renders a prose block (headings, paragraphs, lists...) to text. */
  prose(block: LessonBlock): string;
  /** "attn> command" as shown before it runs. */
  commandLine(command: string): string;
  question(text: string): string;
  answer(text: string): string;
  /** Runs one command line the way the REPL does; resolves to its exit code. */
  run(command: string): Promise<number>;
  /** Waits for Enter (null: never wait). */
  pause: ((hint: "next" | "reveal") => Promise<"next" | "all" | "quit">) | null;
  /** Called after each finished step with the number of steps finished. */
  onStepDone(done: number): void;
  signal: AbortSignal;
}

/** One command the lesson ran and its exit code. */
export interface CommandOutcome {
  command: string;
  code: number;
  step: number;
}

/** How a playback ended. */
export interface PlayResult {
  /** Steps finished when playback stopped. */
  done: number;
  steps: number;
  outcome: "finished" | "quit" | "interrupted";
  commands: CommandOutcome[];
}

/** Exit code of an interrupted command (docs/CONTRACT.md / program.ts). */
const INTERRUPTED = 130;

/** Plays steps [from, steps.length) of `steps`. */
export async function playSteps(
  steps: readonly LessonStep[],
  host: PlayerHost,
  options: { from?: number } = {},
): Promise<PlayResult> {
  let pause = host.pause;
  const commands: CommandOutcome[] = [];
  const start = Math.max(0, Math.min(options.from ?? 0, steps.length));
  const stop = (done: number, outcome: PlayResult["outcome"]): PlayResult => ({
    done,
    steps: steps.length,
    outcome,
    commands,
  });
  for (let s = start; s < steps.length; s++) {
    for (const block of steps[s].blocks) {
      if (host.signal.aborted) return stop(s, "interrupted");
      if (block.kind === "attn") {
        for (const command of block.commands) {
          host.out(host.commandLine(command));
          const code = await host.run(command);
          commands.push({ command, code, step: s });
          if (code === INTERRUPTED || host.signal.aborted) return stop(s, "interrupted");
        }
      } else if (block.kind === "interview") {
        host.out(host.question(block.question));
        if (pause) {
          const answer = await pause("reveal");
          if (host.signal.aborted) return stop(s, "interrupted");
          if (answer === "quit") return stop(s, "quit");
          if (answer === "all") pause = null;
        }
        host.out(host.answer(block.answer));
      } else {
        host.out(host.prose(block));
      }
      host.out("");
    }
    host.onStepDone(s + 1);
    if (pause && s < steps.length - 1) {
      const answer = await pause("next");
      if (host.signal.aborted) return stop(s + 1, "interrupted");
      if (answer === "quit") return stop(s + 1, "quit");
      if (answer === "all") pause = null;
    }
  }
  return stop(steps.length, "finished");
}
