import { Option } from "@commander-js/extra-typings";
import { type CommandContext, type CommandDef, defineCommand, emit } from "../command.ts";
import {
  AttnError,
  errorLine,
  InterruptedError,
  sanitizeForTerminal,
  UsageError,
} from "../errors.ts";
import { runCommandLine } from "../program.ts";
import { pausePrompter } from "../prompter.ts";
import { splitWords } from "../words.ts";
import { quoteInput } from "../../app/quote_input.ts";
import { lessonListings, openLesson, resumeStep } from "../../app/lessons/listing.ts";
import { type PlayResult, playSteps } from "../../app/lessons/player.ts";
import { ProgressStore } from "../../app/lessons/progress.ts";
import { answerLines, commandLine, questionLines, renderProse } from "../../render/lesson_view.ts";
import { renderLessonList } from "../../render/lesson_list_view.ts";

const hints = {
  en: { next: "Enter: next, a: play the rest, q: stop", reveal: "Enter: show the answer, q: stop" },
  ko: { next: "Enter: 다음, a: 끝까지 재생, q: 멈춤", reveal: "Enter: 모범 답안 보기, q: 멈춤" },
};

/** Lessons running right now, per session: a lesson block cannot start another lesson. */
const playing = new WeakSet<object>();

/**
 * `lesson [name] [--auto] [--restart]`, `lesson --list [--json]`: scripted lessons in Korean
 * and English. Alone, it lists the lessons with each one's progress; with a name it plays the
 * lesson from where the learner left off, pausing for Enter between steps on a terminal.
 */
export const lessonCommand: CommandDef = makeLessonCommand();

/**
 * The lesson command whose lessons run their commands through `options.commands` (default:
 * the table the `lesson` line itself runs in). The lesson playback test passes the same table
 * with smaller `experiment`, `bench` and `train` sizes; everything else about playing a lesson
 * is this code.
 */
export function makeLessonCommand(
  options: { commands?: () => readonly CommandDef[] } = {},
): CommandDef {
  return defineCommand({
    name: "lesson",
    summary: "play a scripted lesson (ko/en) that runs attn's commands; alone: list with progress",
    examples: [
      "lesson",
      "lesson 1",
      "lesson 04-self-attention",
      "lesson scaled-dot --lang en",
      "lesson 1 --auto",
      "lesson 2 --restart",
      "lesson --list --json",
    ],
    configure: (cmd) =>
      cmd.argument("[name]", "a lesson number or name from `lesson --list`")
        .addOption(new Option("--list", "list the lessons with your progress"))
        .addOption(new Option("--auto", "play straight through without waiting for Enter"))
        .addOption(new Option("--restart", "start from the beginning instead of resuming")),
    run: ([name], flags, ctx) => runLesson(name, flags, ctx, options.commands),
  });
}

/** `lesson` with its name and flags: the list, or one lesson played (resumed) to its end. */
async function runLesson(
  name: string | undefined,
  flags: { list?: boolean; auto?: boolean; restart?: boolean },
  ctx: CommandContext,
  commands?: () => readonly CommandDef[],
): Promise<void> {
  const lang = ctx.session.lang;
  const store = ProgressStore.inStateDir((m) => ctx.io.err(sanitizeForTerminal(m)));
  if (name === undefined || flags.list === true) return listLessons(name, ctx, store);
  if (ctx.json) {
    throw new UsageError("--json applies to `lesson --list`; a lesson plays as text");
  }
  if (playing.has(ctx.session)) {
    throw new UsageError("a lesson is already playing; lessons do not start other lessons");
  }
  const opened = openLesson(name, lang);
  const { entry, steps, key } = opened;
  const from = resumeStep(opened, store, flags.restart === true);
  const view = { palette: ctx.session.palette(), width: Math.max(20, ctx.io.columns) };
  if (from > 0) sayResuming(ctx, { opened, from, view });
  const pauses = flags.auto === true || !(ctx.io.isTty || ctx.session.stepPrompter)
    ? null
    : pausePrompter(ctx.session);
  const prompter = pauses?.prompter ?? null;
  const table = commands?.() ?? ctx.commands;
  playing.add(ctx.session);
  const interrupted: { by?: InterruptedError } = {}; // a command's own, reported below
  let result;
  try {
    result = await playSteps(steps, {
      out: (text) => ctx.io.out(text),
      prose: (block) => renderProse(block, view),
      commandLine: (command) => commandLine(command, view),
      question: (text) => questionLines(text, view),
      answer: (text) => answerLines(text, view),
      run: (command) => runLessonCommand(command, ctx, table, (e) => (interrupted.by = e)),
      pause: prompter ? (hint) => prompter(hints[lang][hint], ctx.signal) : null,
      onStepDone: (done) => store.set(key, { done, steps: steps.length }),
      signal: ctx.signal,
    }, { from });
  } finally {
    playing.delete(ctx.session);
    pauses?.close();
  }
  reportPlayed(ctx, { id: entry.id, steps: steps.length, result, said: interrupted.by?.message });
}

/** `lesson` or `lesson --list`: the lessons with each one's progress. */
function listLessons(name: string | undefined, ctx: CommandContext, store: ProgressStore): void {
  if (name !== undefined) {
    throw new UsageError(`--list takes no lesson name, got ${quoteInput(name)}`);
  }
  const lang = ctx.session.lang;
  const list = lessonListings(lang, store);
  emit(ctx, list, (l) => renderLessonList(l, { lang, width: ctx.io.columns }));
}

/** Where a resumed lesson starts again, and its title. */
function sayResuming(
  ctx: CommandContext,
  at: {
    opened: ReturnType<typeof openLesson>;
    from: number;
    view: Parameters<typeof renderProse>[1];
  },
): void {
  const { entry, lesson, steps } = at.opened;
  const step = at.from + 1;
  ctx.io.out(
    ctx.session.lang === "ko"
      ? `(${steps.length}단계 중 ${step}단계부터 이어서 합니다. 처음부터: lesson ${entry.id} --restart)`
      : `(resuming at step ${step} of ${steps.length}; lesson ${entry.id} --restart starts over)`,
  );
  const title = lesson.blocks.find((b) => b.kind === "heading");
  if (title) ctx.io.out(renderProse(title, at.view) + "\n");
}

/** How a lesson ended, in one line: finished, stopped (q), interrupted or failed commands. */
function reportPlayed(
  ctx: CommandContext,
  played: { id: string; steps: number; result: PlayResult; said?: string },
): void {
  const { id, steps, result, said } = played;
  const lang = ctx.session.lang;
  const failed = result.commands.filter((c) => c.code !== 0);
  if (result.outcome === "interrupted") {
    // One line: what the command said when it had more to say than "interrupted"
    // (e.g. that a model was not saved), then where the lesson resumes.
    const where = `lesson ${id} stopped at step ${
      result.done + 1
    } of ${steps}; 'lesson ${id}' resumes there`;
    throw new InterruptedError(
      said && said !== new InterruptedError().message ? `${said}; ${where}` : where,
    );
  }
  if (result.outcome === "quit") {
    ctx.io.out(
      lang === "ko"
        ? `(${steps}단계 중 ${result.done}단계까지 했습니다. 'lesson ${id}'로 이어서 할 수 있습니다)`
        : `(stopped after step ${result.done} of ${steps}; 'lesson ${id}' resumes there)`,
    );
    return;
  }
  if (failed.length > 0) {
    throw new AttnError(
      `lesson ${id}: ${failed.length} command${failed.length === 1 ? "" : "s"} failed: ${
        failed.map((f) => `'${f.command}'`).join(", ")
      }`,
    );
  }
  ctx.io.out(
    lang === "ko"
      ? `(레슨 ${id}을(를) 마쳤습니다. 전체 목록: lesson)`
      : `(finished lesson ${id}; all lessons: lesson)`,
  );
}

/**
 * Runs one lesson command through the same dispatcher as the REPL; errors print as there,
 * except an interruption, which goes to `onInterrupt` (the lesson reports it in its own line).
 */
async function runLessonCommand(
  command: string,
  ctx: CommandContext,
  table: readonly CommandDef[],
  onInterrupt: (error: InterruptedError) => void,
): Promise<number> {
  let words: string[];
  try {
    words = splitWords(command);
  } catch (e) {
    ctx.io.err(errorLine(e));
    return 2;
  }
  return await runCommandLine(words, {
    commands: table,
    session: ctx.session,
    signal: ctx.signal,
    onInterrupt,
  });
}
