import { UsageError } from "./errors.ts";
import { quoteInput } from "../app/quote_input.ts";
import { commandMessages } from "./command_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";

const say = messagesOf(commandMessages);

/**
 * Parses a whole number option within [min, max], refusing NaN, Infinity,
 * fractions and absurd sizes with the limit named.
 */
export function parseCount(
  text: string,
  what: string,
  range: { min?: number; max: number },
): number {
  const min = range.min ?? 1;
  if (!/^[+]?\d+$/.test(text.trim())) {
    throw new UsageError(
      say("parse.wholeNumber", { what, min, max: range.max, typed: quoteInput(text) }),
    );
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > range.max) {
    // A number, or a long run of digits.
    const typed = Number.isSafeInteger(value) ? value : quoteInput(text);
    throw new UsageError(say("parse.range", { what, min, max: range.max, typed }));
  }
  return value;
}

/**
 * Parses a list of lengths: "8,16,32" or a doubling range "8..1024"
 * (8, 16, 32, ..., 1024). Each value within [min, max].
 */
export function parseLengths(
  text: string,
  what: string,
  range: { min?: number; max: number },
): number[] {
  const span = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (span) {
    const lo = parseCount(span[1], what, range);
    const hi = parseCount(span[2], what, range);
    if (lo > hi) throw new UsageError(say("parse.backwards", { what, typed: quoteInput(text) }));
    const out: number[] = [];
    for (let n = lo; n < hi; n *= 2) out.push(n);
    out.push(hi);
    return out;
  }
  const parts = text.split(",").filter((p) => p.trim() !== "");
  if (parts.length === 0) throw new UsageError(say("parse.emptyList", { what }));
  if (parts.length > 64) throw new UsageError(say("parse.tooMany", { what, count: parts.length }));
  return parts.map((p) => parseCount(p, what, range));
}
