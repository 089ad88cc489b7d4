/**
 * Whether the terminal can show images, and with which protocol: found out, never assumed.
 * The environment first, since the terminals that speak kitty's or iTerm2's protocol say who they
 * are there; then, for sixel, the terminal itself is asked (Primary Device Attributes, `ESC [ c`:
 * attribute 4 in the reply means sixel graphics), only when there is a terminal to ask.
 * Inside tmux or GNU screen an image would have to be wrapped to pass through to the terminal
 * outside; attn does not wrap them, so there it says images are not available.
 */
import type { ImageProtocol } from "../../render/inline/inline_image.ts";

/**
 * Sends `query` to the terminal and collects its reply until `isComplete` says it is whole;
 * null when none came within `timeoutMs`. Only the interactive REPL has one (it owns stdin).
 */
export type TerminalAsk = (
  query: string,
  isComplete: (reply: string) => boolean,
  timeoutMs: number,
) => Promise<string | null>;

/** Why images are not shown: output not a terminal, a multiplexer in between, or no protocol. */
export type NoImagesReason = "notTerminal" | "multiplexer" | "unsupported";

/** What detection found. */
export type ImageSupport =
  | { protocol: ImageProtocol; from: "environment" | "deviceAttributes" }
  | { protocol: null; reason: NoImagesReason };

/** What detection reads: the environment, whether stdout is a terminal, and a way to ask it. */
export interface TerminalProbe {
  env: (name: string) => string | undefined;
  stdoutIsTerminal: boolean;
  /** null when stdin and stdout are not both terminals (nothing to ask, nobody to answer). */
  ask: TerminalAsk | null;
}

/** Primary Device Attributes, the question every VT100 descendant answers. */
export const DA1_QUERY = "\x1b[c";

/**
 * How long to wait for the reply: a local terminal answers in milliseconds; the margin is for a
 * terminal at the far end of a slow ssh link (asked once a session, so the wait is rare).
 */
export const DA1_TIMEOUT_MS = 500;

/** A whole DA1 reply: CSI ? <numbers separated by ;> c. */
// deno-lint-ignore no-control-regex
const DA1_REPLY = /\x1b\[\?([\d;]*)c/;

/** The terminal's image protocol, or why there is none. */
export async function detectImages(probe: TerminalProbe): Promise<ImageSupport> {
  if (!probe.stdoutIsTerminal) return { protocol: null, reason: "notTerminal" };
  const set = (name: string) => (probe.env(name) ?? "") !== "";
  if (set("TMUX") || set("STY")) return { protocol: null, reason: "multiplexer" };
  const fromEnv = protocolFromEnvironment(probe.env);
  if (fromEnv) return { protocol: fromEnv, from: "environment" };
  if (probe.ask) {
    const reply = await probe.ask(DA1_QUERY, (r) => DA1_REPLY.test(r), DA1_TIMEOUT_MS);
    if (reply !== null && deviceAttributes(reply).includes(4)) {
      return { protocol: "sixel", from: "deviceAttributes" };
    }
  }
  return { protocol: null, reason: "unsupported" };
}

/**
 * The protocol the environment names. kitty sets TERM=xterm-kitty and KITTY_WINDOW_ID; Ghostty
 * TERM_PROGRAM=ghostty (TERM=xterm-ghostty) and speaks kitty's protocol; iTerm2 sets
 * TERM_PROGRAM=iTerm.app. WezTerm speaks both iTerm2's and kitty's, but its kitty support is off
 * unless its configuration turns it on, so it gets iTerm2's.
 */
export function protocolFromEnvironment(
  env: (name: string) => string | undefined,
): ImageProtocol | null {
  const term = env("TERM") ?? "";
  const program = env("TERM_PROGRAM") ?? "";
  if (term === "xterm-kitty" || (env("KITTY_WINDOW_ID") ?? "") !== "") return "kitty";
  if (program === "ghostty" || term === "xterm-ghostty") return "kitty";
  if (program === "iTerm.app" || program === "WezTerm") return "iterm2";
  return null;
}

/** The attribute numbers of a DA1 reply (`ESC [ ? 62 ; 4 ; 22 c` -> [62, 4, 22]); [] if none. */
export function deviceAttributes(reply: string): number[] {
  const match = DA1_REPLY.exec(reply);
  if (!match || match[1] === "") return [];
  return match[1].split(";").filter((p) => p !== "").map(Number);
}
