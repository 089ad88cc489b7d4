import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { lastRunOf } from "../last_run.ts";
import { selectHidden } from "../../app/select_hidden.ts";
import { renderHidden } from "../../render/hidden_view.ts";

/**
 * `hidden [layer] [--where encoder|decoder]`: the last run's hidden states of
 * one layer (default the last of the encoder and of the decoder) as colored strips: for an RNN the state after
 * every step, for a Transformer the layer's output at every position.
 */
export const hiddenCommand = defineCommand({
  name: "hidden",
  summary: "show the last run's hidden states as colored strips: hidden [layer]",
  examples: ["hidden", "hidden 0", "hidden 1 --where encoder", "hidden --json"],
  configure: (cmd) =>
    cmd.argument("[layer]", "layer number as in run --json, from 0 (default the last)")
      .addOption(
        new Option("--where <part>", "only the encoder or only the decoder").choices(
          ["encoder", "decoder"] as const,
        ),
      ),
  run([layer], options, ctx) {
    const run = lastRunOf(ctx.session, "hidden");
    emit(
      ctx,
      selectHidden(run, layer, options.where),
      (r) =>
        renderHidden(r, {
          palette: ctx.session.palette(),
          width: ctx.io.columns,
          lang: ctx.session.lang,
        }),
    );
  },
});
