/**
 * The files `import --format torch` reads besides the weights, written by `export --format torch`
 * beside its .safetensors: the config JSON and the vocabularies (one token per line), or a GPT's
 * BPE tokenizer JSON (import_inputs.ts reads them back). An export is then imported as it is,
 * and a user who trained in PyTorch has a template of exactly what to write.
 */
import type { CheckpointInfo } from "./checkpoint.ts";
import { configToMetadata } from "./checkpoint_config.ts";
import { writeFileAtomic } from "./atomic_write.ts";

/** The config and vocabulary files beside a weights file, in the order `import` takes them. */
export interface ImportFiles {
  config: string;
  /** A Seq2Seq's source and target vocabularies, or a GPT's tokenizer JSON. */
  vocab: string[];
}

/** Where the import files of the weights at `path` go: its name without .safetensors, plus a suffix. */
export function importFilesBeside(path: string, gpt: boolean): ImportFiles {
  const stem = path.replace(/\.safetensors$/, "");
  return {
    config: `${stem}.config.json`,
    vocab: gpt ? [`${stem}.tokenizer.json`] : [`${stem}.src.txt`, `${stem}.tgt.txt`],
  };
}

/** One token per line; null when a token holds a line break (it cannot be written so). */
function vocabLines(tokens: readonly string[]): string | null {
  if (tokens.some((t) => /[\r\n]/.test(t))) return null;
  return tokens.join("\n") + "\n";
}

/**
 * Writes the import files of `info` beside `weights` (each atomically) and returns their paths,
 * or null when a vocabulary cannot be written one token per line.
 */
export async function writeImportFiles(
  weights: string,
  info: CheckpointInfo & { merges?: string },
): Promise<ImportFiles | null> {
  const gpt = info.config.arch === "gpt";
  const files = importFilesBeside(weights, gpt);
  const encode = (text: string) => new TextEncoder().encode(text);
  const config = { ...configToMetadata(info.config), tokenizer: info.tokenizer };
  const contents: string[] = [];
  if (gpt) {
    const tokenizer = { vocab: info.srcVocab, merges: JSON.parse(info.merges ?? "[]") };
    contents.push(JSON.stringify(tokenizer) + "\n");
  } else {
    const [src, tgt] = [vocabLines(info.srcVocab), vocabLines(info.tgtVocab)];
    if (src === null || tgt === null) return null;
    contents.push(src, tgt);
  }
  await writeFileAtomic(files.config, encode(JSON.stringify(config, null, 2) + "\n"));
  for (const [i, text] of contents.entries()) await writeFileAtomic(files.vocab[i], encode(text));
  return files;
}
