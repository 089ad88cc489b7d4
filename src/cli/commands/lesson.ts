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
import { lessonLeft, lessonListings, openLesson, resumeStep } from "../../app/lessons/listing.ts";
import type { LessonEntry } from "../../app/lessons/catalog.ts";
import { type PlayResult, playSteps } from "../../app/lessons/player.ts";
import { commandMessages } from "../command_messages.ts";
import { type Lang, messagesOf } from "../../platform/i18n/messages.ts";
import { ProgressStore } from "../../app/lessons/progress.ts";
import { answerLines, commandLine, questionLines, renderProse } from "../../render/lesson_view.ts";
import { renderLessonList } from "../../render/lesson_list_view.ts";

const say = messagesOf(commandMessages);

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
      "lesson scaling --lang en",
      "lesson 1 --auto",
      "lesson 2 --restart",
      "lesson --list --json",
    ],
    configure: (cmd) =>
      cmd.argument("[name]", "a lesson number or name from `lesson --list`")
        .addOption(new Option("--list", "list the lessons with your progress"))
        .addOption(new Option("--auto", "play straight through without waiting for Enter"))
        .addOption(new Option("--restart", "start from the beginning instead of resuming")),
    async run([name], flags, ctx) {
      const store = ProgressStore.inStateDir(
        (m) => ctx.io.err(sanitizeForTerminal(m)),
        ctx.session.lang,
      );
      if (name === undefined || flags.list === true) {
        if (name !== undefined) {
          throw new UsageError(say("lesson.listTakesNoName", { typed: quoteInput(name) }));
        }
        const lang = ctx.session.lang;
        const list = lessonListings(lang, store);
        emit(ctx, list, (l) => renderLessonList(l, { lang, width: ctx.io.columns }));
        return;
      }
      if (ctx.json) throw new UsageError(say("lesson.json"));
      if (playing.has(ctx.session)) throw new UsageError(say("lesson.nested"));
      const table = options.commands?.() ?? ctx.commands;
      const how = { auto: flags.auto === true, restart: flags.restart === true };
      await playLesson(name, how, { store, ctx, table });
    },
  });
}

/**
 * Plays lesson `name` from where the learner left it. Without --lang, that is the lesson they
 * left, in the language they left it in; the language holds for this lesson (and the commands
 * it runs) only.
 */
async function playLesson(
  name: string,
  how: { auto: boolean; restart: boolean },
  { store, ctx, table }: {
    store: ProgressStore;
    ctx: CommandContext;
    table: readonly CommandDef[];
  },
): Promise<void> {
  const given = ctx.session.langOverride;
  const left = given === null ? lessonLeft(name, ctx.session.lang, store) : null;
  const lang = left ?? ctx.session.lang;
  ctx.session.langOverride = lang; // runCommandLine restores it when the lesson's line ends
  const opened = openLesson(name, lang);
  const from = resumeStep(opened, store, how.restart);
  const view = { palette: ctx.session.palette(), width: Math.max(20, ctx.io.columns) };
  if (from > 0) {
    const where = { step: from + 1, steps: opened.steps.length, number: opened.entry.number };
    ctx.io.out(say(left !== null ? "lesson.resumingOther" : "lesson.resuming", where)[lang]);
    const title = opened.lesson.blocks.find((b) => b.kind === "heading");
    if (title) ctx.io.out(renderProse(title, view) + "\n");
  }
  // One key answers a pause on a terminal (src/cli/prompter.ts); scripts play straight through.
  const pauses = how.auto || !(ctx.io.isTty || ctx.session.stepPrompter)
    ? null
    : pausePrompter(ctx.session);
  const prompter = pauses?.prompter ?? null;
  playing.add(ctx.session);
  const interrupted: { by?: InterruptedError } = {}; // a command's own, reported below
  let result;
  try {
    result = await playSteps(opened.steps, {
      out: (text) => ctx.io.out(text),
      prose: (block) => renderProse(block, view),
      commandLine: (command) => commandLine(command, view),
      question: (text) => questionLines(text, view),
      answer: (text) => answerLines(text, view),
      run: (command) => runLessonCommand(command, ctx, table, (e) => (interrupted.by = e)),
      pause: prompter ? (hint) => prompter(hints[lang][hint], ctx.signal) : null,
      onStepDone: (done) => store.set(opened.key, { done, steps: opened.steps.length }),
      signal: ctx.signal,
    }, { from });
  } finally {
    playing.delete(ctx.session);
    pauses?.close();
  }
  reportEnd(result, opened.entry, lang, ctx, interrupted.by);
}

/**
 * How a played lesson ended, said once: a stop (Ctrl-C or q) in one wording that says where
 * `lesson N` resumes, failed commands as an error, else that it is finished.
 */
function reportEnd(
  result: PlayResult,
  entry: LessonEntry,
  lang: Lang,
  ctx: CommandContext,
  interruptedBy: InterruptedError | undefined,
): void {
  const stopped = say("lesson.stopped", {
    id: entry.id,
    command: `'lesson ${entry.number}'`,
    step: Math.min(result.done + 1, result.steps),
    steps: result.steps,
  });
  if (result.outcome === "interrupted") {
    // One line: what the command said when it had more to say than "interrupted"
    // (e.g. that a model was not saved), then where the lesson resumes.
    const said = interruptedBy?.message;
    const saidKo = interruptedBy?.ko ?? said;
    throw new InterruptedError(
      said && said !== new InterruptedError().message
        ? { en: `${said}; ${stopped.en}`, ko: `${saidKo}; ${stopped.ko}` }
        : stopped,
    );
  }
  if (result.outcome === "quit") {
    ctx.io.out(`(${stopped[lang]})`);
    return;
  }
  const failed = result.commands.filter((c) => c.code !== 0);
  if (failed.length > 0) {
    throw new AttnError(say("lesson.failed", {
      id: entry.id,
      count: failed.length,
      plural: { en: failed.length === 1 ? "" : "s", ko: "" },
      commands: failed.map((f) => `'${f.command}'`).join(", "),
    }));
  }
  ctx.io.out(say("lesson.finished", { id: entry.id })[lang]);
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
    ctx.io.err(errorLine(e, ctx.session.lang));
    return 2;
  }
  return await runCommandLine(words, {
    commands: table,
    session: ctx.session,
    signal: ctx.signal,
    onInterrupt,
  });
}
