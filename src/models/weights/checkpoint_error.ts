/** The one error type of checkpoint loading and saving, and how a bad value is quoted in it. */
import { BilingualError, type CodedMessage } from "../../platform/i18n/bilingual_error.ts";
import { codedMessagesOf } from "../../platform/i18n/bilingual_error.ts";
import { weightsMessages } from "./weights_messages.ts";

/** The loader's messages, each with its id as the error's code. */
export const sayWeights = codedMessagesOf(weightsMessages);

/**
 * Error for a checkpoint that cannot be loaded or saved; the message is one line, in both
 * languages, with the catalog id (weights_messages.ts) as `code`.
 */
export class CheckpointError extends BilingualError {
  constructor(message: string | Readonly<CodedMessage>) {
    super(message);
    this.name = "CheckpointError";
  }
}

/** A value quoted in a message, cut to 60 characters. */
export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
