/**
 * Plays every lesson in both languages with --auto through the same dispatcher the REPL and
 * the shell use, in one session (so an experiment a Korean lesson measured is shown again by
 * its English twin instead of being measured twice), and checks every block ran without error.
 */
import assert from "node:assert/strict";
import { commands } from "../../src/cli/commands/mod.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
import { listLessons, readLesson } from "../../src/lessons/catalog.ts";
import { commandBlocks } from "../../src/lessons/lesson_format.ts";

const state = Deno.makeTempDirSync({ prefix: "attn-lessons-" });
const io = new RecordingIo(100);
const session = new Session(io);

for (const lang of ["ko", "en"] as const) {
  for (const entry of listLessons(lang)) {
    Deno.test({
      name: `lesson ${entry.id} --auto --lang ${lang} runs every block without an error`,
      sanitizeOps: false,
      sanitizeResources: false,
      async fn() {
        Deno.env.set("XDG_STATE_HOME", state);
        const from = io.stdout.length;
        const errFrom = io.stderr.length;
        const code = await runCommandLine(["lesson", entry.id, "--auto", "--lang", lang], {
          commands,
          session,
        });
        const errors = io.stderr.slice(errFrom).filter((l) =>
          !/showing the result measured|다시 보여 줍니다/.test(l)
        );
        assert.equal(code, 0, errors.join("\n"));
        assert.deepEqual(errors, [], "no error or warning lines");
        const out = io.stdout.slice(from).join("\n").replace(/\n {6}/g, " "); // wrapped commands
        const ran = commandBlocks(readLesson(entry)).flat();
        for (const command of ran) assert.ok(out.includes(`attn> ${command}`), `shown: ${command}`);
        assert.match(out, lang === "ko" ? /레슨 .* 마쳤습니다/ : /finished lesson/);
      },
    });
  }
}
