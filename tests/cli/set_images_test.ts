/**
 * `set images on|off` through the command line a user types (runCommandLine, as the REPL runs
 * it): the setting and the protocol found show in `set`'s list and JSON; a terminal without
 * images, a multiplexer or an output that is not a terminal get one line saying so, in English
 * or Korean. (The REPL on a real terminal: tests/repl/inline_images_tty_test.ts.)
 */
import assert from "node:assert/strict";
import { runCommandLine } from "../../src/cli/program.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { withEnv } from "../support/state.ts";
import { PNG_SCALE } from "../../src/cli/figure_out.ts";
import { pngSize } from "../../src/render/inline/png_size.ts";

/** The variables detection reads, all unset but those given. */
function terminal(vars: Record<string, string>): Record<string, string | undefined> {
  const none = { TERM: undefined, TERM_PROGRAM: undefined, KITTY_WINDOW_ID: undefined };
  return { ...none, TMUX: undefined, STY: undefined, ...vars };
}

async function setImages(isTty: boolean, lang: "en" | "ko" = "en") {
  const io = new RecordingIo(80, isTty);
  const session = new Session(io);
  session.lang = lang;
  const code = await runCommandLine(["set", "images", "on"], { commands, session });
  const json = new RecordingIo(80, isTty);
  const listed = new Session(json);
  Object.assign(listed, { images: session.images, imageSupport: session.imageSupport });
  await runCommandLine(["set", "--json"], { commands, session: listed });
  return { code, out: io.outText, err: io.errText, json: JSON.parse(json.outText), session };
}

Deno.test("set images on in kitty: on (kitty) in the list and JSON, no notice", async () => {
  await withEnv(terminal({ TERM: "xterm-kitty" }), async () => {
    const r = await setImages(true);
    assert.equal(r.code, 0);
    assert.equal(r.err, "");
    assert.match(r.out, /^\* images\s+on \(kitty\)\s+on: views draw their picture inline/m);
    assert.equal(r.json.images, "on");
    assert.equal(r.json.imageProtocol, "kitty");
  });
});

Deno.test("set images on without support: one line why, the setting on with text only", async () => {
  await withEnv(terminal({ TERM: "xterm-256color" }), async () => {
    const r = await setImages(true);
    assert.equal(r.code, 0);
    assert.equal(
      r.err,
      "attn: note: no images in this terminal: it speaks none of kitty's, iTerm2's or sixel image " +
        "protocols (TERM=xterm-256color); views keep the text grid\n",
    );
    assert.match(r.out, /^\* images\s+on \(text only\)/m);
    assert.deepEqual([r.json.images, r.json.imageProtocol], ["on", null]);
    const ko = await setImages(true, "ko");
    assert.equal(
      ko.err,
      "attn: 참고: 이 터미널에서는 이미지를 보일 수 없습니다: kitty, iTerm2, sixel 이미지 방식을 하나도 " +
        "지원하지 않습니다 (TERM=xterm-256color). 뷰는 텍스트 격자로 나옵니다\n",
    );
    assert.match(ko.out, /^\* images\s+on \(텍스트만\)\s+on: 터미널이 지원하면/m);
  });
  await withEnv(terminal({ TERM: "xterm-kitty", TMUX: "/tmp/tmux-1/default,7,0" }), async () => {
    const r = await setImages(true);
    assert.match(r.err, /^attn: note: no images in this terminal: tmux or screen sits between/);
    assert.equal(r.err.split("\n").length, 2, "one line");
  });
  await withEnv(terminal({ TERM: "xterm-kitty" }), async () => {
    const r = await setImages(false, "ko");
    assert.equal(
      r.err,
      "attn: 참고: 이 터미널에서는 이미지를 보일 수 없습니다: 출력이 터미널이 아닙니다. " +
        "뷰는 텍스트 격자로 나옵니다\n",
    );
  });
});

Deno.test("set images off: off in the list, and nothing is asked or said", async () => {
  await withEnv(terminal({ TERM: "xterm-256color" }), async () => {
    const io = new RecordingIo(80, true);
    const session = new Session(io);
    session.askTerminal = () => Promise.reject(new Error("asked"));
    assert.equal(await runCommandLine(["set", "images", "off"], { commands, session }), 0);
    assert.equal(io.errText, "");
    assert.match(io.outText, /^\* images\s+off/m);
    assert.equal(session.imageSupport, null);
  });
});

Deno.test("a view with a figure under images on: sixel or iTerm2 codes after the text, none with --json", async () => {
  const io = new RecordingIo(120, true);
  const session = new Session(io);
  session.backendChoice = "cpu";
  session.images = true;
  const run = async (...extra: string[]) => {
    io.stdout.length = 0;
    const code = await runCommandLine(["run", "나는", "학생이다", ...extra], { commands, session });
    assert.equal(code, 0, io.errText);
    return io.outText;
  };
  session.imageSupport = { protocol: "sixel", from: "deviceAttributes" };
  const sixel = await run();
  // deno-lint-ignore no-control-regex
  const [, width, height] = sixel.match(/\x1bP9;1;0q"1;1;(\d+);(\d+)/)!.map(Number);
  assert.ok(width > 100 && height > 50, `${width}x${height}`);
  const registers = sixel.match(/#(\d+);2;\d+;\d+;\d+/g)!;
  assert.ok(registers.length >= 2 && registers.length <= 256, `${registers.length} registers`);
  assert.ok(sixel.endsWith("\x1b\\\n"), "the image ends the output, on a line of its own");
  assert.ok(sixel.indexOf("output") < sixel.indexOf("\x1bP"), "under the text view");

  session.imageSupport = { protocol: "iterm2", from: "environment" };
  const iterm = await run();
  const [, size, columns, base64] = iterm.match(
    // deno-lint-ignore no-control-regex
    /\x1b\]1337;File=name=[^;]+;size=(\d+);width=(\d+);height=auto;[^:]*:([^\x07]+)\x07/,
  )!;
  const png = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  assert.equal(png.length, Number(size));
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  // The PNG is drawn at twice the figure's size (PNG_SCALE): sixel gets the figure's own size
  // back, iTerm2 the PNG itself shown over one column per 8 of the figure's pixels.
  assert.equal(PNG_SCALE, 2);
  assert.deepEqual([pngSize(png).width, pngSize(png).height], [2 * width, 2 * height]);
  assert.equal(Number(columns), Math.min(120, Math.ceil(width / 8)));

  const json = await run("--json");
  assert.doesNotThrow(() => JSON.parse(json), "stdout is the JSON alone");
});

Deno.test("help set names images among the options, in Korean too", async () => {
  for (
    const [lang, line] of [[
      "en",
      "one of: colormap, values, color, backend, kernels, lang, images",
    ], [
      "ko",
      "colormap, values, color, backend, kernels, lang, images 중 하나",
    ]]
  ) {
    const io = new RecordingIo(100, false);
    const session = new Session(io);
    assert.equal(await runCommandLine(["help", "set", "--lang", lang], { commands, session }), 0);
    assert.ok(io.outText.includes(`  ${line}\n`), io.outText);
    assert.match(io.outText, /^\s+set images on$/m);
  }
});
