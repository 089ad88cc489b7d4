/**
 * The session's answer to "can this terminal show images?": asked once (detect_images.ts),
 * from the process's environment, whether stdout is a terminal and, at the interactive prompt,
 * the terminal itself; kept on the session for every later view.
 */
import type { Session } from "../session.ts";
import type { Lang } from "../../platform/i18n/messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { escapeForTerminal } from "../../render/escape.ts";
import { commandMessages } from "../command_messages.ts";
import { detectImages, type ImageSupport, type NoImagesReason } from "./detect_images.ts";

const say = messagesOf(commandMessages);

/** An environment variable, or undefined when unset or unreadable (no --allow-env). */
export function envVar(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** What the session's terminal can show, detected at the first call and kept. */
export async function imageSupportOf(session: Session): Promise<ImageSupport> {
  session.imageSupport ??= await detectImages({
    env: envVar,
    stdoutIsTerminal: session.io.isTty,
    ask: session.askTerminal,
  });
  return session.imageSupport;
}

/** The one line `set images on` prints when the terminal cannot show images, in `lang`. */
export function noImagesNotice(reason: NoImagesReason, lang: Lang): string {
  const why = reason === "unsupported"
    ? say("set.noImages.unsupported", { term: escapeForTerminal(envVar("TERM") || "-") })
    : say(reason === "notTerminal" ? "set.noImages.notTerminal" : "set.noImages.multiplexer");
  return `attn: ${say("set.noImages", { why })[lang]}`;
}
