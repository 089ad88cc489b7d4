/** The `import` view: what was written where, how to use it, and where attn may compute otherwise. */
import type { ImportResult } from "../app/import_model.ts";
import { escapeForTerminal } from "./escape.ts";
import { type Lang, messagesOf } from "../platform/i18n/messages.ts";
import { importViewMessages } from "./import_view_messages.ts";
import { importMessages } from "../models/weights/import_messages.ts";

const say = messagesOf(importViewMessages);

/** Renders an {@link ImportResult}: one line, how to use the model, then a note per difference. */
export function renderImport(r: ImportResult, lang: Lang = "en"): string {
  const shown = (text: string) => escapeForTerminal(text, { keepLineBreaks: false });
  const rope = importMessages["import.note.rope"];
  const translated = (note: string) => note === rope.en ? rope[lang] : note;
  const values = { out: shown(r.out), arch: r.arch, tensors: r.tensors, from: shown(r.from) };
  return [
    say("view.import.wrote", values)[lang],
    say("view.import.use", { out: shown(r.out) })[lang],
    ...r.notes.map((note) => say("view.import.note", { note: translated(note) })[lang]),
  ].join("\n");
}
