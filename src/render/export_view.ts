/** The `export` view: what was written where, and where PyTorch would compute otherwise. */
import type { ExportResult } from "../app/export_model.ts";
import { escapeForTerminal } from "./escape.ts";

/** Renders an {@link ExportResult}: one line, then a note per difference. */
export function renderExport(r: ExportResult): string {
  const shown = (text: string) => escapeForTerminal(text, { keepLineBreaks: true });
  return [
    `wrote ${shown(r.out)}: ${r.tensors} tensors of ${
      shown(r.model)
    } under PyTorch state_dict names`,
    ...r.notes.map((n) => `note: ${n}`),
  ].join("\n");
}
