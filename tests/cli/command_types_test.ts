/**
 * A command's options and arguments are typed from its own commander declaration
 * (@commander-js/extra-typings): `run` gets `options.model: string | undefined`, not
 * `Record<string, unknown>`, and a misspelt option does not compile. These checks are made by
 * the type checker when the test file is loaded; the test then runs the command once.
 */
import assert from "node:assert/strict";
import { Option } from "@commander-js/extra-typings";
import { defineCommand } from "../../src/cli/command.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { RecordingIo } from "../../src/cli/io.ts";
import { Session } from "../../src/cli/session.ts";
import { parseTrainAllOptions } from "../../src/cli/train_all.ts";

const seen: unknown[] = [];

const typed = defineCommand({
  name: "typed",
  summary: "a command whose run sees typed arguments and options",
  examples: [],
  configure: (cmd) =>
    cmd.argument("<words...>", "some words")
      .addOption(new Option("--model <name>", "a model"))
      .addOption(new Option("--where <part>", "a part").choices(["encoder", "decoder"] as const))
      .option("--all", "a flag"),
  run([words], options) {
    const list: string[] = words;
    const model: string | undefined = options.model;
    const where: "encoder" | "decoder" | undefined = options.where;
    const all: true | undefined = options.all;
    // @ts-expect-error: no such option was declared
    void options.modle;
    seen.push(list, model, where, all);
  },
});

Deno.test("run receives the arguments and options its configure declared, typed", async () => {
  const io = new RecordingIo();
  const code = await runCommandLine(
    ["typed", "a", "b", "--model", "m", "--where", "decoder", "--all"],
    { commands: [typed], session: new Session(io) },
  );
  assert.equal(code, 0, io.errText);
  assert.deepEqual(seen, [["a", "b"], "m", "decoder", true]);
});

Deno.test("train --all reads its options typed as train declares them, not as unknowns", () => {
  const setup = parseTrainAllOptions([], { only: "reverse-gru", force: true, outDir: "/tmp/w" });
  assert.deepEqual(setup, { only: ["reverse-gru"], force: true, outDir: "/tmp/w" });
  // @ts-expect-error: --only <names> arrives as one string, never a list
  assert.throws(() => parseTrainAllOptions([], { only: ["reverse-gru"] }), TypeError);
});
