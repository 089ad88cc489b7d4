/**
 * `import --format torch`: the inverse of export_torch.ts. A safetensors file written by plain
 * PyTorch for the modules of docs/CONTRACT.md carries attn's own parameter names, so importing
 * is checking and re-saving: every tensor's name, shape and dtype against the model the config
 * describes (all problems at once, one line each, before any value is read), then the values
 * (finite), then an attn checkpoint with the config and vocabularies in its metadata, written
 * atomically.
 */
import type { AnyModelConfig } from "../config.ts";
import { shapeText } from "../../engine/tensor.ts";
import type { Bilingual } from "../../platform/i18n/messages.ts";
import { BilingualError, codedMessagesOf } from "../../platform/i18n/bilingual_error.ts";
import { type CheckpointInfo, writeCheckpointFile } from "./checkpoint.ts";
import { CheckpointError, sayWeights } from "./checkpoint_error.ts";
import { checkpointLimits } from "./checkpoint_limits.ts";
import { WeightCheck } from "./checkpoint_tensors.ts";
import { parameterShapes } from "./param_shapes.ts";
import type { NamedTensor, TensorEntry } from "./safetensors.ts";
import { SafetensorsFile } from "./safetensors_file.ts";
import { importMessages } from "./import_messages.ts";

const say = codedMessagesOf(importMessages);

/** The tensors of a file that do not fit the config, one message each (the list is complete). */
export class ImportProblems extends BilingualError {
  override name = "ImportProblems";
  constructor(path: string, readonly problems: readonly Bilingual[]) {
    super(say("import.problems", { path, count: problems.length }));
  }
}

/** What an import writes besides the tensors: the checkpoint's config, vocabularies, tokenizer. */
export type ImportInfo = CheckpointInfo & { merges?: readonly (readonly [string, string])[] };

/** A tied GPT's head: PyTorch's state_dict lists a weight shared by two modules under both names. */
const TIED_HEAD = "lm_head.weight";

/**
 * Every way the tensor entries differ from what `config`'s model needs, in the model's parameter
 * order, then the unexpected ones: missing (with the shape expected), wrong shape, wrong dtype.
 * A tied GPT may carry `lm_head.weight` (checked equal to the token table once read).
 */
export function importProblems(
  entries: readonly TensorEntry[],
  info: Pick<CheckpointInfo, "config" | "srcVocab" | "tgtVocab">,
): Bilingual[] {
  const expected = parameterShapes(info.config);
  const { config } = info;
  if (config.arch === "gpt" && config.tied) expected.set(TIED_HEAD, [config.vocab, config.dModel]);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const problems: Bilingual[] = [];
  for (const [name, shape] of expected) {
    const entry = byName.get(name);
    const optional = name === TIED_HEAD && config.arch === "gpt" && config.tied;
    if (!entry) {
      if (!optional) problems.push(say("import.tensor.missing", { name, shape: shapeText(shape) }));
      continue;
    }
    if (entry.dtype !== undefined) {
      problems.push(say("import.tensor.dtype", { name, got: entry.dtype }));
    }
    if (!sameShape(entry.shape, shape)) {
      const got = shapeText(entry.shape);
      const why = rowsHint(name, entry.shape, shape, info);
      problems.push(say("import.tensor.shape", { name, got, expected: shapeText(shape), why }));
    }
  }
  for (const entry of entries) {
    if (expected.has(entry.name)) continue;
    const shape = shapeText(entry.shape);
    problems.push(say("import.tensor.unexpected", { name: entry.name, shape }));
  }
  return problems;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Why a vocabulary table's rows are what they are, when only the rows differ; else nothing. */
function rowsHint(
  name: string,
  got: readonly number[],
  expected: readonly number[],
  info: Pick<CheckpointInfo, "config" | "srcVocab" | "tgtVocab">,
): Bilingual {
  const onlyRows = got.length === expected.length && got[0] !== expected[0] &&
    got.every((d, i) => i === 0 || d === expected[i]);
  const source = name === "src_embed.weight";
  const vocabTable = source || /^(tgt_embed|generator|tok_embed|lm_head)\./.test(name);
  if (!onlyRows || !vocabTable) return { en: "", ko: "" };
  const key = info.config.arch === "gpt" ? "vocab" : source ? "src_vocab" : "tgt_vocab";
  const count = (source ? info.srcVocab : info.tgtVocab).length;
  return say("import.tensor.rows", { key, count });
}

/**
 * Imports the PyTorch file at `path` as an attn checkpoint at `out`: refuses with
 * {@link ImportProblems} when any tensor does not fit `info.config`, with a CheckpointError when
 * a value is not finite or a tied head differs from the token table. Returns the tensors written
 * and warnings (huge weights).
 */
export async function importTorch(
  path: string,
  info: ImportInfo,
  out: string,
  signal?: AbortSignal,
): Promise<{ tensors: number; warnings: Bilingual[] }> {
  const size = (await Deno.stat(path)).size;
  if (size > checkpointLimits.fileBytes) {
    const limit = checkpointLimits.fileBytes;
    throw new CheckpointError(sayWeights("weights.fileTooLarge", { path, size, limit }));
  }
  const file = await SafetensorsFile.open(path, checkpointLimits, { otherDtypes: true });
  let tensors: NamedTensor[];
  const check = new WeightCheck();
  try {
    const problems = importProblems(file.tensors, info);
    if (problems.length > 0) throw new ImportProblems(path, problems);
    tensors = [];
    for (const entry of file.tensors) {
      const data = await file.read(entry, signal);
      check.visit(entry.name, data, 0);
      tensors.push({ name: entry.name, shape: entry.shape, data });
    }
  } finally {
    file.close();
  }
  tensors = withoutTiedHead(info.config, tensors);
  const extra: Record<string, string> = { ...info.extra, imported_from: "torch" };
  if (info.merges) extra.bpe_merges = JSON.stringify(info.merges);
  await writeCheckpointFile(out, { ...info, extra }, tensors);
  return { tensors: tensors.length, warnings: check.messages() };
}

/** A tied GPT's tensors without `lm_head.weight`, refused when it is not the token table. */
function withoutTiedHead(config: AnyModelConfig, tensors: NamedTensor[]): NamedTensor[] {
  if (config.arch !== "gpt" || !config.tied) return tensors;
  const head = tensors.find((t) => t.name === TIED_HEAD);
  if (!head) return tensors;
  const table = tensors.find((t) => t.name === "tok_embed.weight")!;
  if (head.data.some((v, i) => v !== table.data[i])) {
    throw new CheckpointError(say("import.tensor.untied"));
  }
  return tensors.filter((t) => t !== head);
}
