/**
 * Random clauses for the ko-en task: a construction, then words that fit it
 * (a verb's subject and object classes, an adjective's nouns, a time word's
 * tenses), so every sentence is grammatical and makes sense. Every choice is
 * drawn from the seeded Rng, so a seed fixes the whole list.
 */
import type { Rng } from "../../../engine/random.ts";
import type {
  ActionClause,
  Clause,
  CopulaClause,
  Mood,
  NounPhrase,
  StateClause,
} from "./grammar.ts";
import {
  type Adjective,
  adjectives,
  type AdjectiveTarget,
  demonstratives,
  names,
  type Noun,
  nouns,
  places,
  pronouns,
  type Tense,
  type TimeWord,
  timeWords,
  type Verb,
  verbs,
} from "./lexicon.ts";

const tenses: readonly Tense[] = ["present", "past", "future"];

/** Draws index i with probability weights[i] / sum(weights). */
function weighted<T>(rng: Rng, choices: readonly [T, number][]): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [choice, w] of choices) {
    r -= w;
    if (r < 0) return choice;
  }
  return choices[choices.length - 1][0];
}

const personNouns = nouns.filter((n) => n.tags.includes("person"));
const animalNouns = nouns.filter((n) => n.tags.includes("animal"));

function hasTag(noun: Noun, tags: readonly AdjectiveTarget[]): boolean {
  return noun.tags.some((t) => tags.includes(t));
}

/** Adjectives that can describe this noun. */
function adjectivesFor(noun: Noun): Adjective[] {
  return adjectives.filter((a) => hasTag(noun, a.describes));
}

/** Sometimes an attributive adjective on a common noun: 큰 고양이 -> big cat. */
function maybeAdjective(rng: Rng, noun: Noun, probability: number): Adjective | undefined {
  const fitting = adjectivesFor(noun);
  return fitting.length > 0 && rng.next() < probability ? rng.pick(fitting) : undefined;
}

/** A subject that can do the verb's kind of thing: people, or people and animals. */
function actor(rng: Rng, who: "person" | "animate", adjectiveChance: number): NounPhrase {
  const kind = weighted(rng, [["pronoun", 35], ["name", 25], ["noun", 40]] as const);
  if (kind === "pronoun") return { kind, pronoun: rng.pick(pronouns) };
  if (kind === "name") return { kind, name: rng.pick(names) };
  const noun = who === "animate" && rng.next() < 0.4
    ? rng.pick(animalNouns)
    : rng.pick(personNouns);
  return { kind, noun, adjective: maybeAdjective(rng, noun, adjectiveChance) };
}

/** An object from the verb's classes; person objects include names and pronouns. */
function objectOf(rng: Rng, verb: Verb, subject: NounPhrase, adjectiveChance: number): NounPhrase {
  const tags = verb.objects ?? [];
  const common = nouns.filter((n) =>
    n.tags.some((t) => tags.includes(t)) && (!verb.massObjectsOnly || n.count !== "count")
  );
  const people = tags.includes("person");
  for (;;) {
    const kind = people
      ? weighted(
        rng,
        [["pronoun", 25], ["name", 30], ["noun", common.length > 0 ? 45 : 0]] as const,
      )
      : "noun";
    if (kind === "pronoun") {
      const pronoun = rng.pick(pronouns);
      // no reflexives: "I meet me" is not a sentence
      if (subject.kind === "pronoun" && subject.pronoun === pronoun) continue;
      return { kind, pronoun };
    }
    if (kind === "name") {
      const name = rng.pick(names);
      if (subject.kind === "name" && subject.name === name) continue;
      return { kind, name };
    }
    const noun = rng.pick(common);
    return { kind, noun, adjective: maybeAdjective(rng, noun, adjectiveChance) };
  }
}

/**
 * Sometimes a time word that fits the tense. `fits` narrows the choice further:
 * states take only some ("I was busy yesterday", not "I was busy every day").
 */
function maybeTime(
  rng: Rng,
  tense: Tense,
  probability: number,
  fits: (t: TimeWord) => boolean = () => true,
): TimeWord | undefined {
  if (rng.next() >= probability) return undefined;
  const fitting = timeWords.filter((t) => t.tenses.includes(tense) && fits(t));
  return fitting.length > 0 ? rng.pick(fitting) : undefined;
}

/** Times a state can be said to hold at: 어제, 오늘, 내일, 지난주에 ... */
const forStates = (t: TimeWord) => t.states === true;

/** Times a role can be held at: "I was a student last year" (not "yesterday"). */
const forRoles = (t: TimeWord) => t.ko[0] === "작년에" || t.ko[0] === "내년에";

function isAnimal(np: NounPhrase): boolean {
  return np.kind === "noun" && np.noun.tags.includes("animal");
}

/** Someone does something (motion, activity or transitive verb). */
function actionClause(rng: Rng): ActionClause {
  const verb = rng.pick(verbs);
  const tense = rng.pick(tenses);
  const mood = weighted<Mood>(rng, [["statement", 40], ["negative", 25], ["question", 20], [
    "wh",
    15,
  ]]);
  const subjectAdjective = rng.next() < 0.2;
  const subject = actor(rng, verb.subjects, subjectAdjective ? 1 : 0);
  const takesObject = verb.frame === "transitive" ||
    (verb.objectOptional === true && rng.next() < 0.5);
  const object = takesObject
    ? objectOf(rng, verb, subject, subjectAdjective ? 0 : 0.25)
    : undefined;
  const fittingPlaces = isAnimal(subject) ? places.filter((p) => p.animals) : places;
  const place = verb.frame === "motion" || (!verb.placeless && rng.next() < 0.4)
    ? rng.pick(fittingPlaces)
    : undefined;
  const time = maybeTime(rng, tense, 0.4);
  const clause: ActionClause = {
    kind: "action",
    subject,
    verb,
    object,
    place,
    time,
    tense,
    mood,
  };
  if (mood !== "wh") return clause;
  // the asked-for part replaces the object (what, who) or the place (where)
  const asks = verb.wh.filter((w) => w === "where" || verb.objects !== undefined);
  const wh = rng.pick(asks);
  if (wh === "where") return { ...clause, wh, place: undefined };
  return { ...clause, wh, object: undefined };
}

/**
 * What "this" and "that" may be: a short list, because each noun fused with
 * the copula is a token of its own (사과다, 사과니) and every such token must
 * come up often enough in training to be learned.
 */
const demonstrativeComplements: readonly Noun[] = [
  "사과",
  "책",
  "고양이",
  "개",
  "가방",
  "우산",
  "자동차",
  "물",
  "커피",
  "시계",
  "편지",
  "빵",
].map((ko) => nouns.find((n) => n.ko === ko)!);

/** X is a Y: people are given professions and roles, this/that things. */
function copulaClause(rng: Rng): CopulaClause {
  const kind = weighted(rng, [["pronoun", 40], ["name", 35], ["demonstrative", 25]] as const);
  const mood = weighted<CopulaClause["mood"]>(rng, [["statement", 45], ["negative", 30], [
    "question",
    25,
  ]]);
  if (kind === "demonstrative") {
    // 이것은 사과다 -> This is an apple (present only: "This was a cat" is odd)
    const complement = rng.pick(demonstrativeComplements);
    return {
      kind: "copula",
      subject: { kind, demonstrative: rng.pick(demonstratives) },
      complement,
      adjective: maybeAdjective(rng, complement, 0.25),
      tense: "present",
      mood,
    };
  }
  const subject: NounPhrase = kind === "pronoun"
    ? { kind, pronoun: rng.pick(pronouns) }
    : { kind, name: rng.pick(names) };
  const complement = rng.pick(personNouns);
  const tense = mood === "question" ? rng.pick(tenses.slice(0, 2)) : rng.pick(tenses);
  // 나는 작년에 학생이었다 -> I was a student last year; no time with the present
  const time = tense === "present" ? undefined : maybeTime(rng, tense, 0.3, forRoles);
  return {
    kind: "copula",
    subject,
    complement,
    adjective: maybeAdjective(rng, complement, 0.25),
    time,
    tense,
    mood,
  };
}

/** X is ADJ: any subject the adjective can describe. */
function stateClause(rng: Rng): StateClause {
  const adjective = rng.pick(adjectives);
  const d = adjective.describes;
  const options: [string, number][] = [];
  if (d.includes("person")) options.push(["pronoun", 30], ["name", 20]);
  if (d.includes("place")) options.push(["place", 20]);
  if (d.some((t) => t !== "person" && t !== "animal" && t !== "place")) {
    options.push(["demonstrative", 10]);
  }
  const describable = nouns.filter((n) => hasTag(n, d));
  if (describable.length > 0) options.push(["noun", 40]);
  const kind = weighted(rng, options);
  let subject: NounPhrase;
  if (kind === "pronoun") subject = { kind, pronoun: rng.pick(pronouns) };
  else if (kind === "name") subject = { kind, name: rng.pick(names) };
  else if (kind === "place") subject = { kind, place: rng.pick(places) };
  else if (kind === "demonstrative") subject = { kind, demonstrative: rng.pick(demonstratives) };
  else {
    const noun = rng.pick(describable);
    // 큰 고양이가 배고프다 -> The big cat is hungry (never "the big cat is big")
    const other = rng.next() < 0.15 && !noun.bare
      ? adjectivesFor(noun).filter((a) => a !== adjective)
      : [];
    subject = { kind: "noun", noun, adjective: other.length > 0 ? rng.pick(other) : undefined };
  }
  const mood = weighted<StateClause["mood"]>(rng, [["statement", 45], ["negative", 30], [
    "question",
    25,
  ]]);
  const tense = mood === "question" ? rng.pick(tenses.slice(0, 2)) : rng.pick(tenses);
  return {
    kind: "state",
    subject,
    adjective,
    time: maybeTime(rng, tense, 0.3, forStates),
    tense,
    mood,
  };
}

/** One random clause: 60% actions, 15% copula, 25% adjective predicates. */
export function sampleClause(rng: Rng): Clause {
  const kind = weighted(rng, [["action", 60], ["copula", 15], ["state", 25]] as const);
  if (kind === "action") return actionClause(rng);
  if (kind === "copula") return copulaClause(rng);
  return stateClause(rng);
}
