import type { Session } from "../cli/session.ts";
import { WebGpuBackend } from "../engine/webgpu/backend.ts";
import { formatMessage } from "../platform/i18n/messages.ts";
import { displayWidth, wrapWidth } from "../render/layout.ts";
import { bannerMessages } from "./banner_messages.ts";

/**
 * The REPL's first lines: what runs where (backend and adapter), the model
 * `run` will use, and how to get help, in the session's language and wrapped to
 * the terminal's width (a 60-column terminal gets no line longer than 60). Opening the
 * backend here also warms it up, so the first command does not pay for the adapter.
 */
export async function banner(session: Session): Promise<string> {
  const lang = session.lang;
  const say = (id: keyof typeof bannerMessages) => bannerMessages[id][lang];
  let device: string;
  try {
    const { backend } = await session.backend();
    device = backend instanceof WebGpuBackend
      ? formatMessage(bannerMessages, "banner.webgpu", { adapter: backend.rt.adapterName })[lang]
      : say("banner.cpu");
  } catch (e) {
    const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
    device = formatMessage(bannerMessages, "banner.nobackend", { reason })[lang];
  }
  let model: string | null = null;
  try {
    model = await session.defaultModel();
  } catch {
    // weights/ unreadable: say there is no model
  }
  const width = session.io.columns;
  const lines = [
    say("banner.title"),
    formatMessage(bannerMessages, "banner.backend", { device })[lang],
    formatMessage(bannerMessages, "banner.model", { model: model ?? say("banner.nomodel") })[lang],
    say("banner.help"),
  ];
  // A wrapped backend or model line continues under its value, not under the label.
  const label = displayWidth(formatMessage(bannerMessages, "banner.model", { model: "" })[lang]);
  return lines.flatMap((line, i) => hangingLines(line, i === 1 || i === 2 ? label : 0, width))
    .join("\n");
}

/** `line` wrapped to `width`, its second and later lines indented by `indent`. */
function hangingLines(line: string, indent: number, width: number): string[] {
  const [first, ...rest] = wrapWidth(line, width);
  if (rest.length === 0 || indent === 0) return [first, ...rest];
  const tail = wrapWidth(rest.join(" "), Math.max(10, width - indent));
  return [first, ...tail.map((l) => " ".repeat(indent) + l)];
}
