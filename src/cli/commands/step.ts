import { Option } from "commander";
import { type CommandDef, jsonText } from "../command.ts";
import { InterruptedError } from "../errors.ts";
import { shellPrompter } from "../prompter.ts";
import { checkText, runText } from "./run.ts";
import { meanOfHeads } from "./attn.ts";
import type { RunResult } from "../../models/run_result.ts";
import { rangeFor } from "../../render/colormap.ts";
import {
  renderStepAll,
  renderStepFrame,
  renderStepHeader,
  type StepFrame,
  type StepMatrix,
  type StepResult,
  type StepViewOptions,
} from "../../render/step_view.ts";

const HINT = "Enter: next step, a: all the rest, q: stop";

/**
 * `step <text...> [--all] [--model NAME]`: runs the sentence, then walks
 * through it: an RNN one encoder or decoder step per Enter (state strips, the
 * attention row being formed, the context vector), a Transformer one layer
 * per Enter. With --all, or when stdout is not a terminal, every frame at once.
 * The run becomes the session's last run (for `attn` and `hidden`).
 */
export const stepCommand: CommandDef = {
  name: "step",
  summary: "walk through a run one RNN step or Transformer layer per Enter: step <text> [--all]",
  examples: [
    "step 나는 학생이다",
    "step 나는 학생이다 --model ko-en-gru-bahdanau",
    "step abcdef --model reverse-gru-bahdanau --all",
    "step 나는 학생이다 --json",
  ],
  configure(cmd) {
    cmd.argument("<text...>", "the sentence (several words are joined with spaces)")
      .addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path"))
      .option("--all", "show every step at once instead of one per Enter");
  },
  async run(args, options, ctx) {
    const text = args.join(" ");
    checkText(text);
    const model = options.model === undefined ? undefined : String(options.model);
    const { result: run } = await runText(text, ctx, { model });
    const result = stepFrames(run);
    if (ctx.json) {
      ctx.io.out(jsonText(result));
      return;
    }
    const view: StepViewOptions = {
      palette: ctx.session.palette(),
      width: ctx.io.columns,
      colormap: ctx.session.colormap(),
      showValues: ctx.session.showValues,
    };
    let prompter = options.all || !ctx.io.isTty
      ? null
      : ctx.session.stepPrompter ?? shellPrompter();
    if (prompter === null) {
      ctx.io.out(renderStepAll(result, view));
      return;
    }
    ctx.io.out(renderStepHeader(result, view.width));
    for (let i = 0; i < result.frames.length; i++) {
      ctx.io.out(renderStepFrame(result, i, view));
      if (i === result.frames.length - 1 || prompter === null) continue;
      const answer = await prompter(HINT, ctx.signal);
      if (ctx.signal.aborted) throw new InterruptedError();
      if (answer === "quit") {
        ctx.io.out(`(stopped after frame ${i + 1}; attn and hidden show the whole run)`);
        return;
      }
      if (answer === "all") prompter = null;
    }
  },
};

/** The frames of `run`: RNN steps (encoder, then decoder) or Transformer layers. */
export function stepFrames(run: RunResult): StepResult {
  const transformer = run.attention.some((a) => a.kind === "cross" || a.kind === "encoder");
  const frames = transformer ? transformerFrames(run) : rnnFrames(run);
  const values: number[] = [];
  for (const f of frames) {
    if (f.kind === "transformer-layer") values.push(...f.output.flat());
    else values.push(...f.states.flat(), ...(f.kind === "rnn-decoder" ? f.context ?? [] : []));
  }
  return {
    model: run.model,
    family: transformer ? "transformer" : "rnn",
    input: [...run.input.tokens],
    output: run.output.text,
    frames,
    range: rangeFor("diverging", values),
  };
}

function layersOf(run: RunResult, where: "encoder" | "decoder"): number[][][] {
  return run.hidden.filter((h) => h.where === where).sort((a, b) => a.layer - b.layer)
    .map((h) => h.values);
}

function rnnFrames(run: RunResult): StepFrame[] {
  const source = [...run.input.tokens, "<eos>"];
  const encoder = layersOf(run, "encoder"); // [layer][step][unit]
  const decoder = layersOf(run, "decoder");
  const alignment = run.attention.find((a) => a.kind === "alignment") ?? null;
  const top = encoder.at(-1) ?? []; // h_j: the encoder's top-layer outputs
  const emitted = alignment?.rows ??
    [...run.output.tokens, ...(run.decoding.finished ? ["<eos>"] : [])];
  const frames: StepFrame[] = source.map((token, j) => ({
    kind: "rnn-encoder",
    step: j + 1,
    token,
    states: encoder.map((layer) => [...(layer[j] ?? [])]),
  }));
  const steps = decoder[0]?.length ?? 0;
  for (let t = 0; t < steps; t++) {
    const row = alignment?.weights[t] ?? null;
    frames.push({
      kind: "rnn-decoder",
      step: t + 1,
      token: emitted[t] ?? "?",
      attention: alignment
        ? {
          title: `alignment rows 1-${t + 1}: where each output step looked in the source`,
          rows: alignment.rows.slice(0, t + 1),
          cols: alignment.cols,
          weights: alignment.weights.slice(0, t + 1),
        }
        : null,
      context: row ? contextVector(row, top) : null,
      states: decoder.map((layer) => [...layer[t]]),
    });
  }
  return frames;
}

/** c = sum_j weights[j] * states[j] (Bahdanau et al. 2015, eq. 5). */
export function contextVector(weights: readonly number[], states: readonly number[][]): number[] {
  const units = states[0]?.length ?? 0;
  const c = new Array<number>(units).fill(0);
  weights.forEach((w, j) => {
    for (let u = 0; u < units; u++) c[u] += w * (states[j]?.[u] ?? 0);
  });
  return c;
}

function transformerFrames(run: RunResult): StepFrame[] {
  const frames: StepFrame[] = [];
  const mean = (kind: "encoder" | "decoder" | "cross", layer: number, title: string) => {
    const heads = run.attention.filter((a) => a.kind === kind && a.layer === layer);
    if (heads.length === 0) return [];
    const m: StepMatrix = {
      title: `${title}, mean of ${heads.length} heads`,
      rows: heads[0].rows,
      cols: heads[0].cols,
      weights: meanOfHeads(heads),
    };
    return [m];
  };
  const source = [...run.input.tokens, "<eos>"];
  const emitted = run.attention.find((a) => a.kind === "cross")?.rows ?? [];
  for (const where of ["encoder", "decoder"] as const) {
    for (const h of run.hidden.filter((h) => h.where === where).sort((a, b) => a.layer - b.layer)) {
      frames.push({
        kind: "transformer-layer",
        where,
        layer: h.layer,
        attention: where === "encoder"
          ? mean("encoder", h.layer, `encoder layer ${h.layer} self-attention`)
          : [
            ...mean("decoder", h.layer, `decoder layer ${h.layer} masked self-attention`),
            ...mean("cross", h.layer, `decoder layer ${h.layer} cross-attention`),
          ],
        labels: where === "encoder" ? source : emitted,
        output: h.values.map((r) => [...r]),
      });
    }
  }
  return frames;
}
