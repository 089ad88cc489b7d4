/**
 * The ko-en lexicon: every Korean word the grammar uses with its one English
 * counterpart and the features the grammar needs (person, countability,
 * irregular forms, what a verb can take as subject and object). Written for
 * attn. Each Korean word has exactly one English rendering, so translation is
 * a function; several Korean words may share an English one (생선, 물고기 -> fish).
 */
import type { Irregular } from "./hangul.ts";

/** Grammatical person and number, for English agreement (am/is/are, go/goes). */
export type Person = "1sg" | "2sg" | "3sg" | "1pl" | "3pl";

/** Personal pronouns. Plain style: 나, 너 (not 저, 당신). */
export interface Pronoun {
  ko: string;
  en: string;
  enObject: string;
  person: Person;
}

export const pronouns: readonly Pronoun[] = [
  { ko: "나", en: "I", enObject: "me", person: "1sg" },
  { ko: "너", en: "you", enObject: "you", person: "2sg" },
  { ko: "그", en: "he", enObject: "him", person: "3sg" },
  { ko: "그녀", en: "she", enObject: "her", person: "3sg" },
  { ko: "우리", en: "we", enObject: "us", person: "1pl" },
  { ko: "그들", en: "they", enObject: "them", person: "3pl" },
];

/** Given names; all end in a vowel, so they take 는/가/를 (no 이-suffix questions). */
export interface PersonName {
  ko: string;
  en: string;
}

export const names: readonly PersonName[] = [
  { ko: "민수", en: "Minsu" },
  { ko: "지수", en: "Jisu" },
  { ko: "철수", en: "Cheolsu" },
  { ko: "영희", en: "Younghee" },
  { ko: "유나", en: "Yuna" },
  { ko: "지호", en: "Jiho" },
  { ko: "수미", en: "Sumi" },
  { ko: "준호", en: "Junho" },
];

/** Demonstrative pronouns for things: subjects of "This is an apple", "That is heavy". */
export interface Demonstrative {
  ko: string;
  en: string;
}

export const demonstratives: readonly Demonstrative[] = [
  { ko: "이것", en: "this" },
  { ko: "저것", en: "that" },
];

/**
 * Semantic classes: they decide which verbs take a noun as subject or object
 * and which adjectives describe it, so that sentences make sense.
 */
export type NounTag =
  | "person" // can do things, be a subject of a copula: student, friend
  | "animal"
  | "food"
  | "fruit" // food that can be big or small
  | "drink"
  | "thing" // portable objects: buy, lose, find
  | "readable"
  | "writable"
  | "openable"
  | "fixable"
  | "vehicle" // rideable
  | "music" // listen to
  | "lesson" // school subjects: learn, teach, study
  | "movie"
  | "drawable"
  | "ball"
  | "room"; // cleanable

/**
 * English countability decides the article: count nouns take a/an as objects
 * and complements, mass nouns ("water") and plural-only nouns ("noodles") none.
 */
export type Countability = "count" | "mass" | "plural";

export interface Noun {
  ko: string;
  en: string;
  /** English plural when it is not noun + s (children, women). */
  plural?: string;
  count: Countability;
  /** Takes no article even as a subject: school subjects ("Math is difficult"). */
  bare?: boolean;
  tags: readonly NounTag[];
}

const person = (ko: string, en: string, plural?: string): Noun => ({
  ko,
  en,
  plural,
  count: "count",
  tags: ["person"],
});

export const nouns: readonly Noun[] = [
  // people: professions and roles; also complements of the copula (나는 학생이다)
  person("학생", "student"),
  person("선생님", "teacher"),
  person("의사", "doctor"),
  person("간호사", "nurse"),
  person("요리사", "cook"),
  person("가수", "singer"),
  person("화가", "painter"),
  person("경찰관", "police officer"),
  person("농부", "farmer"),
  person("배우", "actor"),
  person("작가", "writer"),
  person("엔지니어", "engineer"),
  person("과학자", "scientist"),
  person("아이", "child", "children"),
  person("친구", "friend"),
  person("남자", "man", "men"),
  person("여자", "woman", "women"),
  // animals
  { ko: "고양이", en: "cat", count: "count", tags: ["animal", "drawable"] },
  { ko: "개", en: "dog", count: "count", tags: ["animal", "drawable"] },
  { ko: "새", en: "bird", count: "count", tags: ["animal", "drawable"] },
  { ko: "말", en: "horse", count: "count", tags: ["animal", "vehicle", "drawable"] },
  { ko: "토끼", en: "rabbit", count: "count", tags: ["animal", "drawable"] },
  { ko: "쥐", en: "mouse", plural: "mice", count: "count", tags: ["animal"] },
  { ko: "곰", en: "bear", count: "count", tags: ["animal"] },
  { ko: "호랑이", en: "tiger", count: "count", tags: ["animal", "drawable"] },
  { ko: "원숭이", en: "monkey", count: "count", tags: ["animal"] },
  { ko: "코끼리", en: "elephant", count: "count", tags: ["animal", "drawable"] },
  { ko: "물고기", en: "fish", plural: "fish", count: "count", tags: ["animal"] },
  // food (생선 is fish as food: mass, "eats fish")
  { ko: "사과", en: "apple", count: "count", tags: ["food", "fruit", "drawable"] },
  { ko: "바나나", en: "banana", count: "count", tags: ["food", "fruit"] },
  { ko: "오렌지", en: "orange", count: "count", tags: ["food", "fruit"] },
  { ko: "딸기", en: "strawberry", count: "count", tags: ["food", "fruit"] },
  { ko: "포도", en: "grapes", count: "plural", tags: ["food", "fruit"] },
  { ko: "달걀", en: "egg", count: "count", tags: ["food"] },
  { ko: "케이크", en: "cake", count: "count", tags: ["food"] },
  { ko: "빵", en: "bread", count: "mass", tags: ["food"] },
  { ko: "밥", en: "rice", count: "mass", tags: ["food"] },
  { ko: "고기", en: "meat", count: "mass", tags: ["food"] },
  { ko: "생선", en: "fish", count: "mass", tags: ["food"] },
  { ko: "김치", en: "kimchi", count: "mass", tags: ["food"] },
  { ko: "국수", en: "noodles", count: "plural", tags: ["food"] },
  // drinks
  { ko: "물", en: "water", count: "mass", tags: ["drink"] },
  { ko: "우유", en: "milk", count: "mass", tags: ["drink"] },
  { ko: "커피", en: "coffee", count: "mass", tags: ["drink"] },
  { ko: "차", en: "tea", count: "mass", tags: ["drink"] },
  { ko: "주스", en: "juice", count: "mass", tags: ["drink"] },
  // things to read and write
  { ko: "책", en: "book", count: "count", tags: ["thing", "readable", "writable"] },
  { ko: "편지", en: "letter", count: "count", tags: ["thing", "readable", "writable"] },
  { ko: "신문", en: "newspaper", count: "count", tags: ["thing", "readable"] },
  { ko: "잡지", en: "magazine", count: "count", tags: ["thing", "readable"] },
  { ko: "소설", en: "novel", count: "count", tags: ["thing", "readable", "writable"] },
  // other things
  { ko: "가방", en: "bag", count: "count", tags: ["thing", "openable"] },
  { ko: "모자", en: "hat", count: "count", tags: ["thing", "drawable"] },
  { ko: "우산", en: "umbrella", count: "count", tags: ["thing", "openable", "fixable"] },
  { ko: "시계", en: "watch", count: "count", tags: ["thing", "fixable"] },
  { ko: "컴퓨터", en: "computer", count: "count", tags: ["thing", "fixable"] },
  { ko: "자동차", en: "car", count: "count", tags: ["thing", "fixable", "vehicle", "drawable"] },
  { ko: "자전거", en: "bicycle", count: "count", tags: ["thing", "fixable", "vehicle"] },
  { ko: "버스", en: "bus", count: "count", tags: ["vehicle"] },
  { ko: "상자", en: "box", count: "count", tags: ["thing", "openable"] },
  { ko: "열쇠", en: "key", count: "count", tags: ["thing"] },
  { ko: "공", en: "ball", count: "count", tags: ["thing", "ball"] },
  { ko: "꽃", en: "flower", count: "count", tags: ["thing", "drawable"] },
  { ko: "의자", en: "chair", count: "count", tags: ["thing", "fixable"] },
  { ko: "그림", en: "picture", count: "count", tags: ["thing", "drawable"] },
  { ko: "문", en: "door", count: "count", tags: ["openable"] },
  { ko: "창문", en: "window", count: "count", tags: ["openable", "room"] },
  { ko: "방", en: "room", count: "count", tags: ["room"] },
  // things to listen to, watch, learn
  { ko: "음악", en: "music", count: "mass", bare: true, tags: ["music", "lesson"] },
  { ko: "노래", en: "song", count: "count", tags: ["music", "writable"] },
  { ko: "영화", en: "movie", count: "count", tags: ["movie"] },
  { ko: "수학", en: "math", count: "mass", bare: true, tags: ["lesson"] },
  { ko: "영어", en: "English", count: "mass", bare: true, tags: ["lesson"] },
  { ko: "한국어", en: "Korean", count: "mass", bare: true, tags: ["lesson"] },
  { ko: "과학", en: "science", count: "mass", bare: true, tags: ["lesson"] },
  { ko: "역사", en: "history", count: "mass", bare: true, tags: ["lesson"] },
];

/**
 * Places: where someone goes (에 -> "to X") or does something (에서 -> "at X");
 * English chooses the preposition and article per place (to school, to the
 * park, home; at home, in the park), so each place spells its phrases out.
 */
export interface Place {
  ko: string;
  /** Destination phrase: "to the park", "home". */
  to: string;
  /** Location phrase: "in the park", "at home". */
  at: string;
  /** As a subject: "the park", "the house". */
  np: string;
  /** Animals may go or be here too. */
  animals?: boolean;
}

export const places: readonly Place[] = [
  { ko: "학교", to: "to school", at: "at school", np: "the school" },
  { ko: "집", to: "home", at: "at home", np: "the house", animals: true },
  { ko: "도서관", to: "to the library", at: "at the library", np: "the library" },
  { ko: "공원", to: "to the park", at: "in the park", np: "the park", animals: true },
  { ko: "식당", to: "to the restaurant", at: "at the restaurant", np: "the restaurant" },
  { ko: "시장", to: "to the market", at: "at the market", np: "the market" },
  { ko: "가게", to: "to the store", at: "at the store", np: "the store" },
  { ko: "병원", to: "to the hospital", at: "at the hospital", np: "the hospital" },
  { ko: "은행", to: "to the bank", at: "at the bank", np: "the bank" },
  { ko: "역", to: "to the station", at: "at the station", np: "the station" },
  { ko: "회사", to: "to the office", at: "at the office", np: "the office" },
  { ko: "교회", to: "to church", at: "at church", np: "the church" },
  { ko: "카페", to: "to the cafe", at: "at the cafe", np: "the cafe" },
  { ko: "극장", to: "to the theater", at: "at the theater", np: "the theater" },
  { ko: "박물관", to: "to the museum", at: "at the museum", np: "the museum" },
  { ko: "공항", to: "to the airport", at: "at the airport", np: "the airport" },
  { ko: "서울", to: "to Seoul", at: "in Seoul", np: "Seoul" },
  { ko: "부산", to: "to Busan", at: "in Busan", np: "Busan" },
  { ko: "동물원", to: "to the zoo", at: "at the zoo", np: "the zoo", animals: true },
  { ko: "수영장", to: "to the pool", at: "at the pool", np: "the pool", animals: true },
];

/**
 * How a verb combines with the rest of the clause:
 * - "motion": goes somewhere, place with 에 (학교에 간다 -> goes to school);
 * - "activity": optionally somewhere, place with 에서 (도서관에서 공부한다);
 * - "transitive": takes an object with 을/를, optionally a place with 에서.
 */
export type VerbFrame = "motion" | "activity" | "transitive";

export interface Verb {
  /** Dictionary form: 먹다. */
  ko: string;
  /** Plain past: 먹었다 (vowel contraction is lexical, so it is spelled out). */
  past: string;
  irregular?: Irregular;
  frame: VerbFrame;
  /** Who can be the subject: people only, or people and animals. */
  subjects: "person" | "animate";
  /** Noun classes the object may come from ("person" includes names and pronouns). */
  objects?: readonly NounTag[];
  /** An activity verb that may also take an object (공부한다 / 수학을 공부한다). */
  objectOptional?: boolean;
  /** Only mass or plural-only common nouns as objects ("likes music", not "likes a dog"). */
  massObjectsOnly?: boolean;
  /** A state, not an event: never with a place ("likes music", not "likes music at the bank"). */
  placeless?: boolean;
  /** Question words this verb is asked with (무엇을 -> what, 누구를 -> who, 어디 -> where). */
  wh: readonly ("what" | "who" | "where")[];
  /** English base form; a phrasal verb inflects its first word ("listen to"). */
  en: string;
  enPast: string;
  /** English third-person singular when the spelling rule (goes, cries, watches) would be wrong. */
  enThird?: string;
  /** English preposition before an object ("wait for a friend"); stranded in questions. */
  enPrep?: string;
}

// deno-fmt-ignore
export const verbs: readonly Verb[] = [
  // motion: place with 에 (always present)
  { ko: "가다", past: "갔다", frame: "motion", subjects: "animate", wh: ["where"], en: "go", enPast: "went" },
  { ko: "오다", past: "왔다", frame: "motion", subjects: "animate", wh: ["where"], en: "come", enPast: "came" },
  { ko: "뛰어가다", past: "뛰어갔다", frame: "motion", subjects: "animate", wh: ["where"], en: "run", enPast: "ran" },
  // activities: place with 에서 (optional)
  { ko: "공부하다", past: "공부했다", frame: "activity", subjects: "person", objects: ["lesson"], objectOptional: true, wh: ["what", "where"], en: "study", enPast: "studied" },
  { ko: "일하다", past: "일했다", frame: "activity", subjects: "person", wh: ["where"], en: "work", enPast: "worked" },
  { ko: "놀다", past: "놀았다", frame: "activity", subjects: "animate", wh: ["where"], en: "play", enPast: "played" },
  { ko: "자다", past: "잤다", frame: "activity", subjects: "animate", wh: ["where"], en: "sleep", enPast: "slept" },
  { ko: "울다", past: "울었다", frame: "activity", subjects: "person", wh: ["where"], en: "cry", enPast: "cried" },
  { ko: "수영하다", past: "수영했다", frame: "activity", subjects: "animate", wh: ["where"], en: "swim", enPast: "swam" },
  { ko: "노래하다", past: "노래했다", frame: "activity", subjects: "person", wh: ["where"], en: "sing", enPast: "sang" },
  { ko: "춤추다", past: "춤췄다", frame: "activity", subjects: "person", wh: ["where"], en: "dance", enPast: "danced" },
  { ko: "운동하다", past: "운동했다", frame: "activity", subjects: "person", wh: ["where"], en: "exercise", enPast: "exercised" },
  { ko: "걷다", past: "걸었다", irregular: "d", frame: "activity", subjects: "animate", wh: ["where"], en: "walk", enPast: "walked" },
  { ko: "기다리다", past: "기다렸다", frame: "activity", subjects: "person", objects: ["person", "vehicle"], objectOptional: true, wh: ["who", "where"], en: "wait", enPast: "waited", enPrep: "for" },
  { ko: "요리하다", past: "요리했다", frame: "activity", subjects: "person", objects: ["food"], objectOptional: true, wh: ["what", "where"], en: "cook", enPast: "cooked" },
  // transitive: object with 을/를
  { ko: "먹다", past: "먹었다", frame: "transitive", subjects: "animate", objects: ["food"], wh: ["what", "where"], en: "eat", enPast: "ate" },
  { ko: "마시다", past: "마셨다", frame: "transitive", subjects: "animate", objects: ["drink"], wh: ["what", "where"], en: "drink", enPast: "drank" },
  { ko: "읽다", past: "읽었다", frame: "transitive", subjects: "person", objects: ["readable"], wh: ["what", "where"], en: "read", enPast: "read" },
  { ko: "쓰다", past: "썼다", frame: "transitive", subjects: "person", objects: ["writable"], wh: ["what", "where"], en: "write", enPast: "wrote" },
  { ko: "보다", past: "봤다", frame: "transitive", subjects: "animate", objects: ["person", "animal", "movie", "thing"], wh: ["what", "who", "where"], en: "see", enPast: "saw" },
  { ko: "사다", past: "샀다", frame: "transitive", subjects: "person", objects: ["food", "drink", "thing"], wh: ["what", "where"], en: "buy", enPast: "bought" },
  { ko: "팔다", past: "팔았다", frame: "transitive", subjects: "person", objects: ["food", "thing"], wh: ["what", "where"], en: "sell", enPast: "sold" },
  { ko: "만들다", past: "만들었다", frame: "transitive", subjects: "person", objects: ["food", "thing"], wh: ["what", "where"], en: "make", enPast: "made" },
  { ko: "좋아하다", past: "좋아했다", frame: "transitive", subjects: "animate", objects: ["person", "food", "drink", "music", "lesson"], massObjectsOnly: true, placeless: true, wh: ["what", "who"], en: "like", enPast: "liked" },
  { ko: "만나다", past: "만났다", frame: "transitive", subjects: "person", objects: ["person"], wh: ["who", "where"], en: "meet", enPast: "met" },
  { ko: "돕다", past: "도왔다", irregular: "b", frame: "transitive", subjects: "person", objects: ["person", "animal"], wh: ["who", "where"], en: "help", enPast: "helped" },
  { ko: "찾다", past: "찾았다", frame: "transitive", subjects: "animate", objects: ["thing"], wh: ["what", "where"], en: "find", enPast: "found" },
  { ko: "잡다", past: "잡았다", frame: "transitive", subjects: "animate", objects: ["animal", "ball"], wh: ["what", "where"], en: "catch", enPast: "caught" },
  { ko: "열다", past: "열었다", frame: "transitive", subjects: "person", objects: ["openable"], wh: ["what", "where"], en: "open", enPast: "opened" },
  { ko: "닫다", past: "닫았다", frame: "transitive", subjects: "person", objects: ["openable"], wh: ["what", "where"], en: "close", enPast: "closed" },
  { ko: "듣다", past: "들었다", irregular: "d", frame: "transitive", subjects: "person", objects: ["music"], wh: ["what", "where"], en: "listen", enPast: "listened", enPrep: "to" },
  { ko: "배우다", past: "배웠다", frame: "transitive", subjects: "person", objects: ["lesson"], wh: ["what", "where"], en: "learn", enPast: "learned" },
  { ko: "가르치다", past: "가르쳤다", frame: "transitive", subjects: "person", objects: ["lesson"], wh: ["what", "where"], en: "teach", enPast: "taught" },
  { ko: "그리다", past: "그렸다", frame: "transitive", subjects: "person", objects: ["drawable"], wh: ["what", "where"], en: "draw", enPast: "drew" },
  { ko: "타다", past: "탔다", frame: "transitive", subjects: "person", objects: ["vehicle"], wh: ["what", "where"], en: "ride", enPast: "rode" },
  { ko: "잃어버리다", past: "잃어버렸다", frame: "transitive", subjects: "person", objects: ["thing"], wh: ["what", "where"], en: "lose", enPast: "lost" },
  { ko: "고치다", past: "고쳤다", frame: "transitive", subjects: "person", objects: ["fixable"], wh: ["what", "where"], en: "fix", enPast: "fixed" },
  { ko: "청소하다", past: "청소했다", frame: "transitive", subjects: "person", objects: ["room"], wh: ["what", "where"], en: "clean", enPast: "cleaned" },
];

/** What an adjective can describe: noun classes, plus places. */
export type AdjectiveTarget = NounTag | "place";

export interface Adjective {
  /** Dictionary form, also the plain present predicate: 크다. */
  ko: string;
  past: string;
  irregular?: Irregular;
  en: string;
  describes: readonly AdjectiveTarget[];
}

// deno-fmt-ignore
export const adjectives: readonly Adjective[] = [
  { ko: "크다", past: "컸다", en: "big", describes: ["animal", "thing", "place", "fruit"] },
  { ko: "작다", past: "작았다", en: "small", describes: ["animal", "thing", "place", "fruit"] },
  { ko: "예쁘다", past: "예뻤다", en: "pretty", describes: ["animal", "thing", "place", "person"] },
  { ko: "귀엽다", past: "귀여웠다", irregular: "b", en: "cute", describes: ["animal", "person"] },
  { ko: "빠르다", past: "빨랐다", en: "fast", describes: ["animal", "vehicle"] },
  { ko: "느리다", past: "느렸다", en: "slow", describes: ["animal", "vehicle"] },
  { ko: "무겁다", past: "무거웠다", irregular: "b", en: "heavy", describes: ["thing", "animal"] },
  { ko: "비싸다", past: "비쌌다", en: "expensive", describes: ["thing", "food", "drink"] },
  { ko: "맛있다", past: "맛있었다", irregular: "itda", en: "delicious", describes: ["food", "drink"] },
  { ko: "달다", past: "달았다", en: "sweet", describes: ["food", "drink"] },
  { ko: "뜨겁다", past: "뜨거웠다", irregular: "b", en: "hot", describes: ["drink"] },
  { ko: "차갑다", past: "차가웠다", irregular: "b", en: "cold", describes: ["drink"] },
  { ko: "깨끗하다", past: "깨끗했다", en: "clean", describes: ["place", "thing", "room"] },
  { ko: "더럽다", past: "더러웠다", irregular: "b", en: "dirty", describes: ["place", "thing", "room"] },
  { ko: "조용하다", past: "조용했다", en: "quiet", describes: ["place", "person"] },
  { ko: "바쁘다", past: "바빴다", en: "busy", describes: ["person", "place"] },
  { ko: "행복하다", past: "행복했다", en: "happy", describes: ["person"] },
  { ko: "슬프다", past: "슬펐다", en: "sad", describes: ["person"] },
  { ko: "피곤하다", past: "피곤했다", en: "tired", describes: ["person", "animal"] },
  { ko: "배고프다", past: "배고팠다", en: "hungry", describes: ["person", "animal"] },
  { ko: "친절하다", past: "친절했다", en: "kind", describes: ["person"] },
  { ko: "길다", past: "길었다", en: "long", describes: ["readable", "movie"] },
  { ko: "재미있다", past: "재미있었다", irregular: "itda", en: "interesting", describes: ["readable", "movie", "lesson"] },
  { ko: "어렵다", past: "어려웠다", irregular: "b", en: "difficult", describes: ["lesson"] },
  { ko: "낡다", past: "낡았다", en: "old", describes: ["thing", "place"] },
  { ko: "아름답다", past: "아름다웠다", irregular: "b", en: "beautiful", describes: ["place", "person", "thing"] },
];

export type Tense = "present" | "past" | "future";

/** Time adverbials; each fits some tenses only (어제 needs the past). */
export interface TimeWord {
  /** Korean tokens (다음 주에 is two words). */
  ko: readonly string[];
  en: readonly string[];
  tenses: readonly Tense[];
  /** Also fits states (copula and adjective clauses: "I was busy yesterday"). */
  states?: boolean;
}

const allTenses: readonly Tense[] = ["present", "past", "future"];

export const timeWords: readonly TimeWord[] = [
  { ko: ["어제"], en: ["yesterday"], tenses: ["past"], states: true },
  { ko: ["오늘"], en: ["today"], tenses: allTenses, states: true },
  { ko: ["내일"], en: ["tomorrow"], tenses: ["future"], states: true },
  { ko: ["매일"], en: ["every", "day"], tenses: ["present"] },
  { ko: ["아침에"], en: ["in", "the", "morning"], tenses: allTenses },
  { ko: ["저녁에"], en: ["in", "the", "evening"], tenses: allTenses },
  { ko: ["밤에"], en: ["at", "night"], tenses: allTenses },
  { ko: ["주말에"], en: ["on", "the", "weekend"], tenses: allTenses },
  { ko: ["지난주에"], en: ["last", "week"], tenses: ["past"], states: true },
  { ko: ["다음", "주에"], en: ["next", "week"], tenses: ["future"], states: true },
  { ko: ["작년에"], en: ["last", "year"], tenses: ["past"], states: true },
  { ko: ["내년에"], en: ["next", "year"], tenses: ["future"], states: true },
  { ko: ["월요일에"], en: ["on", "Monday"], tenses: allTenses },
  { ko: ["화요일에"], en: ["on", "Tuesday"], tenses: allTenses },
  { ko: ["수요일에"], en: ["on", "Wednesday"], tenses: allTenses },
  { ko: ["목요일에"], en: ["on", "Thursday"], tenses: allTenses },
  { ko: ["금요일에"], en: ["on", "Friday"], tenses: allTenses },
  { ko: ["토요일에"], en: ["on", "Saturday"], tenses: allTenses },
  { ko: ["일요일에"], en: ["on", "Sunday"], tenses: allTenses },
];
