/**
 * Ctrl-C while a lesson runs one of its commands: one line on stderr saying where the lesson
 * resumes (it used to be two, the command's "attn: interrupted" and then the lesson's).
 * Through a real process and a real SIGINT. On WebGPU, because the cpu backend's benchmarks and
 * experiments compute without yielding, so a SIGINT is only seen once they finish.
 */
import assert from "node:assert/strict";
import { attnCommand } from "../support/run_attn.ts";
import { withTempHome } from "../support/state.ts";
import { gpuTest } from "../support/gpu.ts";

Deno.test(
  "Ctrl-C during a lesson's command: one line, where the lesson resumes",
  gpuTest,
  async () => {
    await withTempHome(async (home) => {
      const child = attnCommand(["lesson", "1", "--auto", "--lang", "en"], {
        env: { HOME: home, XDG_RUNTIME_DIR: "" },
      }).spawn();
      const stderr = new Response(child.stderr).text();
      // Wait until the lesson runs a command that takes a while (a benchmark), then press Ctrl-C.
      const slow = /attn> (bench|experiment) /;
      let seen = "";
      let pressed = false;
      const decoder = new TextDecoder();
      for await (const chunk of child.stdout) { // read on to the end: a closed pipe would end attn
        seen += decoder.decode(chunk, { stream: true });
        if (!pressed && slow.test(seen)) {
          child.kill("SIGINT");
          pressed = true;
        }
      }
      const { code } = await child.status;
      const lines = (await stderr).trim().split("\n");
      assert.ok(pressed, "lesson 1 runs a benchmark or an experiment");
      assert.equal(code, 130, lines.join("\n"));
      assert.equal(lines.length, 1, lines.join("\n"));
      assert.match(
        lines[0],
        /^attn: (.*; )?lesson 01-rnn-limits stopped; 'lesson 1' resumes it at step \d+ of \d+$/,
      );
    });
  },
);
