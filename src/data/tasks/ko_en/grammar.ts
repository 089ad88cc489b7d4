/**
 * The ko-en grammar: a clause (who does what, where, when, in which tense and
 * mood) is realized twice, once as a Korean sentence (SOV: 나는 어제 도서관에서
 * 책을 읽었다) and once as its English translation (SVO: I read a book at the
 * library yesterday). The verb comes last in Korean and second in English, and
 * time and place come in mirrored order, so a translator must attend to
 * far-away source words.
 *
 * English is fully determined by the Korean: one article rule (subjects "the",
 * objects a/an for count nouns and none for mass nouns), agreement (I am, he
 * is, she goes), do-support in negations and questions (does not go, did you
 * go), irregular pasts (went, ate), no contractions, "?" as its own token on
 * both sides, no final period.
 *
 * The clause types are in clause.ts, the two realizations in korean.ts and english.ts.
 */
import type { Example } from "../../task.ts";
import type { Clause, NounPhrase } from "./clause.ts";
import { capitalize, englishAction, englishCopula, englishState } from "./english.ts";
import { koreanAction, koreanCopula, koreanState } from "./korean.ts";
import {
  type Adjective,
  adjectives,
  demonstratives,
  names,
  type Noun,
  nouns,
  type Place,
  places,
  pronouns,
  type TimeWord,
  timeWords,
  type Verb,
  verbs,
} from "./lexicon.ts";

export type {
  ActionClause,
  Clause,
  CopulaClause,
  Mood,
  NounPhrase,
  StateClause,
} from "./clause.ts";
export { article, pluralOf, thirdPersonOf } from "./english.ts";

/** The sentence pair of a clause; tokens joined by single spaces. */
export function realize(clause: Clause): Example {
  const { ko, en } = realizeTokens(clause);
  return { src: ko.join(" "), tgt: en.join(" ") };
}

/** The Korean and English tokens of a clause. */
export function realizeTokens(clause: Clause): { ko: string[]; en: string[] } {
  switch (clause.kind) {
    case "action":
      return { ko: koreanAction(clause), en: capitalize(englishAction(clause)) };
    case "copula":
      return { ko: koreanCopula(clause), en: capitalize(englishCopula(clause)) };
    case "state":
      return { ko: koreanState(clause), en: capitalize(englishState(clause)) };
  }
}

function lookup<T extends { ko: string }>(table: readonly T[], ko: string, what: string): T {
  const found = table.find((entry) => entry.ko === ko);
  if (!found) throw new Error(`expected a ${what} of the ko-en lexicon, got ${JSON.stringify(ko)}`);
  return found;
}

/** Lexicon entries by their Korean dictionary form, for hand-written clauses (showcase, tests). */
export const lexicon = {
  pronoun: (ko: string): NounPhrase => ({
    kind: "pronoun",
    pronoun: lookup(pronouns, ko, "pronoun"),
  }),
  name: (ko: string): NounPhrase => ({ kind: "name", name: lookup(names, ko, "name") }),
  noun: (ko: string, adjective?: string): NounPhrase => ({
    kind: "noun",
    noun: lookup(nouns, ko, "noun"),
    adjective: adjective === undefined ? undefined : lookup(adjectives, adjective, "adjective"),
  }),
  demonstrative: (ko: string): NounPhrase => ({
    kind: "demonstrative",
    demonstrative: lookup(demonstratives, ko, "demonstrative"),
  }),
  placeSubject: (ko: string): NounPhrase => ({ kind: "place", place: lookup(places, ko, "place") }),
  nounEntry: (ko: string): Noun => lookup(nouns, ko, "noun"),
  verb: (ko: string): Verb => lookup(verbs, ko, "verb"),
  adjective: (ko: string): Adjective => lookup(adjectives, ko, "adjective"),
  place: (ko: string): Place => lookup(places, ko, "place"),
  time: (ko: string): TimeWord => {
    const found = timeWords.find((t) => t.ko.join(" ") === ko);
    if (!found) {
      throw new Error(`expected a time word of the ko-en lexicon, got ${JSON.stringify(ko)}`);
    }
    return found;
  },
};
