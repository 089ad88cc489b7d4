/**
 * A model's weights written under PyTorch state_dict names (docs/CONTRACT.md "Checkpoints"):
 * the use case behind `export`. The model is built first, so a checkpoint that does not fit
 * its config is refused before anything is written.
 */
import type { AppContext } from "./context.ts";
import { AttnError } from "./errors.ts";
import { openAnyModel } from "./open_model.ts";
import { exportTorch } from "../models/weights/export_torch.ts";
import { messageOf } from "../platform/i18n/bilingual_error.ts";
import { type ImportFiles, writeImportFiles } from "../models/weights/import_files.ts";

/** `export --json`: what was written. */
export interface ExportResult {
  model: string;
  format: "torch";
  out: string;
  tensors: number;
  /** Where PyTorch's modules differ from attn's model (e.g. RoPE), one line each. */
  notes: string[];
  /** The config and vocabulary files written beside `out` for `import` (null: none could be). */
  importFiles: ImportFiles | null;
}

/** Writes the weights of the model `spec` names to `out` (a path already checked writable). */
export async function exportModel(
  app: AppContext,
  spec: string,
  out: string,
): Promise<ExportResult> {
  const { backend } = await app.backend();
  const loaded = await openAnyModel(spec, backend, { // a Seq2Seq model or a GPT
    signal: app.signal,
    onWarning: (w) => app.warn(w),
  });
  const { checkpoint } = loaded;
  let notes: string[];
  let importFiles: ImportFiles | null;
  try {
    const info = {
      config: checkpoint.config,
      srcVocab: checkpoint.srcVocab,
      tgtVocab: checkpoint.tgtVocab,
      tokenizer: checkpoint.tokenizer,
    };
    notes = await exportTorch(
      { ...info, tensors: checkpoint.tensors, extra: checkpoint.metadata },
      out,
    );
    importFiles = await writeImportFiles(out, { ...info, merges: checkpoint.metadata.bpe_merges });
  } catch (e) {
    throw new AttnError(messageOf(e));
  }
  const tensors = checkpoint.tensors.size;
  return { model: loaded.name, format: "torch", out, tensors, notes, importFiles };
}
