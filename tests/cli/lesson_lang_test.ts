/**
 * A lesson's --lang holds for that lesson only (issue #16 item 8), and `lesson 1` resumes the
 * lesson the learner left, in its language, at the step they left, through the dispatcher the
 * attn> prompt uses (its step prompter answering q at the first pause).
 */
import assert from "node:assert/strict";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";
import { withTempState } from "../support/state.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** A Korean session at the prompt whose learner presses q at every pause. */
function koreanSession(): Session {
  const session = new Session(new RecordingIo(80));
  session.lang = "ko";
  session.backendChoice = "cpu";
  session.isRepl = true;
  session.stepPrompter = () => Promise.resolve("quit");
  return session;
}

/** Runs one line in `session`; what it printed on stdout and stderr. */
async function line(session: Session, text: string) {
  const io = session.io as RecordingIo;
  const [out, err] = [io.stdout.length, io.stderr.length];
  const code = await runCommandLine(text.split(" "), { commands, session });
  return { code, out: io.stdout.slice(out).join("\n"), err: io.stderr.slice(err).join("\n") };
}

Deno.test(
  "lesson --lang en plays English once; the session stays Korean",
  opts,
  () =>
    withTempState(async () => {
      const session = koreanSession();
      const en = await line(session, "lesson 1 --lang en");
      assert.equal(en.code, 0, en.err);
      assert.match(en.out, /^Lesson 1\. An RNN reads one token at a time/m);
      assert.match(
        en.out,
        /\(lesson 01-rnn-limits stopped; 'lesson 1' resumes it at step 2 of \d+\)/,
      );
      const settings = JSON.parse((await line(session, "set --json")).out);
      assert.equal(settings.lang, "ko", "--lang of a lesson does not become the session's");
      assert.match((await line(session, "lesson")).out, /시작: lesson <번호>/);
      assert.match((await line(session, "runn")).err, /^attn: 없는 명령입니다/);
    }),
);

Deno.test(
  "lesson 1 resumes the lesson the learner left, at the step they left",
  opts,
  () =>
    withTempState(async () => {
      const session = koreanSession();
      await line(session, "lesson 1 --lang en");
      // No --lang: the English lesson left at step 2, in English, says so.
      const resumed = await line(session, "lesson 1");
      assert.equal(resumed.code, 0, resumed.err);
      assert.match(
        resumed.out,
        /^\(resuming the English lesson you left at step 2 of (\d+); lesson 1 --lang ko starts the Korean one\)/,
      );
      assert.match(
        resumed.out,
        /\(lesson 01-rnn-limits stopped; 'lesson 1' resumes it at step 3 of/,
      );
      // --lang ko starts the Korean lesson; stopped, it is the one `lesson 1` resumes.
      const ko = await line(session, "lesson 1 --lang ko");
      assert.doesNotMatch(ko.out, /resum|이어서 합니다/);
      assert.match(
        ko.out,
        /\(레슨 01-rnn-limits 멈춤\. 'lesson 1'로 \d+단계 중 2단계부터 이어 갑니다\)/,
      );
      const again = await line(session, "lesson 1");
      assert.match(
        again.out,
        /^\(\d+단계 중 2단계부터 이어서 합니다\. 처음부터: lesson 1 --restart\)/,
      );
      for (const text of [ko.out, ko.err, again.out, again.err]) {
        assert.deepEqual(unresolvedParticles(text), []);
      }
    }),
);
