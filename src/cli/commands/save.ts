import { defineCommand, emit } from "../command.ts";
import { AttnError } from "../errors.ts";
import { checkOutPath, requireSafetensorsName } from "../out_path.ts";
import { saveTrained } from "../../train/save_trained.ts";
import { renderSaveOutcome } from "../../render/train_view.ts";
import { commandMessages } from "../command_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { messageOf } from "../../platform/i18n/bilingual_error.ts";

const say = messagesOf(commandMessages);

/**
 * `save FILE.safetensors`: at the attn> prompt, writes the model `train` produced last: after
 * a train without --out, or to retry when its save failed (a full disk). Like `train --out`
 * it never writes over a better model: that file stays and this one goes beside it
 * (src/train/save_trained.ts). `--json` prints what was written where.
 */
export const saveCommand = defineCommand({
  name: "save",
  summary: "save the model trained last at this prompt (save ~/.local/state/attn/m.safetensors)",
  examples: [
    "save ~/.local/state/attn/reverse.safetensors",
  ],
  configure: (cmd) =>
    cmd.argument("<file>", "the .safetensors file to write (a better model already there is kept)"),
  async run([given], _options, ctx) {
    requireSafetensorsName("save FILE", given);
    const trained = ctx.session.trained;
    if (trained === null) {
      throw new AttnError(say(ctx.session.isRepl ? "save.nothingRepl" : "save.nothingShell"));
    }
    const path = await checkOutPath("save", given);
    try {
      const outcome = await saveTrained(trained.model, path);
      emit(ctx, outcome, (o) => renderSaveOutcome(o, ctx.session.lang));
    } catch (e) {
      const why = messageOf(e);
      const reason = { en: why.en.split("\n")[0], ko: why.ko.split("\n")[0] };
      throw new AttnError(say("save.failed", { reason }));
    }
  },
});
