import assert from "node:assert/strict";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
import { InterruptedError } from "../../src/cli/errors.ts";
import { displayWidth } from "../../src/render/layout.ts";
import { withTempState } from "../support/state.ts";

async function run(
  words: string[],
  options: { session?: Session; signal?: AbortSignal } = {},
): Promise<{ code: number; io: RecordingIo }> {
  const session = options.session ?? new Session(new RecordingIo(80));
  const io = session.io as RecordingIo;
  const code = await runCommandLine(words, { commands, session, signal: options.signal });
  return { code, io };
}

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "lesson alone lists the lessons with titles, in the session's language",
  opts,
  () =>
    withTempState(async () => {
      const ko = await run(["lesson", "--lang", "ko"]);
      assert.equal(ko.code, 0, ko.io.errText);
      assert.match(ko.io.outText, /01-rnn-limits +1강\./);
      assert.match(ko.io.outText, /시작: lesson <번호>/);
      for (const line of ko.io.outText.split("\n")) {
        assert.ok(displayWidth(line) <= 80, `wider than 80 columns: ${line}`);
      }
      const hint = ko.io.outText.trimEnd().split("\n\n").at(-1)!;
      assert.doesNotMatch(hint, /…/, "the hint wraps instead of being cut (titles may be cut)");
      const en = await run(["lesson", "--list", "--lang", "en", "--json"]);
      const list = JSON.parse(en.io.outText);
      assert.equal(list[0].name, "01-rnn-limits");
      assert.equal(list[0].lang, "en");
      assert.match(list[0].title, /^Lesson 1\./);
      assert.ok(list[0].steps >= 3);
      assert.equal(list[0].done, 0);
    }),
);

Deno.test(
  "an unknown lesson suggests the closest name; --json with a name is refused",
  opts,
  () =>
    withTempState(async () => {
      const unknown = await run(["lesson", "rnn-limit"]);
      assert.equal(unknown.code, 2);
      assert.match(
        unknown.io.errText,
        /^attn: unknown lesson 'rnn-limit'; did you mean 'rnn-limits'\?/,
      );
      const json = await run(["lesson", "1", "--json"]);
      assert.equal(json.code, 2);
      assert.match(json.io.errText, /--json applies to `lesson --list`/);
    }),
);

Deno.test(
  "q stops a lesson; the next `lesson` resumes there and the list shows progress",
  opts,
  () =>
    withTempState(async () => {
      const session = new Session(new RecordingIo(80));
      const answers = ["quit"];
      session.stepPrompter = () => Promise.resolve((answers.shift() as "quit") ?? "next");
      const first = await run(["lesson", "1", "--lang", "en"], { session });
      assert.equal(first.code, 0, first.io.errText);
      assert.match(
        first.io.outText,
        /\(lesson 01-rnn-limits stopped; 'lesson 1' resumes it at step 2 of \d+\)/,
      );
      const listed = await run(["lesson", "--lang", "en"], { session });
      assert.match(listed.io.outText, /^1\/\d+ +01-rnn-limits/m);
      const io = session.io as RecordingIo;
      const from = io.stdout.length;
      session.stepPrompter = () => Promise.resolve("quit");
      await run(["lesson", "1", "--lang", "en"], { session });
      assert.match(io.stdout.slice(from).join("\n"), /resuming at step 2 of \d+/);
      const restart = io.stdout.length;
      await run(["lesson", "1", "--lang", "en", "--restart"], { session });
      assert.doesNotMatch(io.stdout.slice(restart).join("\n"), /resuming/);
    }),
);

Deno.test(
  "Ctrl-C in a lesson exits 130 and says where it resumes; lessons do not nest",
  opts,
  () =>
    withTempState(async () => {
      const controller = new AbortController();
      controller.abort(new InterruptedError());
      const stopped = await run(["lesson", "1", "--auto"], { signal: controller.signal });
      assert.equal(stopped.code, 130);
      assert.match(
        stopped.io.errText,
        /lesson 01-rnn-limits stopped; 'lesson 1' resumes it at step 1 of \d+/,
      );
    }),
);
