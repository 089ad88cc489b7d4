/**
 * A clause as English tokens, fully determined by the Korean: subjects take "the", objects a/an
 * for count nouns and none for mass nouns, agreement (I am, he is, she goes), do-support in
 * negations and questions, irregular forms from the lexicon, no contractions.
 */
import {
  type Adjective,
  type Noun,
  type Person,
  type Place,
  type Tense,
  type TimeWord,
  type Verb,
} from "./lexicon.ts";
import type { ActionClause, CopulaClause, Mood, NounPhrase, StateClause } from "./clause.ts";

function personOf(np: NounPhrase): Person {
  return np.kind === "pronoun" ? np.pronoun.person : "3sg";
}

function isPlural(person: Person): boolean {
  return person === "1pl" || person === "3pl";
}

function englishSubject(np: NounPhrase): string[] {
  switch (np.kind) {
    case "pronoun":
      return [np.pronoun.en];
    case "name":
      return [np.name.en];
    case "noun":
      return [
        ...(np.noun.bare ? [] : ["the"]),
        ...englishAdjective(np.adjective),
        ...words(np.noun.en),
      ];
    case "demonstrative":
      return [np.demonstrative.en];
    case "place":
      return words(np.place.np);
  }
}

function englishObject(np: NounPhrase): string[] {
  switch (np.kind) {
    case "pronoun":
      return [np.pronoun.enObject];
    case "name":
      return [np.name.en];
    case "noun":
      return indefinite(np.noun, np.adjective);
    default:
      throw new Error(`expected a person or a thing as an object, got a ${np.kind}`);
  }
}

/** "an old book", "bread", "noodles": a/an only before a singular count noun. */
function indefinite(noun: Noun, adjective?: Adjective): string[] {
  const phrase = [...englishAdjective(adjective), ...words(noun.en)];
  return noun.count === "count" ? [article(phrase[0]), ...phrase] : phrase;
}

/** "a" or "an" by the sound of the next word; every word in the lexicon sounds as it is spelled. */
export function article(nextWord: string): "a" | "an" {
  return /^[aeiou]/i.test(nextWord) ? "an" : "a";
}

function englishAdjective(adjective: Adjective | undefined): string[] {
  return adjective ? [adjective.en] : [];
}

/** Regular plural: -s, -es after a sibilant, -ies after consonant + y; irregulars in the lexicon. */
export function pluralOf(noun: Noun): string {
  if (noun.plural) return noun.plural;
  const w = words(noun.en);
  const last = w[w.length - 1];
  let plural = last + "s";
  if (/(s|sh|ch|x|z)$/.test(last)) plural = last + "es";
  else if (/[^aeiou]y$/.test(last)) plural = last.slice(0, -1) + "ies";
  return [...w.slice(0, -1), plural].join(" ");
}

/** Third person singular: goes, watches, cries, plays; overrides in the lexicon. */
export function thirdPersonOf(verb: Verb): string {
  if (verb.enThird) return verb.enThird;
  const v = verb.en;
  if (/(s|sh|ch|x|z|o)$/.test(v)) return v + "es";
  if (/[^aeiou]y$/.test(v)) return v.slice(0, -1) + "ies";
  return v + "s";
}

/** Where a place goes in English: motion verbs want a destination, others a location. */
function englishPlace(verb: Verb, place: Place | undefined): string[] {
  if (!place) return [];
  return words(verb.frame === "motion" ? place.to : place.at);
}

/** The English tokens of an action clause (SVO, do-support, articles, agreement). */
export function englishAction(c: ActionClause): string[] {
  const person = personOf(c.subject);
  const subject = englishSubject(c.subject);
  const object = c.object
    ? [...(c.verb.enPrep ? [c.verb.enPrep] : []), ...englishObject(c.object)]
    : [];
  const rest = [...object, ...englishPlace(c.verb, c.place), ...(c.time?.en ?? [])];
  const doAux = c.tense === "past"
    ? "did"
    : c.tense === "future"
    ? "will"
    : person === "3sg"
    ? "does"
    : "do";
  if (c.mood === "statement") {
    const verb = c.tense === "past"
      ? [c.verb.enPast]
      : c.tense === "future"
      ? ["will", c.verb.en]
      : [person === "3sg" ? thirdPersonOf(c.verb) : c.verb.en];
    return [...subject, ...verb, ...rest];
  }
  if (c.mood === "negative") return [...subject, doAux, "not", c.verb.en, ...rest];
  if (c.mood === "question") return [doAux, ...subject, c.verb.en, ...rest, "?"];
  // wh: the asked-for part moves to the front; a preposition stays behind the verb
  // ("Who did you wait for ?").
  if (!c.wh) throw new Error(`expected a question word with mood "wh", got none`);
  const stranded = c.wh !== "where" && c.verb.enPrep ? [c.verb.enPrep] : [];
  const tail = [
    ...stranded,
    ...(c.wh === "where" ? object : []),
    ...(c.wh === "where" ? [] : englishPlace(c.verb, c.place)),
    ...(c.time?.en ?? []),
  ];
  return [c.wh, doAux, ...subject, c.verb.en, ...tail, "?"];
}

/** am / is / are, was / were. */
function be(person: Person, tense: "present" | "past"): string {
  if (tense === "past") return person === "1sg" || person === "3sg" ? "was" : "were";
  return person === "1sg" ? "am" : person === "3sg" ? "is" : "are";
}

/** Subject + be (+ not) + predicate; questions invert; the future is "will be". */
function englishBe(
  subject: NounPhrase,
  predicate: string[],
  c: { tense: Tense; mood: Exclude<Mood, "wh">; time?: TimeWord },
): string[] {
  const s = englishSubject(subject);
  const time = c.time?.en ?? [];
  const not = c.mood === "negative" ? ["not"] : [];
  if (c.tense === "future") {
    if (c.mood === "question") return ["will", ...s, "be", ...predicate, ...time, "?"];
    return [...s, "will", ...not, "be", ...predicate, ...time];
  }
  const verb = be(personOf(subject), c.tense);
  if (c.mood === "question") return [verb, ...s, ...predicate, ...time, "?"];
  return [...s, verb, ...not, ...predicate, ...time];
}

/** The English tokens of a copula clause: X is a Y. */
export function englishCopula(c: CopulaClause): string[] {
  // We are students; I am a student; This is water.
  const complement = isPlural(personOf(c.subject))
    ? [...englishAdjective(c.adjective), ...words(pluralOf(c.complement))]
    : indefinite(c.complement, c.adjective);
  return englishBe(c.subject, complement, c);
}

/** The English tokens of a state clause: X is ADJ. */
export function englishState(c: StateClause): string[] {
  return englishBe(c.subject, [c.adjective.en], c);
}

function words(phrase: string): string[] {
  return phrase.split(" ");
}

/** The tokens with the first word capitalized. */
export function capitalize(tokens: string[]): string[] {
  const [first, ...rest] = tokens;
  return [first[0].toUpperCase() + first.slice(1), ...rest];
}
