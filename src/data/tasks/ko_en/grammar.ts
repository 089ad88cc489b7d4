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
 */
import type { Example } from "../../task.ts";
import {
  attributive,
  copula,
  negativeStem,
  pastQuestion,
  presentQuestion,
  prospective,
  verbPresent,
  withObject,
  withSubject,
  withTopic,
} from "./hangul.ts";
import {
  type Adjective,
  adjectives,
  type Demonstrative,
  demonstratives,
  names,
  type Noun,
  nouns,
  type Person,
  type PersonName,
  type Place,
  places,
  type Pronoun,
  pronouns,
  type Tense,
  type TimeWord,
  timeWords,
  type Verb,
  verbs,
} from "./lexicon.ts";

/** statement (간다), negative (가지 않는다), yes/no question (가니 ?), wh-question (어디에 가니 ?). */
export type Mood = "statement" | "negative" | "question" | "wh";

export type NounPhrase =
  | { kind: "pronoun"; pronoun: Pronoun }
  | { kind: "name"; name: PersonName }
  | { kind: "noun"; noun: Noun; adjective?: Adjective }
  | { kind: "demonstrative"; demonstrative: Demonstrative }
  | { kind: "place"; place: Place };

/** Someone does something: 민수가 공원에서 공을 잡았다 -> Minsu caught a ball in the park. */
export interface ActionClause {
  kind: "action";
  subject: NounPhrase;
  verb: Verb;
  object?: NounPhrase;
  place?: Place;
  time?: TimeWord;
  tense: Tense;
  mood: Mood;
  /** With mood "wh": which part is asked for; it replaces the object or the place. */
  wh?: "what" | "who" | "where";
}

/** X is a Y: 나는 학생이다 -> I am a student. */
export interface CopulaClause {
  kind: "copula";
  subject: NounPhrase;
  complement: Noun;
  adjective?: Adjective;
  time?: TimeWord;
  tense: Tense;
  mood: Exclude<Mood, "wh">;
}

/** X is ADJ: 고양이가 배고프다 -> The cat is hungry. */
export interface StateClause {
  kind: "state";
  subject: NounPhrase;
  adjective: Adjective;
  time?: TimeWord;
  tense: Tense;
  mood: Exclude<Mood, "wh">;
}

export type Clause = ActionClause | CopulaClause | StateClause;

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

// ---------------------------------------------------------------- Korean

/**
 * The subject with its particle: topic 은/는 after pronouns, names and this/that
 * (나는, 민수는, 이것은), subject 이/가 after common nouns and places (고양이가,
 * 도서관이). One fixed choice keeps the number of Korean word types down.
 */
function koreanSubject(np: NounPhrase): string[] {
  switch (np.kind) {
    case "pronoun":
      return [withTopic(np.pronoun.ko)];
    case "name":
      return [withTopic(np.name.ko)];
    case "demonstrative":
      return [withTopic(np.demonstrative.ko)];
    case "noun":
      return [...koreanAdjective(np.adjective), withSubject(np.noun.ko)];
    case "place":
      return [withSubject(np.place.ko)];
  }
}

function koreanObject(np: NounPhrase): string[] {
  switch (np.kind) {
    case "pronoun":
      return [withObject(np.pronoun.ko)];
    case "name":
      return [withObject(np.name.ko)];
    case "noun":
      return [...koreanAdjective(np.adjective), withObject(np.noun.ko)];
    default:
      throw new Error(`expected a person or a thing as an object, got a ${np.kind}`);
  }
}

function koreanAdjective(adjective: Adjective | undefined): string[] {
  return adjective ? [attributive(adjective.ko, adjective.irregular)] : [];
}

/** Verb or adjective endings: 먹는다 / 먹지 않았다 / 먹을 거니 ?. */
function koreanPredicate(
  forms: { present: string; past: string; dictionary: string; irregular?: Verb["irregular"] },
  tense: Tense,
  mood: Mood,
  negation: "않는다" | "않다",
): string[] {
  const future = prospective(forms.dictionary, forms.irregular);
  if (mood === "negative") {
    const not = negativeStem(forms.dictionary);
    if (tense === "present") return [not, negation];
    if (tense === "past") return [not, "않았다"];
    return [not, "않을", "것이다"];
  }
  if (mood === "question" || mood === "wh") {
    if (tense === "present") return [presentQuestion(forms.dictionary), "?"];
    if (tense === "past") return [pastQuestion(forms.past), "?"];
    return [future, "거니", "?"];
  }
  if (tense === "present") return [forms.present];
  if (tense === "past") return [forms.past];
  return [future, "것이다"];
}

function koreanAction(c: ActionClause): string[] {
  const out = koreanSubject(c.subject);
  if (c.time) out.push(...c.time.ko);
  const placeParticle = c.verb.frame === "motion" ? "에" : "에서";
  if (c.wh === "where") out.push("어디" + placeParticle);
  else if (c.place) out.push(c.place.ko + placeParticle);
  if (c.wh === "what") out.push("무엇을");
  else if (c.wh === "who") out.push("누구를");
  else if (c.object) out.push(...koreanObject(c.object));
  const verb = { dictionary: c.verb.ko, present: verbPresent(c.verb.ko), ...c.verb };
  out.push(...koreanPredicate(verb, c.tense, c.mood, "않는다"));
  return out;
}

function koreanCopula(c: CopulaClause): string[] {
  const out = koreanSubject(c.subject);
  if (c.time) out.push(...c.time.ko);
  out.push(...koreanAdjective(c.adjective));
  const be = copula(c.complement.ko);
  if (c.mood === "negative") {
    // 학생이 아니다: the complement takes 이/가 and 아니다 carries the tense.
    const not = { present: ["아니다"], past: ["아니었다"], future: ["아닐", "것이다"] }[c.tense];
    return [...out, withSubject(c.complement.ko), ...not];
  }
  if (c.mood === "question") {
    if (c.tense === "present") return [...out, be.presentQuestion, "?"];
    if (c.tense === "past") return [...out, be.pastQuestion, "?"];
    return [...out, be.prospective, "거니", "?"];
  }
  if (c.tense === "present") return [...out, be.present];
  if (c.tense === "past") return [...out, be.past];
  return [...out, be.prospective, "것이다"];
}

function koreanState(c: StateClause): string[] {
  const out = koreanSubject(c.subject);
  if (c.time) out.push(...c.time.ko);
  // An adjective's plain present is its dictionary form: 크다, 맛있다.
  const adjective = { dictionary: c.adjective.ko, present: c.adjective.ko, ...c.adjective };
  out.push(...koreanPredicate(adjective, c.tense, c.mood, "않다"));
  return out;
}

// ---------------------------------------------------------------- English

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

function englishAction(c: ActionClause): string[] {
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

function englishCopula(c: CopulaClause): string[] {
  // We are students; I am a student; This is water.
  const complement = isPlural(personOf(c.subject))
    ? [...englishAdjective(c.adjective), ...words(pluralOf(c.complement))]
    : indefinite(c.complement, c.adjective);
  return englishBe(c.subject, complement, c);
}

function englishState(c: StateClause): string[] {
  return englishBe(c.subject, [c.adjective.en], c);
}

function words(phrase: string): string[] {
  return phrase.split(" ");
}

function capitalize(tokens: string[]): string[] {
  const [first, ...rest] = tokens;
  return [first[0].toUpperCase() + first.slice(1), ...rest];
}

// ---------------------------------------------------------------- lookups

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
