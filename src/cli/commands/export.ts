import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { checkOutPath, requireSafetensorsName } from "../out_path.ts";
import { exportModel } from "../../app/export_model.ts";
import { renderExport } from "../../render/export_view.ts";
import { commandMessages } from "../command_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";

const say = messagesOf(commandMessages);

/**
 * `export --model NAME|PATH --format torch --out FILE`: writes the weights
 * under PyTorch state_dict names (docs/CONTRACT.md "Checkpoints"). The model is
 * built first, so a checkpoint that does not fit its config is refused
 * before anything is written.
 */
export const exportCommand = defineCommand({
  name: "export",
  summary: "write a model's weights for PyTorch (load_state_dict(strict=True))",
  examples: [
    "export --model ko-en-transformer --format torch --out ~/.local/state/attn/ko-en.safetensors",
  ],
  configure: (cmd) =>
    cmd.addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path"))
      .addOption(
        new Option("--format <format>", "output format").choices(["torch"] as const)
          .default("torch" as const),
      )
      .addOption(new Option("--out <file>", "the .safetensors file to write")),
  async run(_args, options, ctx) {
    const spec = options.model ?? "";
    if (spec === "") throw new UsageError(say("export.noModel"));
    const given = options.out ?? "";
    if (given === "") throw new UsageError(say("export.noOut"));
    requireSafetensorsName("--out", given);
    const out = await checkOutPath("--out", given);
    emit(ctx, await exportModel(ctx.app, spec, out), (r) => renderExport(r, ctx.session.lang));
  },
});
