/**
 * Which BPE tokenizer `tokens` and `tokenizer` show: a GPT checkpoint's (its vocabulary and
 * merges, read from the header alone: no tensor is loaded) when `--model` names one, else the
 * ko-en tokenizer trained in-tool on the language-modelling corpus at first use
 * (src/data/tokenizers/ko_en_bpe.ts).
 */
import type { AppContext } from "./context.ts";
import { AttnError, UsageError } from "./errors.ts";
import { checkPathLength } from "./path_limit.ts";
import type { BpeTokenizer } from "../data/tokenizers/bpe.ts";
import { koEnBpe, koEnBpeRecipe } from "../data/tokenizers/ko_en_bpe.ts";
import { bpeTokenizerFromMetadata } from "../models/weights/checkpoint_bpe.ts";
import { ModelNotFoundError, resolveModel } from "../models/weights/registry.ts";
import { SafetensorsFile } from "../models/weights/safetensors_file.ts";

/** A tokenizer and where it came from. */
export interface BpeSource {
  tokenizer: BpeTokenizer;
  /** The checkpoint it was read from; null for the in-tool ko-en tokenizer. */
  model: string | null;
  /** For the in-tool tokenizer: how many LM sequences it was trained on. */
  trainedOn: number | null;
}

/** The tokenizer of the model `spec` names, or the in-tool ko-en one when `spec` is undefined. */
export async function chooseBpe(app: AppContext, spec: string | undefined): Promise<BpeSource> {
  if (spec === undefined) {
    return { tokenizer: koEnBpe(), model: null, trainedOn: koEnBpeRecipe.sequences };
  }
  checkPathLength("--model", spec);
  let resolved: { name: string; path: string };
  try {
    resolved = await resolveModel(spec, { dir: app.weightsDir });
  } catch (e) {
    if (e instanceof ModelNotFoundError) throw new UsageError(e.message);
    throw e;
  }
  let file: SafetensorsFile | undefined;
  try {
    file = await SafetensorsFile.open(resolved.path);
    return {
      tokenizer: bpeTokenizerFromMetadata(file.metadata),
      model: resolved.name,
      trainedOn: null,
    };
  } catch (e) {
    throw new AttnError(`${resolved.name}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    file?.close();
  }
}
