/**
 * `run <text>` with a GPT: the sentence asked as a translation, `<bos> Korean <sep>`, continued
 * greedily until `<eos>`, and the self-attention (kind "decoder") of every layer and head over
 * the prompt and the output, as a {@link RunResult} so that `run`, `attn` and `--json` show it
 * like any other run. In that one grid the English rows attending to the Korean columns is the
 * cross-attention of the encoder-decoder, emerging inside self-attention.
 */
import type { AppContext } from "./context.ts";
import { generateText } from "./generate_text.ts";
import { UNK } from "../data/vocab.ts";
import type { RunResult } from "../models/run_result.ts";
import type { LoadedGpt } from "../models/weights/registry.ts";

/** Runs `text` through the GPT `loaded` names (already loaded: cached by the registry). */
export async function runGpt(
  app: AppContext,
  loaded: LoadedGpt,
  text: string,
  maxSteps: number | undefined,
): Promise<RunResult> {
  const encoded = loaded.tokenizer.encode(text);
  // --max-steps is checked against max_len; the prompt (<bos> text <sep>) takes its share first.
  const room = Math.max(1, loaded.config.maxLen - encoded.ids.length - 2);
  const result = await generateText(app, {
    prompt: text,
    model: loaded.path,
    temperature: 0,
    hidden: true,
    maxNew: maxSteps === undefined ? undefined : Math.min(maxSteps, room),
  });
  const emitted = result.output.tokens;
  const finished = result.stopped;
  const outputIds = finished ? result.output.ids.slice(0, -1) : result.output.ids;
  return {
    model: loaded.name,
    backend: result.backend,
    input: {
      tokens: encoded.ids.map((id, i) => (id === UNK ? "<unk>" : encoded.tokens[i])),
      written: encoded.tokens,
      ids: encoded.ids,
      unknown: encoded.ids.map((id) => id === UNK),
    },
    output: {
      tokens: loaded.tokenizer.tokensOf(outputIds),
      text: loaded.tokenizer.decode(outputIds),
    },
    attention: result.attention,
    hidden: result.hidden ?? [],
    timings: result.timings,
    decoding: {
      method: "greedy",
      steps: emitted.length,
      maxSteps: result.maxNew,
      finished,
    },
    warnings: result.warnings,
  };
}
