import { defineCommand, emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import type { Lang, Session } from "../session.ts";
import { commandMessages } from "../command_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { kernelPolicies, type KernelPolicy } from "../../engine/mod.ts";
import { parseColorLevel } from "../../render/color.ts";
import { colormapNames, isColormapName } from "../../render/colormaps.ts";
import { renderSettings, type SettingsResult } from "../../render/session_view.ts";
import { closestName } from "../../app/suggest.ts";
import { quoteInput } from "../../app/quote_input.ts";
import { imageSupportOf, noImagesNotice } from "../images/image_support.ts";

const say = messagesOf(commandMessages);

/** The options `set` knows and the values each takes (also used by Tab completion). */
export const settingValues: Readonly<Record<string, readonly string[]>> = {
  colormap: colormapNames,
  values: ["on", "off"],
  color: ["auto", "on", "off", "0", "1", "2", "3"],
  backend: ["auto", "webgpu", "cpu"],
  kernels: kernelPolicies,
  lang: ["ko", "en"],
  images: ["on", "off"],
};

/**
 * `set <option> <value>`: changes a session setting (the colormap of
 * heatmaps, values printed in cells, the color level, the backend, the kernel
 * policy, the language, images in the terminal). Without arguments, lists the settings.
 */
export const setCommand = defineCommand({
  name: "set",
  summary: "change a setting: set colormap|values|color|backend|kernels|lang|images <value>",
  examples: [
    "set",
    "set colormap magma",
    "set values on",
    "set color off",
    "set backend cpu",
    "set kernels reference",
    "set lang ko",
    "set images on",
  ],
  configure: (cmd) =>
    cmd.argument("[option]", `one of: ${Object.keys(settingValues).join(", ")}`)
      .argument("[value]", "the new value (set alone lists them)"),
  async run([option, value], _options, ctx) {
    if (option !== undefined) applySetting(ctx.session, option, value);
    if (option === "images" && ctx.session.images) {
      // Asked once a session; a terminal that cannot show them gets one line saying why.
      const support = await imageSupportOf(ctx.session);
      if (support.protocol === null) ctx.io.err(noImagesNotice(support.reason, ctx.session.lang));
    }
    const settings = await settingsOf(ctx.session, option);
    emit(ctx, settings, (r) => renderSettings(r, ctx.session.lang));
  },
});

/** Changes one setting, refusing unknown options and values with what is expected. */
export function applySetting(session: Session, option: string, value: string | undefined): void {
  const values = settingValues[option];
  if (!values) {
    const near = closestName(option, Object.keys(settingValues));
    const hint = near ? say("help.didYouMean", { near }) : "";
    const options = Object.keys(settingValues).join(", ");
    throw new UsageError(say("set.unknownOption", { options, typed: quoteInput(option), hint }));
  }
  if (value === undefined || !values.includes(value)) {
    const typed = value === undefined ? say("set.noValue") : quoteInput(value);
    throw new UsageError(say("set.badValue", { option, values: values.join("|"), typed }));
  }
  if (option === "colormap" && isColormapName(value)) session.colormapName = value;
  else if (option === "values") session.showValues = value === "on";
  else if (option === "color") {
    session.color = value === "auto" || value === "on" || value === "off"
      ? value
      : parseColorLevel(value)!;
  } else if (option === "backend") session.backendChoice = value as Session["backendChoice"];
  else if (option === "kernels") session.kernelPolicy = value as KernelPolicy;
  else if (option === "lang") session.lang = value as Lang;
  else if (option === "images") session.images = value === "on";
}

/** The settings as `set` shows them; the model is the one in use, as the banner says. */
async function settingsOf(session: Session, changed?: string): Promise<SettingsResult> {
  return {
    colormap: session.colormapName,
    values: session.showValues ? "on" : "off",
    color: session.color,
    backend: session.backendChoice,
    kernels: session.kernelPolicy,
    lang: session.sessionLang, // the setting; --lang changes one line only
    images: session.images ? "on" : "off",
    imageProtocol: session.images ? session.imageSupport?.protocol ?? null : null,
    model: await session.defaultModel(),
    modelChosen: session.model !== null,
    ...(changed ? { changed } : {}),
  };
}
