/**
 * A GPT's self-attention (and, for `run`, hidden states) over a whole sequence, for the views: one forward pass over the
 * prompt and the generated tokens with a trace, read back in one round trip, one entry per
 * layer and head (docs/CONTRACT.md `run --json` attention, kind "decoder"). Rows and columns
 * are the same tokens: row i is what position i read, and under the causal mask only columns
 * 0..i carry weight. In a translation prompt the English rows attend to the Korean columns:
 * cross-attention emerging inside self-attention.
 */
import { keep, Tensor, tidy } from "../engine/mod.ts";
import type { Gpt } from "../models/gpt.ts";
import type { RunAttention, RunHidden } from "../models/run_result.ts";
import { TraceRecorder } from "../models/trace.ts";

/** Significant digits kept in the JSON (float32 carries about 7). */
const DIGITS = 6;

/** Every layer's and head's attention weights over `ids` (labels `tokens`, the same length). */
export async function gptAttention(
  model: Gpt,
  ids: readonly number[],
  tokens: readonly string[],
): Promise<RunAttention[]> {
  return (await gptTrace(model, ids, tokens, { hidden: false })).attention;
}

/**
 * The same pass's attention and, with `hidden`, every layer's output (`run --json` hidden,
 * where "decoder", values[position][dim]): read back in the same round trip.
 */
export async function gptTrace(
  model: Gpt,
  ids: readonly number[],
  tokens: readonly string[],
  options: { hidden: boolean },
): Promise<{ attention: RunAttention[]; hidden: RunHidden[] }> {
  const backend = model.tokEmbed.weight.backend;
  const trace = new TraceRecorder();
  const logits = tidy(() => {
    const input = Tensor.from(backend, ids, [1, ids.length]); // [1, T]
    const out = model.forward(input, { trace }); // [1, T, V]
    for (const a of trace.attention) keep(a.weights); // [1, h, T, T] each
    if (options.hidden) { for (const h of trace.hidden) keep(h.values); // [1, T, d] each
     }
    return out;
  });
  const states = options.hidden ? trace.hidden : [];
  try {
    const [weights, values] = await Promise.all([
      Promise.all(trace.attention.map((a) => a.weights.toArray())),
      Promise.all(states.map((h) => h.values.toArray())),
    ]);
    const entries: RunAttention[] = [];
    trace.attention.forEach((record, i) => {
      const [, heads, tq, tk] = record.weights.shape;
      for (let h = 0; h < heads; h++) {
        const rows = Array.from({ length: tq }, (_, q) => {
          const from = (h * tq + q) * tk;
          return Array.from(weights[i].subarray(from, from + tk), (w) => round(w));
        });
        entries.push({
          kind: "decoder",
          layer: record.layer,
          head: h,
          rows: [...tokens],
          cols: [...tokens],
          weights: rows,
        });
      }
    });
    const hidden: RunHidden[] = states.map((record, i) => {
      const [, positions, d] = record.values.shape;
      return {
        where: "decoder",
        layer: record.layer,
        values: Array.from(
          { length: positions },
          (_, t) => Array.from(values[i].subarray(t * d, (t + 1) * d), (v) => round(v)),
        ),
      };
    });
    return { attention: entries, hidden };
  } finally {
    for (const h of states) h.values.dispose();
    for (const a of trace.attention) a.weights.dispose();
    logits.dispose();
  }
}

function round(x: number): number {
  return Number(x.toPrecision(DIGITS));
}
