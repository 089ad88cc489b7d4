import { Option } from "@commander-js/extra-typings";
import { defineCommand, emit } from "../command.ts";
import { AttnError, errorLine, UsageError } from "../errors.ts";
import { checkOutPath, expandHome, requireSafetensorsName } from "../out_path.ts";
import { importModel, ImportProblems } from "../../app/import_model.ts";
import { checkPathLength } from "../../app/path_limit.ts";
import { renderImport } from "../../render/import_view.ts";
import { importMessages } from "../../models/weights/import_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { stateDirCandidate } from "../../platform/state_dir.ts";

const say = messagesOf(importMessages);

/**
 * `import --format torch FILE --config JSON --vocab FILE... [--out NAME|PATH]`: a state_dict
 * saved from PyTorch for the modules of docs/CONTRACT.md becomes an attn checkpoint that `use`,
 * `run`, `generate` and the rest load. When tensors do not fit the config, each problem is one
 * `attn:` line, then the refusal; nothing is written.
 */
export const importCommand = defineCommand({
  name: "import",
  summary:
    "read a PyTorch state_dict (.safetensors) as an attn model: import FILE --config --vocab",
  examples: [
    "import --format torch ~/.local/state/attn/ko-en.safetensors --config ~/.local/state/attn/ko-en.config.json --vocab ~/.local/state/attn/ko-en.src.txt ~/.local/state/attn/ko-en.tgt.txt",
  ],
  configure: (cmd) =>
    cmd.argument("[file]", "the .safetensors file PyTorch wrote (F32 tensors)")
      .addOption(
        new Option("--format <format>", "input format").choices(["torch"] as const)
          .default("torch" as const),
      )
      .addOption(new Option("--config <file>", "the model's settings as JSON (docs/CONTRACT.md)"))
      .addOption(
        new Option(
          "--vocab <files...>",
          "Seq2Seq: source and target vocabularies, one token per line; GPT: the BPE tokenizer JSON",
        ),
      )
      .addOption(
        new Option("--out <name>", "a name in the state directory, or a .safetensors path"),
      ),
  async run([file], options, ctx) {
    if (file === undefined || file === "") throw new UsageError(say("import.noFile"));
    if (!options.config) throw new UsageError(say("import.noConfig"));
    if (!options.vocab || options.vocab.length === 0) throw new UsageError(say("import.noVocab"));
    for (const path of [file, options.config, ...options.vocab]) checkPathLength("import", path);
    const input = expandHome(file);
    const out = await outPath(options.out ?? `${stem(input)}-attn`, input);
    const request = {
      file: input,
      config: expandHome(options.config),
      vocab: options.vocab.map(expandHome),
      out,
    };
    try {
      emit(ctx, await importModel(ctx.app, request), (r) => renderImport(r, ctx.session.lang));
    } catch (e) {
      if (e instanceof ImportProblems) {
        for (const problem of e.problems) {
          ctx.io.err(errorLine(new AttnError(problem), ctx.session.lang));
        }
      }
      throw e;
    }
  },
});

/** The file name of `path` without its directory and .safetensors (the default --out adds -attn). */
function stem(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1).replace(/\.safetensors$/, "");
}

/**
 * Where to write: a path as given (a .safetensors file attn may write, src/cli/out_path.ts), or
 * a bare name as NAME.safetensors in the state directory; never the file being imported.
 */
async function outPath(given: string, input: string): Promise<string> {
  let path = given;
  if (!given.includes("/") && !given.endsWith(".safetensors")) {
    const dir = stateDirCandidate();
    if (dir === null) throw new UsageError(say("import.noStateDir", { name: given }));
    path = `${dir}/${given}.safetensors`;
  }
  requireSafetensorsName("--out", path);
  const out = await checkOutPath("--out", path);
  if (await sameFile(out, input)) throw new UsageError(say("import.sameFile", { out: given }));
  return out;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    return (await Deno.realPath(a)) === (await Deno.realPath(b));
  } catch {
    return false; // one of them does not exist (yet): not the same file
  }
}
