import { defineCommand, emit } from "../command.ts";
import { warningLine } from "../errors.ts";
import { formatMessage } from "../../platform/i18n/messages.ts";
import { cliMessages } from "../cli_messages.ts";
import { listModels } from "../../models/weights/registry.ts";
import { renderModels, sortModels } from "../../render/models_view.ts";

/**
 * `models [--json]` (docs/CONTRACT.md): the shipped models with their
 * architecture, attention, task, size and held-out accuracy (test exact match), grouped by
 * task, the model in use marked (`current` in --json). A file in weights/ that cannot be read
 * gets one warning line on stderr; the others are still listed.
 */
export const modelsCommand = defineCommand({
  name: "models",
  summary: "list the trained models that ship in weights/",
  examples: ["models", "models --json"],
  configure: (cmd) => cmd,
  async run(_args, _options, ctx) {
    const { models, problems } = await listModels({ dir: ctx.session.weightsDir });
    for (const p of problems) {
      ctx.io.err(
        warningLine(
          formatMessage(cliMessages, "cli.models.skipped", { problem: p }),
          ctx.session.lang,
        ),
      );
    }
    let current: string | null = null;
    try {
      current = await ctx.session.defaultModel();
    } catch {
      // weights/ unreadable: nothing is marked
    }
    const listed = sortModels(models).map((m) => ({
      ...m,
      current: current !== null && (current === m.name || current === m.path),
    }));
    emit(
      ctx,
      listed,
      (l) => renderModels(l, { width: ctx.io.columns, lang: ctx.session.lang, current }),
    );
  },
});
