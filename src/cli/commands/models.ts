import { defineCommand, emit } from "../command.ts";
import { warningLine } from "../errors.ts";
import { listModels } from "../../models/weights/registry.ts";
import { renderModels } from "../../render/models_view.ts";

/**
 * `models [--json]` (docs/CONTRACT.md): the shipped models with their
 * architecture, attention, task, size and held-out accuracy. A file in
 * weights/ that cannot be read gets one warning line on stderr; the others
 * are still listed.
 */
export const modelsCommand = defineCommand({
  name: "models",
  summary: "list the trained models that ship in weights/",
  examples: ["models", "models --json"],
  configure: (cmd) => cmd,
  async run(_args, _options, ctx) {
    const { models, problems } = await listModels();
    for (const p of problems) ctx.io.err(warningLine(`skipped ${p}`));
    emit(ctx, models, renderModels);
  },
});
