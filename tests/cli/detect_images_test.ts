/**
 * Finding out whether the terminal shows images (src/cli/images/detect_images.ts): from the
 * environment (kitty, Ghostty, iTerm2, WezTerm), never through tmux or screen, never when stdout
 * is not a terminal, and for sixel from a scripted Primary Device Attributes reply.
 */
import assert from "node:assert/strict";
import {
  DA1_QUERY,
  detectImages,
  deviceAttributes,
  type TerminalAsk,
  type TerminalProbe,
} from "../../src/cli/images/detect_images.ts";

/** A probe over `vars`, on a terminal, whose terminal replies `reply` (null: no reply). */
function probe(
  vars: Record<string, string>,
  reply: string | null = null,
  asked: string[] = [],
): TerminalProbe {
  const ask: TerminalAsk = (query, isComplete) => {
    asked.push(query);
    if (reply === null) return Promise.resolve(null);
    // The reply arrives in two pieces: the first is not whole yet.
    const half = reply.slice(0, 3);
    assert.equal(isComplete(half), false, `"${JSON.stringify(half)}" is not a whole reply`);
    return Promise.resolve(isComplete(reply) ? reply : null);
  };
  return { env: (name) => vars[name], stdoutIsTerminal: true, ask };
}

Deno.test("detectImages: the environment names kitty, Ghostty, iTerm2 and WezTerm", async () => {
  const cases: [Record<string, string>, string | null][] = [
    [{ TERM: "xterm-kitty" }, "kitty"],
    [{ TERM: "xterm-256color", KITTY_WINDOW_ID: "3" }, "kitty"],
    [{ TERM: "xterm-ghostty" }, "kitty"],
    [{ TERM: "xterm-256color", TERM_PROGRAM: "ghostty" }, "kitty"],
    [{ TERM: "xterm-256color", TERM_PROGRAM: "iTerm.app" }, "iterm2"],
    [{ TERM: "xterm-256color", TERM_PROGRAM: "WezTerm" }, "iterm2"],
    [{ TERM: "xterm-256color", TERM_PROGRAM: "Apple_Terminal" }, null],
    [{ TERM: "xterm-256color", KITTY_WINDOW_ID: "" }, null],
  ];
  for (const [vars, expected] of cases) {
    const asked: string[] = [];
    const found = await detectImages(probe(vars, "\x1b[?1;2c", asked));
    assert.equal(found.protocol, expected, JSON.stringify(vars));
    // The environment decides before the terminal is asked anything.
    assert.deepEqual(asked, expected === null ? [DA1_QUERY] : [], JSON.stringify(vars));
  }
});

Deno.test("detectImages: none through tmux or screen, none when stdout is not a terminal", async () => {
  const kitty = { TERM: "xterm-kitty" };
  assert.deepEqual(await detectImages(probe({ ...kitty, TMUX: "/tmp/tmux-0/default,1,0" })), {
    protocol: null,
    reason: "multiplexer",
  });
  assert.deepEqual(await detectImages(probe({ ...kitty, STY: "123.pts-0.host" })), {
    protocol: null,
    reason: "multiplexer",
  });
  const asked: string[] = [];
  const piped = { ...probe(kitty, "\x1b[?62;4c", asked), stdoutIsTerminal: false };
  assert.deepEqual(await detectImages(piped), { protocol: null, reason: "notTerminal" });
  assert.deepEqual(asked, [], "nothing asked when stdout is not a terminal");
});

Deno.test("detectImages: sixel when the DA1 reply has attribute 4, else none", async () => {
  const xterm = { TERM: "xterm-256color" };
  const asked: string[] = [];
  assert.deepEqual(await detectImages(probe(xterm, "\x1b[?63;1;2;4;6;9;15;22c", asked)), {
    protocol: "sixel",
    from: "deviceAttributes",
  });
  assert.deepEqual(asked, ["\x1b[c"]);
  for (const reply of ["\x1b[?1;2c", "\x1b[?64;44c", "\x1b[?c", null]) {
    assert.deepEqual(await detectImages(probe(xterm, reply)), {
      protocol: null,
      reason: "unsupported",
    }, JSON.stringify(reply));
  }
  // No terminal to ask (stdin not a terminal): no sixel, and no question either.
  assert.deepEqual(await detectImages({ ...probe(xterm), ask: null }), {
    protocol: null,
    reason: "unsupported",
  });
});

Deno.test("deviceAttributes: the numbers of a reply, wherever it sits in the input", () => {
  assert.deepEqual(deviceAttributes("\x1b[?62;4;22c"), [62, 4, 22]);
  assert.deepEqual(deviceAttributes("typed\x1b[?1;2c"), [1, 2]);
  assert.deepEqual(deviceAttributes("\x1b[?c"), []);
  assert.deepEqual(deviceAttributes("\x1b[?62;4"), [], "not whole yet");
});
