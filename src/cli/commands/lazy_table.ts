/**
 * The command table, loaded lazily: a one-liner loads the one command it runs (`run` does not
 * load the experiments, the benchmarks, training nor the lessons), a line that needs them all
 * (`help`, `lesson`, `--help`, a name to correct) the whole table of mod.ts. Loading all the
 * commands took about half of a one-liner's start (docs/ARCHITECTURE.md, "Start-up").
 */
import type { CommandDef } from "../command.ts";

/** Each command's module, in the order `help` lists them (mod.ts `commands`; a test checks). */
const loaders: ReadonlyArray<readonly [string, () => Promise<CommandDef>]> = [
  ["device", async () => (await import("./device.ts")).deviceCommand],
  ["models", async () => (await import("./models.ts")).modelsCommand],
  ["use", async () => (await import("./use.ts")).useCommand],
  ["run", async () => (await import("./run.ts")).runCommand],
  ["step", async () => (await import("./step.ts")).stepCommand],
  ["attn", async () => (await import("./attn.ts")).attnCommand],
  ["hidden", async () => (await import("./hidden.ts")).hiddenCommand],
  ["compare", async () => (await import("./compare.ts")).compareCommand],
  ["ablate", async () => (await import("./ablate.ts")).ablateCommand],
  ["pe", async () => (await import("./pe.ts")).peCommand],
  ["mask", async () => (await import("./mask.ts")).maskCommand],
  ["tokens", async () => (await import("./tokens.ts")).tokensCommand],
  ["tokenizer", async () => (await import("./tokenizer.ts")).tokenizerCommand],
  ["generate", async () => (await import("./generate.ts")).generateCommand],
  ["lens", async () => (await import("./lens.ts")).lensCommand],
  ["rollout", async () => (await import("./rollout.ts")).rolloutCommand],
  ["saliency", async () => (await import("./saliency.ts")).saliencyCommand],
  ["export", async () => (await import("./export.ts")).exportCommand],
  ["import", async () => (await import("./import.ts")).importCommand],
  ["bench", async () => (await import("./bench.ts")).benchCommand],
  ["experiment", async () => (await import("./experiment.ts")).experimentCommand],
  ["lesson", async () => (await import("./lesson.ts")).lessonCommand],
  ["train", async () => (await import("./train.ts")).trainCommand],
  ["save", async () => (await import("./save.ts")).saveCommand],
  ["set", async () => (await import("./set.ts")).setCommand],
  ["help", async () => (await import("./help.ts")).helpCommand],
];

/** Every command's name, in the order `help` lists them, without loading any. */
export const commandNames: readonly string[] = loaders.map(([name]) => name);

/** Loads the command named `name` alone; null when there is no such command. */
export async function loadCommand(name: string): Promise<CommandDef | null> {
  const loader = loaders.find(([n]) => n === name)?.[1];
  return loader ? await loader() : null;
}

/** Loads every command (mod.ts's table). */
export async function loadAllCommands(): Promise<readonly CommandDef[]> {
  return (await import("./mod.ts")).commands;
}

/** Commands that run other commands or describe them all: they need the whole table. */
const needTheTable = new Set(["help", "lesson"]);

/**
 * The commands a shell line needs: the one its command word names, or every command when it
 * asks for help, runs a lesson, or names none or an unknown one (the error suggests a known
 * name). `commandWord` is the line's command word as program.ts finds it.
 */
export async function commandsForLine(
  words: readonly string[],
  commandWord: string | undefined,
): Promise<readonly CommandDef[]> {
  const asksHelp = words.some((w) => w === "--help" || w === "-h");
  if (commandWord !== undefined && !needTheTable.has(commandWord) && !asksHelp) {
    const one = await loadCommand(commandWord);
    if (one) return [one];
  }
  return await loadAllCommands();
}
