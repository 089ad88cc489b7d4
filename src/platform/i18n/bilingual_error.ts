/**
 * An error whose message exists in both languages attn speaks. It lives in the lowest layer so
 * that code below the app (the checkpoint loader, the GPU device) can say why it failed in both
 * languages without knowing which one the session speaks: the front end picks one
 * (src/cli/errors.ts errorLine).
 */
import {
  type Bilingual,
  type Catalog,
  formatMessage,
  type Lang,
  type ValuesArg,
} from "./messages.ts";

/** A message with the catalog id it was formatted from: a stable code a program may match. */
export interface CodedMessage extends Bilingual {
  readonly code?: string;
}

/**
 * An error whose message may exist in both languages: `message` is the English one (what logs,
 * tests and ATTN_DEBUG see), `ko` the Korean one when the thrower gave it, `code` the catalog id
 * when it came from one.
 */
export class BilingualError extends Error {
  /** The Korean message, when there is one. */
  readonly ko: string | undefined;
  /** The message's catalog id (e.g. "weights.header.tooLong"), when it came from a catalog. */
  readonly code: string | undefined;
  constructor(message: string | Readonly<CodedMessage>, options?: ErrorOptions) {
    super(typeof message === "string" ? message : message.en, options);
    this.ko = typeof message === "string" ? undefined : message.ko;
    this.code = typeof message === "string" ? undefined : message.code;
  }
}

/**
 * What an error says, in both languages: a BilingualError's two messages, or any other error's
 * one message as both (text from a library or the platform stays as it was written).
 */
export function messageOf(error: unknown): Bilingual {
  const en = error instanceof Error ? error.message : String(error);
  const ko = error instanceof BilingualError && error.ko !== undefined ? error.ko : en;
  return { en, ko };
}

/** messageOf in one language. */
export function messageIn(error: unknown, lang: Lang): string {
  return messageOf(error)[lang];
}

/** `{prefix}: {message}` in both languages, e.g. a file's path before why it failed. */
export function prefixed(prefix: string, message: Readonly<Bilingual>): Bilingual {
  return { en: `${prefix}: ${message.en}`, ko: `${prefix}: ${message.ko}` };
}

/**
 * A formatter bound to one catalog whose messages keep their id as `code`: for errors thrown
 * below the app layer, so a program can tell one refusal from another whatever the language.
 */
export function codedMessagesOf<C extends Catalog>(
  catalog: C,
): <Id extends keyof C & string>(id: Id, ...values: ValuesArg<C[Id]>) => CodedMessage {
  return (id, ...values) => ({ ...formatMessage(catalog, id, ...values), code: id });
}
