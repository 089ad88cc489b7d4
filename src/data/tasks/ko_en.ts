/**
 * ko-en: a toy Korean -> English translation task with a grammar written for
 * attn (src/data/tasks/ko_en/): subjects and objects with particles, places,
 * times, adjectives, verbs in three tenses, negation and questions. Korean is
 * SOV and English SVO, so the attention between them is not a diagonal.
 * Word tokens; "?" is a token of its own on both sides.
 */
import type { Rng } from "../../engine/random.ts";
import { collectExamples } from "../split.ts";
import type { Example, Task } from "../task.ts";
import { lexicon as w, realize, realizeTokens } from "./ko_en/grammar.ts";
import { sampleClause } from "./ko_en/sampler.ts";
import { tidyKoEnInput } from "./ko_en/input_text.ts";

/** Sentences longer than these are drawn again (they are rare). */
const maxSrcTokens = 10;
const maxTgtTokens = 14;

/**
 * Pairs the lessons show. All belong to the train split whatever their hash
 * (and open every train list), so a trained model has seen them.
 */
export const koEnShowcase: readonly Example[] = [
  realize({
    kind: "copula",
    subject: w.pronoun("나"),
    complement: w.nounEntry("학생"),
    tense: "present",
    mood: "statement",
  }),
  realize({
    kind: "action",
    subject: w.pronoun("나"),
    verb: w.verb("읽다"),
    object: w.noun("책"),
    place: w.place("도서관"),
    time: w.time("어제"),
    tense: "past",
    mood: "statement",
  }),
  realize({
    kind: "action",
    subject: w.name("민수"),
    verb: w.verb("가다"),
    place: w.place("학교"),
    time: w.time("내일"),
    tense: "future",
    mood: "statement",
  }),
  realize({
    kind: "action",
    subject: w.noun("고양이"),
    verb: w.verb("먹다"),
    object: w.noun("생선"),
    tense: "past",
    mood: "negative",
  }),
  realize({
    kind: "action",
    subject: w.pronoun("너"),
    verb: w.verb("마시다"),
    object: w.noun("커피"),
    tense: "present",
    mood: "question",
  }),
  realize({
    kind: "action",
    subject: w.pronoun("그들"),
    verb: w.verb("가다"),
    time: w.time("어제"),
    tense: "past",
    mood: "wh",
    wh: "where",
  }),
  realize({
    kind: "copula",
    subject: w.pronoun("우리"),
    complement: w.nounEntry("의사"),
    tense: "present",
    mood: "negative",
  }),
  realize({
    kind: "state",
    subject: w.noun("사과"),
    adjective: w.adjective("달다"),
    tense: "present",
    mood: "statement",
  }),
  realize({
    kind: "action",
    subject: w.pronoun("그녀"),
    verb: w.verb("사다"),
    object: w.noun("우산", "크다"),
    tense: "past",
    mood: "statement",
  }),
];

function generate(rng: Rng): Example {
  for (;;) {
    const { ko, en } = realizeTokens(sampleClause(rng));
    if (ko.length <= maxSrcTokens && en.length <= maxTgtTokens) {
      return { src: ko.join(" "), tgt: en.join(" ") };
    }
  }
}

export const koEnTask: Task = {
  name: "ko-en",
  tokenizer: "word",
  summary: "translate toy Korean sentences to English: 나는 학생이다 -> I am a student",
  summaryKo: "간단한 한국어 문장을 영어로 번역하기: 나는 학생이다 -> I am a student",
  maxSrcTokens,
  maxTgtTokens,
  examples(split, count, seed = 1) {
    return collectExamples(split, count, seed, { generate, pinnedToTrain: koEnShowcase });
  },
  tidyInput: tidyKoEnInput,
};
