/** What the figures of the views (lens, rollout, saliency, ...) take from the session. */
import type { FigureColormap } from "./figure/figure.ts";
import type { Lang } from "../platform/i18n/messages.ts";

/** The session's language and colormap, as the terminal view of the same result uses them. */
export interface ViewFigureOptions {
  lang: Lang;
  /** The session's colormap (`set colormap`). */
  colormap: FigureColormap;
  /** `set values on`: each value written in its cell, as the terminal grid writes it. */
  showValues?: boolean;
}
