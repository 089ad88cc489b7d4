/**
 * The `generate` view: what prompt went in (and whether a Korean one was turned into a
 * translation prompt), the output, how tokens were chosen, then one line per step: the token
 * coloured by its probability, p, the entropy and the top candidates it was drawn among.
 */
import type { GenerateResult, GenerateStepResult } from "../app/generate_text.ts";
import { Palette } from "./color.ts";
import { viridis } from "./colormap.ts";
import {
  cleanText,
  displayWidth,
  padEndWidth,
  showToken,
  truncateWidth,
  wrapWidth,
} from "./layout.ts";
import { renderTimings } from "./timings_view.ts";
import { generateViewMessages } from "./generate_view_messages.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(generateViewMessages);

/** Widest token column before it is cut. */
const TOKEN_COLUMN = 12;

/** Renders a `generate` result within `width` columns. */
export function renderGenerate(
  result: GenerateResult,
  options: { palette: Palette; width: number; lang: Lang },
): string {
  const { palette, width, lang } = options;
  // Greedy draws from one token (p = 1): the model's own probabilities say more.
  const greedy = result.sampling.temperature === 0;
  const wrap = (text: string) => wrapWidth(text, width);
  const modeLine = result.mode === "translate"
    ? say("view.generate.translate", { model: result.model })
    : say("view.generate.continue", { model: result.model });
  const lines = [
    ...wrap(modeLine[lang]).map((l) => palette.bold(l)),
    ...wrap(
      say("view.generate.prompt", { tokens: result.prompt.tokens.map(showToken).join(" ") })[lang],
    ),
    ...wrap(say("view.generate.output", { text: cleanText(result.output.text) })[lang]).map((l) =>
      palette.bold(l)
    ),
    ...wrap(samplingLine(result)[lang]),
    ...wrap(cacheLine(result)[lang]),
    "",
    palette.dim(
      truncateWidth(say(greedy ? "view.generate.headerRaw" : "view.generate.header")[lang], width),
    ),
    ...result.steps.map((s, i) => stepLine(s, i + 1, { greedy, palette, width })),
  ];
  if (!result.stopped) {
    lines.push(...wrap(say("view.generate.stoppedNot", { n: result.maxNew })[lang]));
  }
  lines.push("", ...wrap(say("view.generate.legend")[lang]));
  lines.push(...renderTimings(result.timings, lang, width));
  return lines.join("\n");
}

function samplingLine(result: GenerateResult) {
  const { temperature, topK, topP, seed } = result.sampling;
  if (temperature === 0) return say("view.generate.greedy");
  const all = say("view.generate.all");
  const sampled = (k: string) =>
    say("view.generate.sampled", { t: String(temperature), k, p: String(topP), seed });
  const en = sampled(topK === null ? all.en : String(topK)).en;
  const ko = sampled(topK === null ? all.ko : String(topK)).ko;
  return { en, ko };
}

function cacheLine(result: GenerateResult) {
  return result.cache
    ? say("view.generate.cache", { kib: (result.cacheBytes / 1024).toFixed(1) })
    : say("view.generate.noCache");
}

/** "  3 ▁student  0.91 H 0.40  ▁student .91 · ▁teacher .05 · …" within `width`. */
function stepLine(
  step: GenerateStepResult,
  n: number,
  options: { greedy: boolean; palette: Palette; width: number },
): string {
  const { greedy, palette, width } = options;
  const shown = greedy ? step.before : step.top;
  const p = greedy ? (step.before.find((c) => c.id === step.id)?.p ?? 0) : step.p;
  const entropy = greedy ? step.rawEntropy : step.entropy;
  const token = padEndWidth(truncateWidth(showToken(step.token), TOKEN_COLUMN), TOKEN_COLUMN);
  const head = `${String(n).padStart(3)} `;
  const numbers = ` ${p.toFixed(2)} H ${entropy.toFixed(2)} `;
  const room = width - displayWidth(head) - TOKEN_COLUMN - numbers.length;
  const candidates = shown
    .map((c) => `${showToken(c.token)} ${c.p.toFixed(2).replace(/^0/, "")}`)
    .join(" · ");
  const swatch = viridis.swatchAt(p);
  const painted = palette.paint(token, { bg: swatch, fg: Palette.textOn(swatch) });
  return head + painted + numbers + truncateWidth(candidates, Math.max(0, room));
}
