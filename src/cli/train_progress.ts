/**
 * What `train` shows while it works. On a TTY (and without --json): a frame (loss chart +
 * progress line) redrawn in place, and while a split is scored a line counting the examples
 * (no silent pause after "100% ETA 0s"). Otherwise one plain line per interval, on stdout, or
 * on stderr with --json (stdout then holds only the JSON). When a stop signal ends training,
 * one line on stderr says which parameters are kept and whether they are scored before saving.
 */
import type { CommandContext } from "./command.ts";
import { stoppedPhrase, stopSignalOf } from "./errors.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { trainMessages } from "./train_messages.ts";
import type { TrainHooks } from "../train/trainer.ts";
import {
  renderEvaluationLine,
  renderProgressLine,
  renderTrainFrame,
} from "../render/train_view.ts";
import { renderScoringLine, scoringWords } from "../render/train_scoring_view.ts";

const say = messagesOf(trainMessages);

/** The hooks that print `train`'s progress, and `end` to clear the live frame. */
export function progressPrinter(
  ctx: CommandContext,
  options: { saving: boolean },
): { hooks: TrainHooks; end: () => void } {
  const live = ctx.io.isTty && !ctx.json;
  const print = (text: string) => (ctx.json ? ctx.io.err(text) : ctx.io.out(text));
  let frame: string | null = null; // what is on screen below the permanent lines
  let chart: string | null = null; // the last training frame (loss chart and progress line)
  const erase = () => {
    if (frame === null) return "";
    const lines = frame.split("\n").length;
    frame = null;
    return `\x1b[${lines}F\x1b[J`; // up to the frame's first line, clear to the end of screen
  };
  const hooks: TrainHooks = {
    onProgress(p) {
      if (!live) return print(renderProgressLine(p, { bar: false, lang: ctx.session.lang }));
      const next = renderTrainFrame(p, { columns: ctx.io.columns, lang: ctx.session.lang });
      ctx.io.out(erase() + next);
      frame = chart = next;
    },
    onEvaluation(e) {
      const line = renderEvaluationLine(e, ctx.session.lang);
      if (!live) return print(line);
      ctx.io.out(erase() + line + (chart ? `\n${chart}` : ""));
      frame = chart;
    },
    onScoring(event) {
      if (!live) return;
      // The chart stays; the count of examples scored goes below it (and goes with it).
      const line = renderScoringLine(event, ctx.session.lang);
      const next = chart ? `${chart}\n${line}` : line;
      ctx.io.out(erase() + next);
      frame = next;
    },
    onFinishing(info) {
      const lang = ctx.session.lang;
      const signal = stopSignalOf(ctx.signal);
      const step = info.bestStep;
      const kept = info.keptBy === "dev"
        ? say("stop.keptDev", { step })
        : say("stop.last", { step });
      const where = info.keptBy === "dev" ? say("stop.onTest") : say("stop.onDevTest");
      const then = options.saving ? say("stop.thenSaving") : "";
      if (!info.interrupted) {
        if (!live) print(say("stop.scoring", { kept, where, then: "" })[lang]);
        return;
      }
      const which = info.keptBy === "dev"
        ? say("stop.whichDev", { step })
        : say("stop.last", { step });
      const skipped = {
        en: scoringWords("train.scoringSkipped", "en"),
        ko: scoringWords("train.scoringSkipped", "ko"),
      };
      const doing = info.scoring
        ? say("stop.scoring", { kept, where, then })
        : say("stop.keeping", { which, skipped, then });
      const again = signal === "SIGINT" ? say("stop.again.sigint") : say("stop.again.signal");
      if (live) ctx.io.out(erase()); // the frame goes first: erasing it later would take this line
      const stopped = stoppedPhrase(signal);
      ctx.io.err(`attn: ${say("stop.line", { stopped, step: info.step, doing, again })[lang]}`);
    },
  };
  return {
    hooks,
    end: () => {
      if (live && frame !== null) ctx.io.out(erase()); // the summary redraws the chart
    },
  };
}
