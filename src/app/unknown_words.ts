/**
 * The warning `run` gives when the model reads some of the input as <unk>: which tokens, and how
 * to write the input so that the model knows them (an example sentence of the model's task).
 */
import { type Bilingual, formatMessage } from "../platform/i18n/messages.ts";
import { tasks } from "../data/task.ts";
import { quoteInput } from "./quote_input.ts";
import { runTextMessages as m } from "./run_text_messages.ts";

/** The warning, in both languages, for `unknown` tokens of a model trained on `model.task`. */
export function unknownWordsWarning(
  unknown: readonly string[],
  model: { name: string; task: string; tokenizer: "char" | "word" },
): Bilingual {
  const words = unknown.map((t) => quoteInput(t)).join(", ");
  const task = tasks.get(model.task);
  const example = task?.examples("train", 1)[0]?.src;
  const fix = task === undefined || example === undefined
    ? formatMessage(m, "run.unknown.fix.none")
    : formatMessage(
      m,
      model.tokenizer === "word" ? "run.unknown.fix.word" : "run.unknown.fix.char",
      {
        task: task.name,
        example,
      },
    );
  return formatMessage(m, "run.unknown", { model: model.name, words, fix });
}
