/**
 * Asking the terminal at the attn> prompt (src/repl/terminal_ask.ts) on a scripted stdin: the
 * question is written, a reply that arrives in pieces is collected until whole, and neither a
 * reply nor anything typed during the question becomes type-ahead; after a timeout (no reply)
 * keys are typing again.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { emitKeypressEvents } from "node:readline";
import { KeyRouter } from "../../src/repl/key_router.ts";
import { terminalAsk } from "../../src/repl/terminal_ask.ts";

/** A stdin that emits keypress events as readline's does, and a router taking its keys. */
function terminal() {
  const input = new PassThrough();
  emitKeypressEvents(input);
  const written: string[] = [];
  const keys = new KeyRouter(input, (text) => written.push(text));
  keys.begin(() => {});
  return { input, keys, written, ask: terminalAsk(input, (t) => written.push(t), keys) };
}

/** A whole DA1 reply. */
// deno-lint-ignore no-control-regex
const whole = (reply: string) => /\x1b\[\?[\d;]*c/.test(reply);

Deno.test("terminalAsk: writes the question, joins a reply sent in pieces, types nothing", async () => {
  const { input, keys, written, ask } = terminal();
  const asked = ask("\x1b[c", whole, 2000);
  assert.deepEqual(written, ["\x1b[c"]);
  input.write("\x1b[?62;");
  await new Promise((r) => setTimeout(r, 20));
  input.write("4;22c");
  assert.equal(await asked, "\x1b[?62;4;22c");
  input.write("ab");
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(keys.end(), "ab", "after the reply, keys are typing again; the reply is not");
});

Deno.test("terminalAsk: no reply within the time: null, and keys are typing again", async () => {
  const { input, keys, ask } = terminal();
  assert.equal(await ask("\x1b[c", whole, 30), null);
  input.write("x");
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(keys.end(), "x");
});
