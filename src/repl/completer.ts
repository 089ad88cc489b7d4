/**
 * Tab completion at the attn> prompt: command names first; then, from the
 * command's own definition, its option names, the values an option takes
 * (choices, models, tasks), and the words a positional argument takes
 * (`pe sinusoidal|learned|rope`, `attn cross`, `set colormap magma`,
 * `use <model>`, `help <command>`).
 */
import { Command, type Option } from "@commander-js/extra-typings";
import type { CommandDef } from "../cli/command.ts";
import { settingValues } from "../cli/commands/set.ts";
import { kernelPolicies } from "../engine/mod.ts";

/** Names that change while the REPL runs (models appear as they are trained). */
export interface CompletionSources {
  models: () => readonly string[];
  tasks: () => readonly string[];
}

/** Options every command takes (docs/CONTRACT.md) and their values. */
const globalOptions: Record<string, readonly string[] | null> = {
  "--backend": ["webgpu", "cpu"],
  "--kernels": kernelPolicies,
  "--json": null,
  "--lang": ["ko", "en"],
  "--help": null,
};

/** What completion knows about one command, read from its commander definition. */
interface CommandShape {
  /** Option flag -> its values ([] when it takes a free value, null when it takes none). */
  options: Map<string, readonly string[] | null | "models" | "tasks">;
  /** Per positional argument: the words it takes ([] when free). */
  positionals: (readonly string[] | "models" | "tasks" | "commands")[];
}

/**
 * Builds a readline completer for `commands`: (line) => [candidates, the
 * word being completed].
 */
export function makeCompleter(
  commands: readonly CommandDef[],
  sources: CompletionSources,
): (line: string) => [string[], string] {
  const shapes = new Map(commands.map((c) => [c.name, shapeOf(c)]));
  const names = [...commands.map((c) => c.name), "quit", "exit"];
  const expand = (v: readonly string[] | "models" | "tasks" | "commands"): readonly string[] =>
    v === "models"
      ? sources.models()
      : v === "tasks"
      ? sources.tasks()
      : v === "commands"
      ? commands.map((c) => c.name)
      : v;
  return (line) => {
    const done = line.trim() === "" ? [] : line.trim().split(/\s+/);
    const current = line === "" || /\s$/.test(line) ? "" : done.pop() ?? "";
    const match = (candidates: readonly string[]): [string[], string] => {
      const hits = [...new Set(candidates)].filter((c) => c.startsWith(current)).sort();
      // One hit: add a space so the next Tab moves on to the next word.
      return [hits.length === 1 ? [hits[0] + " "] : hits, current];
    };
    // 1. The command itself (global options may come first).
    const commandIndex = done.findIndex((w, i) => !w.startsWith("-") && !isOptionValue(done, i));
    if (commandIndex < 0) {
      const values = globalOptions[done.at(-1) ?? ""];
      if (values) return match(values);
      return current.startsWith("-") ? match(Object.keys(globalOptions)) : match(names);
    }
    const shape = shapes.get(done[commandIndex]);
    if (!shape) return [[], current];
    const rest = done.slice(commandIndex + 1);
    const previous = rest.at(-1);
    // 2. The value of an option.
    if (previous !== undefined && previous.startsWith("-")) {
      const values = previous in globalOptions
        ? globalOptions[previous]
        : shape.options.get(previous);
      if (values !== null && values !== undefined) return match(expand(values));
    }
    // 3. An option name.
    if (current.startsWith("-")) {
      return match([...shape.options.keys(), ...Object.keys(globalOptions)]);
    }
    // 4. A positional argument: count the positionals before it.
    let index = 0;
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i];
      if (w.startsWith("-")) {
        const values = w in globalOptions ? globalOptions[w] : shape.options.get(w);
        if (values !== null && values !== undefined) i++; // skip its value
        continue;
      }
      index++;
    }
    if (done[commandIndex] === "set" && index === 1) {
      return match(settingValues[rest.find((w) => !w.startsWith("-")) ?? ""] ?? []);
    }
    return match(expand(shape.positionals[index] ?? []));
  };
}

/** True when words[i] is the value of a global option that takes one. */
function isOptionValue(words: readonly string[], i: number): boolean {
  const before = words[i - 1];
  return i > 0 && before in globalOptions && globalOptions[before] !== null;
}

/** Reads a command's options and arguments from its commander definition. */
function shapeOf(def: CommandDef): CommandShape {
  const cmd = new Command(def.name);
  def.configure(cmd);
  const options: CommandShape["options"] = new Map();
  for (const o of cmd.options) {
    if (!o.long) continue;
    options.set(o.long, optionValues(o));
  }
  const positionals: CommandShape["positionals"] = cmd.registeredArguments.map((a) => {
    if (def.name === "use") return "models";
    if (def.name === "help") return "commands";
    if (def.name === "set") return Object.keys(settingValues);
    if (a.argChoices) return a.argChoices;
    if (def.name === "attn") return ["encoder", "decoder", "cross", "alignment", "mean"];
    if (/\btask\b/.test(a.description) && a.name() === "task") return "tasks";
    return wordsIn(a.description);
  });
  return { options, positionals };
}

function optionValues(o: Option): readonly string[] | null | "models" | "tasks" {
  if (!o.required && !o.optional) return null; // a flag: takes no value
  if (o.argChoices) return o.argChoices;
  if (o.long === "--model" || o.long === "--models") return "models";
  if (o.long === "--task") return "tasks";
  return wordsIn(o.description);
}

/**
 * The word list a description spells out, e.g. "sinusoidal, learned or rope",
 * "one of: matmul, dispatch", "the model: transformer, gru, lstm"; [] when it
 * names no fixed words.
 */
export function wordsIn(description: string): string[] {
  const tail = description.includes(":")
    ? description.slice(description.lastIndexOf(":") + 1)
    : description;
  const pieces = tail.replace(/\([^)]*\)/g, "").split(/,\s*|\s+or\s+/).map((p) => p.trim())
    .filter((p) => p !== "");
  return pieces.length >= 2 && pieces.every((p) => /^[a-z][a-z0-9-]*$/.test(p)) ? pieces : [];
}
