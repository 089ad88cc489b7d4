/**
 * Short quotes of untrusted JSON values for error messages. A hostile
 * header's value can be a million elements long: stringifying all of it to
 * show 40 characters costs time and memory for nothing. These functions
 * write at most about `max` characters and stop there.
 */

import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import { weightsMessages } from "./weights_messages.ts";

const say = messagesOf(weightsMessages);

/** `value` as JSON, cut to at most `max` characters (ending in "..." when cut). */
export function previewJson(value: unknown, max = 40): string {
  const out: string[] = [];
  let length = 0;
  const budget = max + 1; // one more than fits, to know that it was cut
  const push = (text: string): boolean => {
    out.push(text);
    length += text.length;
    return length < budget;
  };
  const write = (v: unknown): boolean => {
    if (v === null || typeof v !== "object") {
      if (typeof v === "string") {
        return push(JSON.stringify(v.length > budget ? v.slice(0, budget) : v));
      }
      return push(typeof v === "number" || typeof v === "boolean" ? String(v) : "null");
    }
    if (Array.isArray(v)) {
      if (!push("[")) return false;
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !push(",")) return false;
        if (!write(v[i])) return false;
      }
      return push("]");
    }
    if (!push("{")) return false;
    let first = true;
    for (const key in v) { // for-in stops early; Object.keys would list every key first
      if (!Object.hasOwn(v, key)) continue;
      if (!first && !push(",")) return false;
      first = false;
      if (!push(`${JSON.stringify(key.length > budget ? key.slice(0, budget) : key)}:`)) {
        return false;
      }
      if (!write((v as Record<string, unknown>)[key])) return false;
    }
    return push("}");
  };
  write(value);
  const text = out.join("");
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** "an array [1,2]", "the string \"x\"", "an object", "number 7": what a JSON value is. */
export function describeJson(value: unknown): string {
  return describeJsonIn(value).en;
}

/** describeJson in both languages ("배열 [1,2]", "객체", "수 7"). */
export function describeJsonIn(value: unknown): Bilingual {
  if (value === null) return { en: "null", ko: "null" };
  if (Array.isArray(value)) return say("weights.json.array", { preview: previewJson(value) });
  if (typeof value === "object") return say("weights.json.object");
  if (typeof value === "string") return say("weights.json.text", { preview: previewJson(value) });
  if (typeof value === "number") return say("weights.json.number", { value: String(value) });
  if (typeof value === "boolean") return say("weights.json.boolean", { value: String(value) });
  const text = `${typeof value} ${String(value)}`;
  return { en: text, ko: text };
}

/** `text` cut to at most `max` characters (ending in "..." when cut). */
export function clipText(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
