/**
 * What the ko-en grammar realizes: a clause (who does what, where, when, in which tense and
 * mood), built from lexicon entries.
 */
import {
  type Adjective,
  type Demonstrative,
  type Noun,
  type PersonName,
  type Place,
  type Pronoun,
  type Tense,
  type TimeWord,
  type Verb,
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
