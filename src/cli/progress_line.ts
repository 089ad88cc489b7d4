import type { CommandContext } from "./command.ts";
import { renderProgressBar } from "../render/progress_view.ts";

/** A progress bar a long command updates, and clears before it prints its result. */
export interface ProgressLine {
  update(done: number, total: number, what: string): void;
  end(): void;
}

/**
 * A live progress bar on a terminal (redrawn in place, at most every 100 ms, as wide as the
 * terminal is at each redraw); silent when stdout is not a terminal or the result is --json.
 * Experiments and long benchmarks (bench attention --len 64..2048) show one.
 */
export function progressLine(ctx: CommandContext): ProgressLine {
  const live = ctx.io.isTty && !ctx.json;
  let shown = false;
  let last = 0;
  return {
    update(done, total, what) {
      if (!live) return;
      const now = performance.now();
      if (shown && now - last < 100 && done < total) return;
      last = now;
      const line = renderProgressBar(done, total, what, ctx.io.columns);
      ctx.io.out((shown ? "\x1b[1F\x1b[J" : "") + line);
      shown = true;
    },
    end() {
      if (live && shown) ctx.io.out("\x1b[1F\x1b[J");
      shown = false;
    },
  };
}
