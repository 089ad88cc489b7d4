/**
 * A clause as Korean tokens: SOV order, the topic or subject particle chosen by the noun's
 * kind, object particles, and verb and adjective endings by tense and mood (hangul.ts).
 */
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
import { type Adjective, type Tense, type Verb } from "./lexicon.ts";
import type { ActionClause, CopulaClause, Mood, NounPhrase, StateClause } from "./clause.ts";

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

/** The Korean tokens of an action clause (SOV, particles by batchim). */
export function koreanAction(c: ActionClause): string[] {
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

/** The Korean tokens of a copula clause: X는 Y이다. */
export function koreanCopula(c: CopulaClause): string[] {
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

/** The Korean tokens of a state clause: X가 ADJ. */
export function koreanState(c: StateClause): string[] {
  const out = koreanSubject(c.subject);
  if (c.time) out.push(...c.time.ko);
  // An adjective's plain present is its dictionary form: 크다, 맛있다.
  const adjective = { dictionary: c.adjective.ko, present: c.adjective.ko, ...c.adjective };
  out.push(...koreanPredicate(adjective, c.tense, c.mood, "않다"));
  return out;
}
