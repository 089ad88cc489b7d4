/**
 * The rules every message catalog keeps, as functions: catalogs merge into one only when no id
 * is defined twice, and a message is well formed when its English and Korean templates name the
 * same placeholders and every hedged Korean particle (`을(를)`) follows a placeholder, where
 * formatMessage resolves it. A hedged particle after plain text would reach the learner as is.
 */
import type { Bilingual, Catalog } from "./messages.ts";
import { HEDGED_PARTICLES } from "./korean_particles.ts";

/** The catalogs as one; throws when two of them define the same id (the later would hide one). */
export function mergeCatalogs(catalogs: readonly Catalog[]): Catalog {
  const merged: Record<string, Readonly<Bilingual>> = {};
  for (const catalog of catalogs) {
    for (const [id, message] of Object.entries(catalog)) {
      if (Object.hasOwn(merged, id)) {
        throw new Error(`message id "${id}" is defined twice: expected each id once`);
      }
      merged[id] = message;
    }
  }
  return merged;
}

/** The placeholder names of a template, in order. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]);
}

/**
 * Where Korean text shows a hedged particle that nothing resolves: each `이(가)`, `을(를)`...
 * not right after a `{placeholder}`. Used on templates and, in tests, on whole outputs.
 */
export function unresolvedParticles(text: string, { inTemplate = false } = {}): string[] {
  const found: string[] = [];
  for (const particle of HEDGED_PARTICLES) {
    let at = text.indexOf(particle);
    while (at >= 0) {
      if (!(inTemplate && text.slice(0, at).endsWith("}"))) {
        found.push(text.slice(Math.max(0, at - 12), at + particle.length));
      }
      at = text.indexOf(particle, at + 1);
    }
  }
  return found;
}

/**
 * What is wrong with the messages of `catalog` (none: []): text missing in a language, en and
 * ko naming different placeholders (`oneLanguage` lists, per id, values one language alone
 * needs, such as an English plural), a `{` that opens no placeholder (outside `literal` ids), a
 * hedged particle after plain text.
 */
export function catalogProblems(
  catalog: Catalog,
  options: {
    oneLanguage?: Readonly<Record<string, readonly string[]>>;
    /** Ids shown as written, never formatted (help text quoting JSON): braces are text. */
    literal?: (id: string) => boolean;
  } = {},
): string[] {
  const oneLanguage = options.oneLanguage ?? {};
  const problems: string[] = [];
  for (const [id, { en, ko }] of Object.entries(catalog)) {
    if (en.trim() === "" || ko.trim() === "") problems.push(`${id}: empty in a language`);
    const skip = new Set(oneLanguage[id] ?? []);
    const names = (t: string) => [...new Set(placeholdersOf(t))].filter((n) => !skip.has(n)).sort();
    if (names(en).join() !== names(ko).join()) {
      problems.push(`${id}: en names {${names(en)}}, ko names {${names(ko)}}`);
    }
    for (const text of options.literal?.(id) ? [] : [en, ko]) {
      if (text.split("{").length - 1 !== placeholdersOf(text).length) {
        problems.push(`${id}: a "{" that is not a {placeholder}`);
      }
    }
    for (const bad of unresolvedParticles(ko, { inTemplate: true })) {
      problems.push(`${id}: hedged particle after plain text: …${bad}`);
    }
  }
  return problems;
}
