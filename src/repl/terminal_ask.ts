/**
 * Asking the terminal a question at the attn> prompt (e.g. Primary Device Attributes, to learn
 * whether it draws sixel images). The terminal answers on stdin, which readline owns; while a
 * command runs the key router has its keys (key_router.ts). So the question is written, the raw
 * bytes that arrive are collected until the reply is whole, and meanwhile the router is muted so
 * that the reply's characters never turn into type-ahead at the next prompt.
 */
import type { Readable } from "node:stream";
import type { TerminalAsk } from "../cli/images/detect_images.ts";
import type { KeyRouter } from "./key_router.ts";

/** A TerminalAsk over `input` (stdin, raw), writing with `write`, muting `keys` meanwhile. */
export function terminalAsk(
  input: Readable,
  write: (text: string) => void,
  keys: KeyRouter,
): TerminalAsk {
  return (query, isComplete, timeoutMs) =>
    new Promise((resolve) => {
      let reply = "";
      const onData = (chunk: unknown) => {
        reply += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk as Uint8Array);
        if (isComplete(reply)) finish(reply);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      const finish = (answer: string | null) => {
        clearTimeout(timer);
        input.off("data", onData);
        keys.mute(false);
        resolve(answer);
      };
      keys.mute(true);
      input.on("data", onData);
      write(query);
    });
}
