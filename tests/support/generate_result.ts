/**
 * A hand-made `generate --json` result for view and figure tests: the prompt "나는" read as a
 * translation, two output tokens, and whatever steps and sampling the test needs.
 */
import type { GenerateResult, GenerateStepResult } from "../../src/app/generate_text.ts";

/** The result of generating `▁I ▁am` from "나는" with `steps` and `sampling` (default greedy). */
export function generateResult(
  steps: GenerateStepResult[],
  sampling: Partial<GenerateResult["sampling"]> = {},
): GenerateResult {
  return {
    model: "tiny",
    backend: "cpu",
    backendReason: "asked",
    mode: "translate",
    prompt: { text: "나는", tokens: ["<bos>", "▁나는", "<sep>"], ids: [1, 10, 4] },
    output: { tokens: ["▁I", "▁am"], ids: [11, 12], text: "I am" },
    sampling: { temperature: 0, topK: null, topP: 1, seed: 0, ...sampling },
    maxNew: 2,
    cache: true,
    cacheBytes: 2048,
    stopped: false,
    steps,
    attention: [],
    timings: [],
    warnings: [],
  };
}
