/**
 * The use case behind `import --format torch`: a state_dict saved from PyTorch, the config and
 * vocabulary files a user writes beside it (docs/CONTRACT.md "Imported from PyTorch"), checked
 * and written as an attn checkpoint that every command loads. Every input file is bounded in size
 * before it is read; nothing is written unless everything fits.
 */
import type { AppContext } from "./context.ts";
import { AttnError, UsageError } from "./errors.ts";
import { codedMessagesOf, messageOf, prefixed } from "../platform/i18n/bilingual_error.ts";
import type { Bilingual } from "../platform/i18n/messages.ts";
import { importMessages } from "../models/weights/import_messages.ts";
import {
  bpeFromJson,
  importConfig,
  type ImportConfigText,
  readImportConfig,
  vocabFromLines,
} from "../models/weights/import_inputs.ts";
import { type ImportInfo, ImportProblems, importTorch } from "../models/weights/import_torch.ts";
import { stateDirCandidate } from "../platform/state_dir.ts";

const say = codedMessagesOf(importMessages);

/** Bytes of a config file: a flat object of a few dozen fields. */
const CONFIG_BYTES = 64 * 1024;
/** Bytes of a vocabulary file (checkpoint_limits.ts: 4 MiB of vocabulary text). */
const VOCAB_BYTES = 4 * 1024 * 1024;
/** Bytes of a BPE tokenizer file: the vocabulary and its merges. */
const BPE_BYTES = 12 * 1024 * 1024;

/** What `import` was asked: the file, the config and vocabulary files, where to write. */
export interface ImportRequest {
  file: string;
  config: string;
  vocab: readonly string[];
  /** A path already checked writable (src/cli/out_path.ts). */
  out: string;
}

/** `import --json`: what was written. */
export interface ImportResult {
  format: "torch";
  from: string;
  out: string;
  arch: string;
  tensors: number;
  /** Where attn may compute otherwise than the user's PyTorch module (RoPE), one line each. */
  notes: string[];
}

/** The problems of a refused import, one per tensor, for the front end to list before the error. */
export { ImportProblems };

/** Imports `request.file` (see the module comment); refusals are one line each. */
export async function importModel(app: AppContext, request: ImportRequest): Promise<ImportResult> {
  const configText = await readBounded("--config", request.config, CONFIG_BYTES, "config");
  const read = inFile("--config", request.config, () => readImportConfig(configText));
  const info = await importInfo(read, request.config, request.vocab);
  try {
    const { tensors, warnings } = await importTorch(request.file, info, request.out, app.signal);
    for (const w of warnings) app.warn(prefixed(request.file, w));
    const { config } = info;
    const rope = (config.arch === "transformer" || config.arch === "gpt") && config.pe === "rope";
    const notes = rope ? [importMessages["import.note.rope"].en] : [];
    return {
      format: "torch",
      from: request.file,
      out: request.out,
      arch: read.arch,
      tensors,
      notes,
    };
  } catch (e) {
    if (app.signal.aborted) throw app.signal.reason;
    if (e instanceof ImportProblems) throw e;
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotCapable) {
      throw readRefusal("import", request.file, e);
    }
    throw new AttnError(prefixed(request.file, messageOf(e)));
  }
}

/** The config, vocabularies and tokenizer the files describe. */
async function importInfo(
  read: ImportConfigText,
  configPath: string,
  files: readonly string[],
): Promise<ImportInfo> {
  const gpt = read.arch === "gpt";
  if (files.length !== (gpt ? 1 : 2)) {
    const expected = say(gpt ? "import.vocab.gpt" : "import.vocab.seq2seq");
    throw new UsageError(
      say("import.vocab.count", { arch: read.arch, expected, count: files.length }),
    );
  }
  if (gpt) {
    const text = await readBounded("--vocab", files[0], BPE_BYTES, "vocab");
    const { vocab, merges } = inFile("--vocab", files[0], () => bpeFromJson(text));
    const info = { srcVocab: vocab, tgtVocab: vocab, tokenizer: read.tokenizer, merges };
    return { ...info, config: inFile("--config", configPath, () => importConfig(read, info)) };
  }
  const [srcText, tgtText] = [
    await readBounded("--vocab", files[0], VOCAB_BYTES, "vocab"),
    await readBounded("--vocab", files[1], VOCAB_BYTES, "vocab"),
  ];
  const srcVocab = inFile("--vocab", files[0], () => vocabFromLines("src_vocab", srcText));
  const tgtVocab = inFile("--vocab", files[1], () => vocabFromLines("tgt_vocab", tgtText));
  const vocab = { srcVocab, tgtVocab };
  const config = inFile("--config", configPath, () => importConfig(read, vocab));
  return { ...vocab, tokenizer: read.tokenizer, config };
}

/** Runs `parse`, its refusal prefixed with the option and file it came from. */
function inFile<T>(option: string, path: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    const reason: Bilingual = messageOf(e);
    throw new AttnError(say("import.file.problem", { option, path, reason }));
  }
}

/** A file's text, refused in one line when missing, too large or not UTF-8. */
async function readBounded(
  option: string,
  path: string,
  limit: number,
  what: "config" | "vocab",
): Promise<string> {
  let bytes: Uint8Array;
  try {
    const size = (await Deno.stat(path)).size;
    if (size > limit) {
      const kind = say(what === "config" ? "import.what.config" : "import.what.vocab");
      throw new AttnError(say("import.file.tooLarge", { option, path, size, limit, what: kind }));
    }
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof AttnError) throw e;
    throw readRefusal(option, path, e);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AttnError(say("import.file.notText", { option, path }));
  }
}

/**
 * Why a file could not be read, in one line: missing (a usage error: the path was wrong), not
 * permitted (the deno.json tasks grant reading the checkout and the state directory only), else
 * the system's reason.
 */
function readRefusal(option: string, path: string, e: unknown): Error {
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    const state = stateDirCandidate() ?? say("import.stateDir");
    return new UsageError(say("import.file.notPermitted", { option, path, state }));
  }
  const reason = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  const error = e instanceof Deno.errors.NotFound ? UsageError : AttnError;
  return new error(say("import.file.cannotRead", { option, path, reason }));
}
