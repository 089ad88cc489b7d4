/** The `export` view: what was written where, and where PyTorch would compute otherwise. */
import type { ExportResult } from "../app/export_model.ts";
import { escapeForTerminal } from "./escape.ts";
import { formatMessage, type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { deviceExportMessages } from "./device_export_messages.ts";
import { importViewMessages } from "./import_view_messages.ts";

const say = messagesOf(deviceExportMessages);

/** The export notes the catalog has in Korean, by their English text. */
const noteIds = ["view.export.gptRope", "view.export.rope", "view.export.noPe"] as const;

/** Renders an {@link ExportResult}: one line, then a note per difference. */
export function renderExport(r: ExportResult, lang: Lang = "en"): string {
  const shown = (text: string) => escapeForTerminal(text, { keepLineBreaks: true });
  const translated = (note: string) => {
    const id = noteIds.find((i) => deviceExportMessages[i].en === note);
    return id === undefined ? note : deviceExportMessages[id][lang];
  };
  return [
    say("view.export.wrote", {
      out: shown(r.out),
      tensors: r.tensors,
      model: shown(r.model),
    })[lang],
    ...r.notes.map((note) => say("view.export.note", { note: translated(note) })[lang]),
    ...(r.importFiles === null ? [] : [
      formatMessage(importViewMessages, "view.import.back", {
        out: shown(r.out),
        config: shown(r.importFiles.config),
        vocab: r.importFiles.vocab.map(shown).join(" "),
      })[lang],
    ]),
  ].join("\n");
}
