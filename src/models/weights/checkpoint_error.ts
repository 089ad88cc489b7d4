/** The one error type of checkpoint loading and saving, and how a bad value is quoted in it. */

/** Error for a checkpoint that cannot be loaded or saved; the message is one line. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointError";
  }
}

/** A value quoted in a message, cut to 60 characters. */
export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
