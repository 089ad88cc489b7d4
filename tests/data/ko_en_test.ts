import assert from "node:assert/strict";
import { splitOf } from "../../src/data/split.ts";
import { getTask } from "../../src/data/task.ts";
import { koEnShowcase, koEnTask } from "../../src/data/tasks/ko_en.ts";
import { type Clause, lexicon as w, realize } from "../../src/data/tasks/ko_en/grammar.ts";
import {
  attributive,
  copula,
  presentQuestion,
  prospective,
  verbPresent,
  withObject,
  withSubject,
  withTopic,
} from "../../src/data/tasks/ko_en/hangul.ts";
import {
  adjectives,
  demonstratives,
  names,
  nouns,
  places,
  pronouns,
  verbs,
} from "../../src/data/tasks/ko_en/lexicon.ts";

const task = getTask("ko-en");
const train = task.examples("train", 30000, 1);
const test = task.examples("test", 2000, 1);

function wordTypes(texts: string[]): Set<string> {
  return new Set(texts.flatMap((t) => t.split(" ")));
}

/** Hand-written pairs: [what, clause, Korean, English]. */
// deno-fmt-ignore
const cases: [string, Clause, string, string][] = [
  // tenses, agreement, irregular pasts and stems
  ["present, 1sg", { kind: "action", subject: w.pronoun("나"), verb: w.verb("먹다"), object: w.noun("빵"), tense: "present", mood: "statement" }, "나는 빵을 먹는다", "I eat bread"],
  ["present, 3sg -es", { kind: "action", subject: w.name("민수"), verb: w.verb("가다"), place: w.place("학교"), tense: "present", mood: "statement" }, "민수는 학교에 간다", "Minsu goes to school"],
  ["irregular past", { kind: "action", subject: w.pronoun("그"), verb: w.verb("마시다"), object: w.noun("물"), tense: "past", mood: "statement" }, "그는 물을 마셨다", "He drank water"],
  ["future, a cake", { kind: "action", subject: w.pronoun("우리"), verb: w.verb("만들다"), object: w.noun("케이크"), tense: "future", mood: "statement" }, "우리는 케이크를 만들 것이다", "We will make a cake"],
  ["ㅂ-irregular future", { kind: "action", subject: w.pronoun("그녀"), verb: w.verb("돕다"), object: w.noun("친구"), tense: "future", mood: "statement" }, "그녀는 친구를 도울 것이다", "She will help a friend"],
  ["ㄷ-irregular future, listen to", { kind: "action", subject: w.pronoun("나"), verb: w.verb("듣다"), object: w.noun("음악"), tense: "future", mood: "statement" }, "나는 음악을 들을 것이다", "I will listen to music"],
  ["ㄹ-stem present, in the park", { kind: "action", subject: w.noun("아이"), verb: w.verb("놀다"), place: w.place("공원"), tense: "present", mood: "statement" }, "아이가 공원에서 논다", "The child plays in the park"],
  ["3sg -ies", { kind: "action", subject: w.name("영희"), verb: w.verb("공부하다"), object: w.noun("수학"), tense: "present", mood: "statement" }, "영희는 수학을 공부한다", "Younghee studies math"],
  // negation (-지 않다; do-support)
  ["negative present", { kind: "action", subject: w.pronoun("너"), verb: w.verb("읽다"), object: w.noun("신문"), tense: "present", mood: "negative" }, "너는 신문을 읽지 않는다", "You do not read a newspaper"],
  ["negative past", { kind: "action", subject: w.name("철수"), verb: w.verb("자다"), tense: "past", mood: "negative" }, "철수는 자지 않았다", "Cheolsu did not sleep"],
  ["negative 3sg", { kind: "action", subject: w.noun("고양이"), verb: w.verb("마시다"), object: w.noun("우유"), tense: "present", mood: "negative" }, "고양이가 우유를 마시지 않는다", "The cat does not drink milk"],
  ["negative future", { kind: "action", subject: w.pronoun("그들"), verb: w.verb("팔다"), object: w.noun("자동차"), tense: "future", mood: "negative" }, "그들은 자동차를 팔지 않을 것이다", "They will not sell a car"],
  ["negative copula, past", { kind: "copula", subject: w.pronoun("나"), complement: w.nounEntry("의사"), tense: "past", mood: "negative" }, "나는 의사가 아니었다", "I was not a doctor"],
  ["negative adjective", { kind: "state", subject: w.noun("커피"), adjective: w.adjective("뜨겁다"), tense: "present", mood: "negative" }, "커피가 뜨겁지 않다", "The coffee is not hot"],
  // questions
  ["question past, home", { kind: "action", subject: w.pronoun("그들"), verb: w.verb("오다"), place: w.place("집"), tense: "past", mood: "question" }, "그들은 집에 왔니 ?", "Did they come home ?"],
  ["question 3sg", { kind: "action", subject: w.name("영희"), verb: w.verb("공부하다"), place: w.place("도서관"), tense: "present", mood: "question" }, "영희는 도서관에서 공부하니 ?", "Does Younghee study at the library ?"],
  ["question future", { kind: "action", subject: w.pronoun("너"), verb: w.verb("팔다"), object: w.noun("자전거"), tense: "future", mood: "question" }, "너는 자전거를 팔 거니 ?", "Will you sell a bicycle ?"],
  ["question copula", { kind: "copula", subject: w.pronoun("너"), complement: w.nounEntry("학생"), tense: "present", mood: "question" }, "너는 학생이니 ?", "Are you a student ?"],
  ["question copula after a vowel", { kind: "copula", subject: w.pronoun("그"), complement: w.nounEntry("가수"), tense: "past", mood: "question" }, "그는 가수였니 ?", "Was he a singer ?"],
  ["question adjective, bare noun", { kind: "state", subject: w.noun("수학"), adjective: w.adjective("어렵다"), tense: "present", mood: "question" }, "수학이 어렵니 ?", "Is math difficult ?"],
  ["wh what", { kind: "action", subject: w.name("민수"), verb: w.verb("먹다"), tense: "past", mood: "wh", wh: "what" }, "민수는 무엇을 먹었니 ?", "What did Minsu eat ?"],
  ["wh who, stranded preposition", { kind: "action", subject: w.pronoun("너"), verb: w.verb("기다리다"), tense: "present", mood: "wh", wh: "who" }, "너는 누구를 기다리니 ?", "Who do you wait for ?"],
  ["wh where, future", { kind: "action", subject: w.pronoun("그녀"), verb: w.verb("가다"), time: w.time("내일"), tense: "future", mood: "wh", wh: "where" }, "그녀는 내일 어디에 갈 거니 ?", "Where will she go tomorrow ?"],
  ["wh where with an object", { kind: "action", subject: w.pronoun("너"), verb: w.verb("사다"), object: w.noun("빵"), tense: "past", mood: "wh", wh: "where" }, "너는 어디에서 빵을 샀니 ?", "Where did you buy bread ?"],
  // places
  ["activity at a place", { kind: "action", subject: w.pronoun("나"), verb: w.verb("일하다"), place: w.place("병원"), tense: "present", mood: "statement" }, "나는 병원에서 일한다", "I work at the hospital"],
  ["motion to a place", { kind: "action", subject: w.noun("개"), verb: w.verb("뛰어가다"), place: w.place("공원"), tense: "past", mood: "statement" }, "개가 공원에 뛰어갔다", "The dog ran to the park"],
  ["city", { kind: "action", subject: w.pronoun("그들"), verb: w.verb("가다"), place: w.place("서울"), tense: "future", mood: "statement" }, "그들은 서울에 갈 것이다", "They will go to Seoul"],
  ["place as subject", { kind: "state", subject: w.placeSubject("도서관"), adjective: w.adjective("조용하다"), tense: "present", mood: "statement" }, "도서관이 조용하다", "The library is quiet"],
  // times
  ["every day", { kind: "action", subject: w.pronoun("나"), verb: w.verb("운동하다"), time: w.time("매일"), tense: "present", mood: "statement" }, "나는 매일 운동한다", "I exercise every day"],
  ["next week", { kind: "action", subject: w.pronoun("그"), verb: w.verb("보다"), object: w.noun("영화"), time: w.time("다음 주에"), tense: "future", mood: "statement" }, "그는 다음 주에 영화를 볼 것이다", "He will see a movie next week"],
  ["time and place mirrored", { kind: "action", subject: w.name("지호"), verb: w.verb("읽다"), object: w.noun("책"), place: w.place("도서관"), time: w.time("어제"), tense: "past", mood: "statement" }, "지호는 어제 도서관에서 책을 읽었다", "Jiho read a book at the library yesterday"],
  ["copula with a time", { kind: "copula", subject: w.pronoun("나"), complement: w.nounEntry("학생"), time: w.time("작년에"), tense: "past", mood: "statement" }, "나는 작년에 학생이었다", "I was a student last year"],
  ["adjective with a time", { kind: "state", subject: w.name("영희"), adjective: w.adjective("바쁘다"), time: w.time("내일"), tense: "future", mood: "statement" }, "영희는 내일 바쁠 것이다", "Younghee will be busy tomorrow"],
  // adjectives
  ["predicate adjective", { kind: "state", subject: w.pronoun("나"), adjective: w.adjective("배고프다"), tense: "present", mood: "statement" }, "나는 배고프다", "I am hungry"],
  ["ㅂ-irregular past adjective", { kind: "state", subject: w.noun("방"), adjective: w.adjective("더럽다"), tense: "past", mood: "statement" }, "방이 더러웠다", "The room was dirty"],
  ["ㄹ-stem adjective", { kind: "state", subject: w.noun("소설"), adjective: w.adjective("길다"), tense: "present", mood: "question" }, "소설이 기니 ?", "Is the novel long ?"],
  ["attributive ㅂ-irregular", { kind: "action", subject: w.pronoun("나"), verb: w.verb("사다"), object: w.noun("가방", "무겁다"), tense: "past", mood: "statement" }, "나는 무거운 가방을 샀다", "I bought a heavy bag"],
  ["attributive 있다, an", { kind: "action", subject: w.pronoun("그녀"), verb: w.verb("읽다"), object: w.noun("책", "재미있다"), tense: "present", mood: "statement" }, "그녀는 재미있는 책을 읽는다", "She reads an interesting book"],
  ["an old car", { kind: "action", subject: w.name("민수"), verb: w.verb("고치다"), object: w.noun("자동차", "낡다"), tense: "past", mood: "statement" }, "민수는 낡은 자동차를 고쳤다", "Minsu fixed an old car"],
  ["attributive on the subject", { kind: "action", subject: w.noun("고양이", "귀엽다"), verb: w.verb("자다"), tense: "present", mood: "statement" }, "귀여운 고양이가 잔다", "The cute cat sleeps"],
  ["plural complement", { kind: "copula", subject: w.pronoun("그들"), complement: w.nounEntry("의사"), adjective: w.adjective("친절하다"), tense: "present", mood: "statement" }, "그들은 친절한 의사다", "They are kind doctors"],
  ["irregular plural", { kind: "copula", subject: w.pronoun("우리"), complement: w.nounEntry("아이"), tense: "past", mood: "statement" }, "우리는 아이였다", "We were children"],
  ["this is an apple", { kind: "copula", subject: w.demonstrative("이것"), complement: w.nounEntry("사과"), tense: "present", mood: "statement" }, "이것은 사과다", "This is an apple"],
  ["is that a cat", { kind: "copula", subject: w.demonstrative("저것"), complement: w.nounEntry("고양이"), tense: "present", mood: "question" }, "저것은 고양이니 ?", "Is that a cat ?"],
  ["city as subject, no article", { kind: "state", subject: w.placeSubject("서울"), adjective: w.adjective("크다"), tense: "present", mood: "statement" }, "서울이 크다", "Seoul is big"],
];

Deno.test("ko-en: hand-written sentences of every construction come out exactly", () => {
  for (const [what, clause, ko, en] of cases) {
    assert.deepEqual(realize(clause), { src: ko, tgt: en }, what);
  }
});

Deno.test("ko-en: the showcase opens the train split with 나는 학생이다 -> I am a student", () => {
  assert.deepEqual(koEnShowcase[0], { src: "나는 학생이다", tgt: "I am a student" });
  assert.deepEqual(train.slice(0, koEnShowcase.length), koEnShowcase);
  const devAndTest = [...task.examples("dev", 5000, 1), ...task.examples("test", 5000, 2)];
  const showcaseSources = new Set(koEnShowcase.map((e) => e.src));
  assert.ok(devAndTest.every((e) => !showcaseSources.has(e.src)));
  // every showcase pair is one the grammar also generates: its tokens are in the training vocabulary
  const later = train.slice(koEnShowcase.length);
  const koTypes = wordTypes(later.map((e) => e.src));
  const enTypes = wordTypes(later.map((e) => e.tgt));
  for (const e of koEnShowcase) {
    for (const t of e.src.split(" ")) assert.ok(koTypes.has(t), `${t} of ${e.src}`);
    for (const t of e.tgt.split(" ")) assert.ok(enTypes.has(t), `${t} of ${e.tgt}`);
  }
});

Deno.test("ko-en: at least 150 Korean and 150 English word types", () => {
  const ko = wordTypes(train.map((e) => e.src));
  const en = wordTypes(train.map((e) => e.tgt));
  assert.ok(ko.size >= 150, `expected >= 150 Korean word types, got ${ko.size}`);
  assert.ok(en.size >= 150, `expected >= 150 English word types, got ${en.size}`);
});

Deno.test("ko-en: every test-split token occurs in the training data", () => {
  const ko = wordTypes(train.map((e) => e.src));
  const en = wordTypes(train.map((e) => e.tgt));
  for (const e of test) {
    for (const t of e.src.split(" ")) {
      assert.ok(ko.has(t), `Korean ${t} of "${e.src}" not in train`);
    }
    for (const t of e.tgt.split(" ")) {
      assert.ok(en.has(t), `English ${t} of "${e.tgt}" not in train`);
    }
  }
});

Deno.test("ko-en: translation is a function (no Korean sentence has two translations)", () => {
  const seen = new Map<string, string>();
  const all = [
    ...train,
    ...task.examples("train", 30000, 2),
    ...task.examples("dev", 5000, 3),
    ...test,
  ];
  for (const e of all) {
    const before = seen.get(e.src);
    assert.ok(before === undefined || before === e.tgt, `${e.src}: "${before}" and "${e.tgt}"`);
    seen.set(e.src, e.tgt);
  }
  // and the lexicon gives each Korean word one entry
  const words = [
    ...pronouns.map((p) => p.ko),
    ...names.map((n) => n.ko),
    ...demonstratives.map((d) => d.ko),
    ...nouns.map((n) => n.ko),
    ...places.map((p) => p.ko),
    ...verbs.map((v) => v.ko),
    ...adjectives.map((a) => a.ko),
  ];
  assert.equal(new Set(words).size, words.length, "a Korean word with two lexicon entries");
});

Deno.test("ko-en: no test sentence appears in training", () => {
  const trainSources = new Set(train.map((e) => e.src));
  for (const e of test) assert.ok(!trainSources.has(e.src), e.src);
  for (const e of test) assert.equal(splitOf(e.src), "test");
});

Deno.test("ko-en: alignment is not monotonic (verb last in Korean, second in English)", () => {
  const [ko, en] = ["나는 빵을 먹었다", "I ate bread"];
  const pair = realize({
    kind: "action",
    subject: w.pronoun("나"),
    verb: w.verb("먹다"),
    object: w.noun("빵"),
    tense: "past",
    mood: "statement",
  });
  assert.deepEqual(pair, { src: ko, tgt: en });
  // across generated data: Korean statements end in the verb while English puts it second
  const koPast = new Set(verbs.map((v) => v.past));
  const enPast = new Set(verbs.map((v) => v.enPast));
  let crossed = 0;
  for (const e of train) {
    const k = e.src.split(" ");
    const g = e.tgt.split(" ");
    if (k.length >= 3 && koPast.has(k[k.length - 1]) && g.length >= 3 && enPast.has(g[1])) {
      crossed++;
    }
  }
  assert.ok(crossed > 1000, `expected many verb-last / verb-second pairs, got ${crossed}`);
});

Deno.test("ko-en: sentences are at most 10 Korean and 14 English tokens, and questions end in ?", () => {
  for (const e of train) {
    const k = e.src.split(" ");
    const g = e.tgt.split(" ");
    assert.ok(k.length <= task.maxSrcTokens && g.length <= task.maxTgtTokens, e.src);
    assert.equal(k[k.length - 1] === "?", g[g.length - 1] === "?", `${e.src} / ${e.tgt}`);
    assert.match(g[0], /^[A-Z]/, e.tgt);
  }
});

Deno.test("hangul: particles follow the final consonant", () => {
  assert.deepEqual([withTopic("학생"), withTopic("의사")], ["학생은", "의사는"]);
  assert.deepEqual([withSubject("학생"), withSubject("의사")], ["학생이", "의사가"]);
  assert.deepEqual([withObject("책"), withObject("사과")], ["책을", "사과를"]);
  assert.deepEqual(copula("학생"), {
    present: "학생이다",
    past: "학생이었다",
    prospective: "학생일",
    presentQuestion: "학생이니",
    pastQuestion: "학생이었니",
  });
  assert.equal(copula("의사").past, "의사였다");
  assert.throws(() => withTopic("abc"), /expected a word ending in a Hangul syllable, got "abc"/);
});

Deno.test("hangul: verb and adjective forms, regular and irregular", () => {
  assert.deepEqual(
    ["가다", "먹다", "놀다", "만들다", "돕다", "듣다", "공부하다"].map((v) => verbPresent(v)),
    ["간다", "먹는다", "논다", "만든다", "돕는다", "듣는다", "공부한다"],
  );
  assert.deepEqual(
    ["가다", "먹다", "놀다", "크다", "길다"].map((v) => presentQuestion(v)),
    ["가니", "먹니", "노니", "크니", "기니"],
  );
  assert.deepEqual(
    [
      prospective("가다"),
      prospective("먹다"),
      prospective("놀다"),
      prospective("돕다", "b"),
      prospective("듣다", "d"),
      prospective("잡다"),
    ],
    ["갈", "먹을", "놀", "도울", "들을", "잡을"],
  );
  assert.deepEqual(
    [
      attributive("크다"),
      attributive("작다"),
      attributive("길다"),
      attributive("덥다", "b"),
      attributive("맛있다", "itda"),
      attributive("친절하다"),
    ],
    ["큰", "작은", "긴", "더운", "맛있는", "친절한"],
  );
});

Deno.test("ko-en input: punctuation typed by a learner is split or dropped as the data writes it", () => {
  const tidy = koEnTask.tidyInput!;
  assert.equal(tidy("나는 학생이다."), "나는 학생이다");
  assert.equal(tidy("너는 커피를 마시니?"), "너는 커피를 마시니 ?");
  assert.equal(tidy("  그들은 어제 어디에 갔니 ？ "), "그들은 어제 어디에 갔니 ?");
  assert.equal(tidy("민수가, 학교에 간다!"), "민수가 학교에 간다");
  // Every sentence of the data is left as it is.
  for (const e of koEnTask.examples("train", 200)) assert.equal(tidy(e.src), e.src);
});
