/**
 * The `generate` view: what prompt went in (and whether a Korean one was turned into a
 * translation prompt), the output, how tokens were chosen, then one line per step: the token
 * coloured by its probability, p, the entropy and the top candidates it was drawn among.
 */
import type { GenerateResult, GenerateStepResult, TokenP } from "../app/generate_text.ts";
import { Palette } from "./color.ts";
import { type Colormap, viridis } from "./colormap.ts";
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
import { type Bilingual, type Lang, messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(generateViewMessages);

/** Widest token column before it is cut. */
const TOKEN_COLUMN = 12;

/** Renders a `generate` result within `width` columns. */
export function renderGenerate(
  result: GenerateResult,
  options: { palette: Palette; width: number; lang: Lang; colormap?: Colormap },
): string {
  const { palette, width, lang } = options;
  const colormap = options.colormap ?? viridis;
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
    ...result.steps.map((s, i) => stepLine(s, i + 1, { greedy, palette, width, colormap })),
  ];
  if (!result.stopped) {
    lines.push(...wrap(say("view.generate.stoppedNot", { n: result.maxNew })[lang]));
  }
  lines.push("", ...wrap(say("view.generate.legend")[lang]));
  lines.push(...renderTimings(result.timings, lang, width));
  return lines.join("\n");
}

/** How tokens were chosen: greedy, or T, top-k, top-p and the seed of the draws. */
export function samplingLine(result: GenerateResult): Bilingual {
  const { temperature, topK, topP, seed } = result.sampling;
  if (temperature === 0) return say("view.generate.greedy");
  const all = say("view.generate.all");
  const sampled = (k: string) =>
    say("view.generate.sampled", { t: String(temperature), k, p: String(topP), seed });
  const en = sampled(topK === null ? all.en : String(topK)).en;
  const ko = sampled(topK === null ? all.ko : String(topK)).ko;
  return { en, ko };
}

/** The KV cache's size on the device, or that every step recomputed the prefix. */
export function cacheLine(result: GenerateResult): Bilingual {
  return result.cache
    ? say("view.generate.cache", { kib: (result.cacheBytes / 1024).toFixed(1) })
    : say("view.generate.noCache");
}

/**
 * What a step line shows: greedy decoding draws from one token (p = 1), so there the model's own
 * softmax says more (its candidates, p of the chosen token, its entropy); sampled, the
 * distribution drawn from.
 */
export function stepNumbers(
  step: GenerateStepResult,
  greedy: boolean,
): { shown: TokenP[]; p: number; entropy: number } {
  return greedy
    ? {
      shown: step.before,
      p: step.before.find((c) => c.id === step.id)?.p ?? 0,
      entropy: step.rawEntropy,
    }
    : { shown: step.top, p: step.p, entropy: step.entropy };
}

/** "  3 ▁student  0.91 H 0.40  ▁student .91 · ▁teacher .05 · …" within `width`. */
function stepLine(
  step: GenerateStepResult,
  n: number,
  options: { greedy: boolean; palette: Palette; width: number; colormap: Colormap },
): string {
  const { greedy, palette, width, colormap } = options;
  const { shown, p, entropy } = stepNumbers(step, greedy);
  const token = padEndWidth(truncateWidth(showToken(step.token), TOKEN_COLUMN), TOKEN_COLUMN);
  const head = `${String(n).padStart(3)} `;
  const numbers = ` ${p.toFixed(2)} H ${entropy.toFixed(2)} `;
  const room = width - displayWidth(head) - TOKEN_COLUMN - numbers.length;
  const candidates = shown
    .map((c) => `${showToken(c.token)} ${c.p.toFixed(2).replace(/^0/, "")}`)
    .join(" · ");
  const swatch = colormap.swatchAt(p);
  const painted = palette.paint(token, { bg: swatch, fg: Palette.textOn(swatch) });
  return head + painted + numbers + truncateWidth(candidates, Math.max(0, room));
}
