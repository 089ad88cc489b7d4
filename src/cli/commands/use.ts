import { defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { listModels, ModelNotFoundError, resolveModel } from "../../models/weights/registry.ts";
import { renderUse, type UseResult } from "../../render/session_view.ts";
import { checkPathLength } from "../../app/path_limit.ts";

/**
 * `use <model>`: makes a model the session's default, so `run`, `step` and
 * `compare` need no --model. Without an argument, says which model is in use.
 */
export const useCommand = defineCommand({
  name: "use",
  summary: "choose the model run, step and compare use: use <model>",
  examples: ["use ko-en-transformer", "use ko-en-gru-bahdanau", "use", "use --json"],
  configure: (cmd) => cmd.argument("[model]", "a model from 'models', or a .safetensors path"),
  async run([spec], _options, ctx) {
    if (spec !== undefined) {
      checkPathLength("use", spec);
      try {
        ctx.session.model = (await resolveModel(spec, { dir: ctx.session.weightsDir })).name;
      } catch (e) {
        if (e instanceof ModelNotFoundError) throw new UsageError(e.message);
        throw e;
      }
    }
    const model = await ctx.session.defaultModel();
    const { models } = model === null
      ? { models: [] }
      : await listModels({ dir: ctx.session.weightsDir });
    const found = models.find((m) => m.name === model);
    let entry: UseResult["entry"] = null;
    if (found) {
      const { path: _path, ...rest } = found;
      entry = rest;
    }
    const result: UseResult = { model, chosen: ctx.session.model !== null, entry };
    emit(ctx, result, renderUse);
  },
});
