/**
 * A cheap look at untrusted JSON text before JSON.parse sees it.
 *
 * V8 parses whatever it is given: a checkpoint header of 100 MB made of
 * millions of empty arrays or objects, or nested 5,000,000 deep, costs it
 * 18-49 s and up to 3.9 GB, and 9.6 M distinct object keys abort the whole
 * process ("Deno has panicked"). Bounding the text's length is not enough,
 * because such text is small per value. So the text is first walked once,
 * without allocating, and refused at the first value beyond the limits:
 * nesting depth, number of values, length of a key or a string.
 *
 * This is not a validator: text that passes may still be invalid JSON,
 * which JSON.parse then reports, cheaply, because its structure is bounded.
 */
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import { weightsMessages } from "./weights_messages.ts";

const say = messagesOf(weightsMessages);

/** What a JSON text may hold. */
export interface JsonShapeLimits {
  /** Arrays and objects nested inside each other; a top-level object is depth 1. */
  maxDepth: number;
  /** Values in the whole text: every array element and object member, containers included. */
  maxValues: number;
  /** Characters of one object key as written (escapes included). */
  maxKeyLength: number;
  /** Characters of one string value as written (escapes included). */
  maxStringLength: number;
}

const OBJECT = 1;
const ARRAY = 2;

/**
 * The first way `text` goes beyond `limits`, as a phrase to follow the
 * text's name ("nests deeper than 3 levels (at character 2)"), or null.
 * One pass over the characters; nothing is allocated but a small stack.
 */
export function jsonShapeProblem(text: string, limits: JsonShapeLimits): string | null {
  return jsonShapeProblemIn(text, limits)?.en ?? null;
}

/** jsonShapeProblem in both languages ("값이 20개를 넘습니다"). */
export function jsonShapeProblemIn(text: string, limits: JsonShapeLimits): Bilingual | null {
  const { maxDepth, maxValues, maxKeyLength, maxStringLength } = limits;
  const open = new Uint8Array(maxDepth + 1); // container kind per depth, 1-based
  let depth = 0;
  let values = 0;
  let expectKey = false; // the next string is an object key
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
      continue;
    }
    if (c === 0x7b || c === 0x5b) { // { [
      if (++values > maxValues) return say("weights.json.values", { max: maxValues });
      if (++depth > maxDepth) {
        const plural = maxDepth === 1 ? "" : "s";
        return say("weights.json.depth", { max: maxDepth, plural, at: i });
      }
      open[depth] = c === 0x7b ? OBJECT : ARRAY;
      expectKey = c === 0x7b;
      i++;
    } else if (c === 0x7d || c === 0x5d) { // } ]
      if (depth > 0) depth--; // a mismatch is left to JSON.parse
      expectKey = false;
      i++;
    } else if (c === 0x2c) { // ,
      expectKey = depth > 0 && open[depth] === OBJECT;
      i++;
    } else if (c === 0x3a) { // :
      expectKey = false;
      i++;
    } else if (c === 0x22) { // a string: find its closing quote, skipping escapes
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) j += 2;
        else if (d === 0x22) break;
        else j++;
      }
      const length = Math.min(j, n) - i - 1;
      if (expectKey) {
        if (length > maxKeyLength) {
          return say("weights.json.key", { length, at: i, max: maxKeyLength });
        }
      } else {
        if (++values > maxValues) return say("weights.json.values", { max: maxValues });
        if (length > maxStringLength) {
          return say("weights.json.string", { length, at: i, max: maxStringLength });
        }
      }
      i = j + 1;
    } else { // a number or literal: up to the next delimiter
      if (++values > maxValues) return say("weights.json.values", { max: maxValues });
      i++;
      while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
    }
  }
  return null;
}

function isDelimiter(c: number): boolean {
  return c === 0x2c || c === 0x5d || c === 0x7d || c === 0x3a || c === 0x22 || c === 0x5b ||
    c === 0x7b || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
