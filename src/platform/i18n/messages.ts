/**
 * Messages in both languages attn speaks, kept as data: a catalog maps a message id to one
 * template per language, with named placeholders (`{n}`, `{slope}`) that a formatter fills in.
 *
 * ```ts
 * const catalog = {
 *   "demo.fell": { en: "{model} fell to {acc}", ko: "{model}이(가) {acc}(으)로 떨어졌습니다" },
 * } as const satisfies Catalog;
 * formatMessage(catalog, "demo.fell", { model: "GRU", acc: "40%" });
 * // { en: "GRU fell to 40%", ko: "GRU가 40%로 떨어졌습니다" }
 * ```
 *
 * - A Korean particle written with its alternative right after a placeholder (`{x}이(가)`,
 *   `{x}은(는)`, `{x}을(를)`, `{x}과(와)`, `{x}(으)로`) is resolved by how the filled-in text ends
 *   (korean_particles.ts), and stays written out when that cannot be told.
 * - A value is the same text in both languages (a number, a model name) or a `Bilingual` (a
 *   sentence part that is itself a message), so messages compose.
 * - The placeholders a template names are checked twice: by the type checker (a catalog declared
 *   `as const` keeps its templates as literal types, and `ValuesOf` reads the names from them) and
 *   at run time (a missing value, or a value no template uses, throws).
 */
import { HEDGED_PARTICLES, particleAfter } from "./korean_particles.ts";
import type { HedgedParticle } from "./korean_particles.ts";

/** A text in both languages attn speaks; a view picks one with --lang. */
export interface Bilingual {
  en: string;
  ko: string;
}

/** The languages of a Bilingual. */
export type Lang = keyof Bilingual;

/** id -> one template per language: plain data, so catalogs merge into one for the whole app. */
export type Catalog = Readonly<Record<string, Readonly<Bilingual>>>;

/** What fills a placeholder: the same text in both languages, or one text per language. */
export type MessageValue = string | number | Readonly<Bilingual>;

/** The placeholder names of one template string. */
type NamesIn<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | NamesIn<Rest>
  : never;

/** The values a message needs: one per placeholder named in either language. */
export type ValuesOf<T extends Readonly<Bilingual>> = {
  readonly [Name in NamesIn<T["en"]> | NamesIn<T["ko"]>]: MessageValue;
};

/** The values argument of a message: optional when it names no placeholder. */
export type ValuesArg<T extends Readonly<Bilingual>> = [NamesIn<T["en"]> | NamesIn<T["ko"]>] extends
  [
    never,
  ] ? [values?: Record<string, never>]
  : [values: ValuesOf<T>];

const particle = HEDGED_PARTICLES.map((p) => p.replace(/[()]/g, "\\$&")).join("|");
/** `{name}`, and a hedged particle right after it. */
const PLACEHOLDER = new RegExp(`\\{([A-Za-z_][A-Za-z0-9_]*)\\}(${particle})?`, "g");

/**
 * Message `id` of `catalog` with its placeholders filled in from `values`. Throws when the id is
 * not in the catalog, when a placeholder has no value, or when a value fills no placeholder.
 */
export function formatMessage<C extends Catalog, Id extends keyof C & string>(
  catalog: C,
  id: Id,
  ...[values]: ValuesArg<C[Id]>
): Bilingual {
  if (!Object.hasOwn(catalog, id)) {
    throw new Error(`unknown message id "${id}": expected an id of the catalog`);
  }
  const template = catalog[id];
  const given: Readonly<Record<string, MessageValue>> = values ?? {};
  const used = new Set<string>();
  const fill = (lang: Lang) =>
    template[lang].replace(PLACEHOLDER, (_, name: string, hedged?: HedgedParticle) => {
      if (!Object.hasOwn(given, name)) {
        throw new Error(`message "${id}": expected a value for {${name}}, got none`);
      }
      used.add(name);
      const value = given[name];
      const text = typeof value === "object" ? value[lang] : String(value);
      return hedged === undefined ? text : text + particleAfter(text, hedged);
    });
  const filled = { en: fill("en"), ko: fill("ko") };
  const unused = Object.keys(given).filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new Error(
      `message "${id}": got values no template uses: ${unused.map((n) => `{${n}}`).join(", ")}`,
    );
  }
  return filled;
}

/** A formatter bound to one catalog: `say(id, values)` = formatMessage(catalog, id, values). */
export function messagesOf<C extends Catalog>(
  catalog: C,
): <Id extends keyof C & string>(id: Id, ...values: ValuesArg<C[Id]>) => Bilingual {
  return (id, ...values) => formatMessage(catalog, id, ...values);
}

/** Joins message parts with a separator per language (", " in English, ". " in Korean...). */
export function joinMessages(
  parts: readonly Readonly<Bilingual>[],
  separator: Readonly<Bilingual>,
): Bilingual {
  return {
    en: parts.map((p) => p.en).join(separator.en),
    ko: parts.map((p) => p.ko).join(separator.ko),
  };
}
