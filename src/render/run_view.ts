/**
 * The plain `run` view: input tokens, output text, how decoding ended, a
 * small shaded grid of where the decoder looked (mean over heads of the last
 * cross-attention layer, or the RNN alignment) and the stage timings. The
 * rich views (every head, hidden states in color) belong to the REPL; --json
 * has everything.
 */
import stringWidth from "string-width";
import type { RunAttention, RunResult } from "../nn/run_result.ts";
import { formatMs } from "./table.ts";

/** Shades from weight 0 to 1: reads without color (level 0) too. */
const SHADES = [" ", "·", "░", "▒", "▓", "█"];

/** Renders a run result as plain text within `columns`. */
export function renderRun(result: RunResult, options: { columns?: number } = {}): string {
  const columns = options.columns ?? 80;
  const lines: string[] = [];
  const d = result.decoding;
  lines.push(`model   ${clean(result.model)} (${result.backend})`);
  lines.push(
    `input   ${
      result.input.tokens.map(showToken).join(" ")
    }  (${result.input.tokens.length} tokens + <eos>)`,
  );
  lines.push(`output  ${clean(result.output.text) || "(nothing)"}`);
  const method = d.method === "beam" ? `beam search, width ${d.beam}` : "greedy";
  const steps = d.steps;
  lines.push(
    `        ${method}, ${steps} step${steps === 1 ? "" : "s"}, ${
      d.finished ? "stopped at <eos>" : `reached the ${d.maxSteps}-step limit without <eos>`
    }${d.score === undefined ? "" : `, score ${d.score.toFixed(4)} (log-prob per token)`}`,
  );
  const shown = pickAttention(result.attention);
  if (shown) {
    lines.push("");
    lines.push(shown.title);
    lines.push(...grid(shown.rows, shown.cols, shown.weights, columns));
  }
  if (result.timings.length > 0) {
    lines.push("");
    lines.push(
      `timings ${
        result.timings.map((t) =>
          `${t.name} ${formatMs(t.wallMs)} ms${
            t.gpuMs === undefined ? "" : ` (GPU ${formatMs(t.gpuMs)} ms)`
          }`
        ).join(", ")
      }`,
    );
  }
  const kinds = new Set(result.attention.map((a) => a.kind));
  if (kinds.size > 0) {
    lines.push(
      `use --json for all ${result.attention.length} attention matrices (${
        [...kinds].join(", ")
      }) and ${result.hidden.length} layers of hidden states`,
    );
  }
  return lines.join("\n");
}

/** The matrix a learner wants first: the last cross-attention layer (mean of heads) or the RNN alignment. */
function pickAttention(
  attention: RunAttention[],
): { title: string; rows: string[]; cols: string[]; weights: number[][] } | null {
  const alignment = attention.find((a) => a.kind === "alignment");
  if (alignment) {
    return { title: "alignment (rows: output steps, cols: source)", ...alignment };
  }
  const cross = attention.filter((a) => a.kind === "cross");
  if (cross.length === 0) return null;
  const layer = Math.max(...cross.map((a) => a.layer));
  const heads = cross.filter((a) => a.layer === layer);
  const { rows, cols } = heads[0];
  const weights = rows.map((_, i) =>
    cols.map((_, j) => heads.reduce((s, h) => s + h.weights[i][j], 0) / heads.length)
  );
  return {
    title:
      `cross-attention, layer ${layer}, mean of ${heads.length} heads (rows: output steps, cols: source)`,
    rows,
    cols,
    weights,
  };
}

/** Shaded cells, two columns each, with row labels; cut (and said so) to fit `columns`. */
function grid(rows: string[], cols: string[], weights: number[][], columns: number): string[] {
  const rowLabels = rows.map(showToken);
  const labelWidth = Math.max(...rowLabels.map((l) => stringWidth(l)));
  const fit = Math.max(1, Math.floor((columns - labelWidth - 2) / 2));
  const shownCols = Math.min(cols.length, fit);
  const lines = rowLabels.map((label, i) => {
    const cells = weights[i].slice(0, shownCols).map((w) => shade(w).repeat(2)).join("");
    return `${label}${" ".repeat(labelWidth - stringWidth(label))}  ${cells}`;
  });
  lines.push(
    `${" ".repeat(labelWidth)}  cols: ${cols.slice(0, shownCols).map(showToken).join(" ")}`,
  );
  lines.push(
    `${" ".repeat(labelWidth)}  shades: ${
      SHADES.map((s, i) => `'${s}' ${(i / (SHADES.length - 1)).toFixed(1)}`).join(" ")
    }`,
  );
  if (shownCols < cols.length) {
    lines.push(
      `(${cols.length - shownCols} of ${cols.length} columns cut to fit ${columns} columns)`,
    );
  }
  return lines;
}

function shade(w: number): string {
  const i = Math.round(Math.min(1, Math.max(0, w)) * (SHADES.length - 1));
  return SHADES[i];
}

/** A token for display: a space shown as "␣", control characters escaped. */
function showToken(token: string): string {
  return token === " " ? "␣" : clean(token);
}

/** C0/C1 control characters (escape sequences included): never written raw. */
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function clean(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
