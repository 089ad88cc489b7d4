import { defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import type { Session } from "../session.ts";
import { kernelPolicies, type KernelPolicy } from "../../engine/mod.ts";
import { parseColorLevel } from "../../render/color.ts";
import { colormapNames, isColormapName } from "../../render/colormaps.ts";
import { renderSettings, type SettingsResult } from "../../render/session_view.ts";
import { closestName } from "../../app/suggest.ts";
import { quoteInput } from "../../app/quote_input.ts";

/** The options `set` knows and the values each takes (also used by Tab completion). */
export const settingValues: Readonly<Record<string, readonly string[]>> = {
  colormap: colormapNames,
  values: ["on", "off"],
  color: ["auto", "on", "off", "0", "1", "2", "3"],
  backend: ["auto", "webgpu", "cpu"],
  kernels: kernelPolicies,
};

/**
 * `set <option> <value>`: changes a session setting (the colormap of
 * heatmaps, values printed in cells, the color level, the backend, the kernel
 * policy). Without arguments, lists the settings.
 */
export const setCommand = defineCommand({
  name: "set",
  summary: "change a setting: set colormap|values|color|backend|kernels <value>",
  examples: [
    "set",
    "set colormap magma",
    "set values on",
    "set color off",
    "set backend cpu",
    "set kernels reference",
  ],
  configure: (cmd) =>
    cmd.argument("[option]", `one of: ${Object.keys(settingValues).join(", ")}`)
      .argument("[value]", "the new value (set alone lists them)"),
  run([option, value], _options, ctx) {
    if (option !== undefined) applySetting(ctx.session, option, value);
    emit(ctx, settingsOf(ctx.session, option), renderSettings);
  },
});

/** Changes one setting, refusing unknown options and values with what is expected. */
export function applySetting(session: Session, option: string, value: string | undefined): void {
  const values = settingValues[option];
  if (!values) {
    const near = closestName(option, Object.keys(settingValues));
    throw new UsageError(
      `expected an option (${Object.keys(settingValues).join(", ")}), got ${quoteInput(option)}${
        near ? `; did you mean '${near}'?` : ""
      }`,
    );
  }
  if (value === undefined || !values.includes(value)) {
    throw new UsageError(
      `expected set ${option} ${values.join("|")}, got ${
        value === undefined ? "no value" : quoteInput(value)
      }`,
    );
  }
  if (option === "colormap" && isColormapName(value)) session.colormapName = value;
  else if (option === "values") session.showValues = value === "on";
  else if (option === "color") {
    session.color = value === "auto" || value === "on" || value === "off"
      ? value
      : parseColorLevel(value)!;
  } else if (option === "backend") session.backendChoice = value as Session["backendChoice"];
  else if (option === "kernels") session.kernelPolicy = value as KernelPolicy;
}

function settingsOf(session: Session, changed?: string): SettingsResult {
  return {
    colormap: session.colormapName,
    values: session.showValues ? "on" : "off",
    color: session.color,
    backend: session.backendChoice,
    kernels: session.kernelPolicy,
    model: session.model,
    ...(changed ? { changed } : {}),
  };
}
