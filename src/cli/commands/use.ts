import { defineCommand, emit } from "../command.ts";
import { renderUse, type UseResult } from "../../render/session_view.ts";
import { checkPathLength } from "../../app/path_limit.ts";
import { describeModel } from "../../app/choose_model.ts";

/**
 * `use <model>`: makes a model the session's default, so `run`, `step` and
 * `compare` need no --model. The checkpoint is loaded and checked first: a file that is not an
 * attn checkpoint is refused in one line and the model in use stays. It reports what was
 * loaded (name, architecture, task, test exact match). Without an argument, says which model
 * is in use (the same one the banner and `set` name).
 */
export const useCommand = defineCommand({
  name: "use",
  summary: "choose the model run, step and compare use: use <model>",
  examples: ["use ko-en-transformer", "use ko-en-gru-bahdanau", "use", "use --json"],
  configure: (cmd) => cmd.argument("[model]", "a model from 'models', or a .safetensors path"),
  async run([spec], _options, ctx) {
    const session = ctx.session;
    const current = await session.defaultModel();
    const wanted = spec ?? current;
    if (spec !== undefined) checkPathLength("use", spec);
    const entry = wanted === null ? null : await describeModel(wanted, {
      weightsDir: session.weightsDir,
      kept: current,
      signal: ctx.signal,
    });
    if (spec !== undefined && entry !== null) session.model = entry.name;
    const result: UseResult = { model: entry?.name ?? null, chosen: session.model !== null, entry };
    emit(ctx, result, (r) => renderUse(r, session.lang));
  },
});
