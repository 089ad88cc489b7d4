/**
 * Hangul syllable arithmetic and the Korean morphology the ko-en grammar
 * needs: particles chosen by the final consonant (batchim) of the word they
 * attach to, and the forms of verbs and adjectives in the plain declarative
 * style (해라체: 간다, 갔다, 갈 것이다, 가니?).
 *
 * A precomposed syllable is 0xAC00 + (initial * 21 + medial) * 28 + final
 * (Unicode, section 3.12), so a final consonant can be read and swapped by
 * arithmetic on the code point.
 */

const firstSyllable = 0xac00;
const lastSyllable = 0xd7a3;

/** Final consonant indices (jongseong) used below; 0 = no final consonant. */
export const Final = { none: 0, d: 7, l: 8, n: 4, b: 17 } as const;

function lastSyllableCode(word: string): number {
  const code = word.codePointAt(word.length - 1) ?? 0;
  if (code < firstSyllable || code > lastSyllable) {
    throw new Error(`expected a word ending in a Hangul syllable, got ${JSON.stringify(word)}`);
  }
  return code;
}

/** The final consonant index of the word's last syllable (0 when it ends in a vowel). */
export function finalOf(word: string): number {
  return (lastSyllableCode(word) - firstSyllable) % 28;
}

/** True when the word ends in a consonant (학생), false when in a vowel (의사). */
export function hasBatchim(word: string): boolean {
  return finalOf(word) !== Final.none;
}

/** The word with its last syllable's final consonant replaced: withFinal("가", Final.n) = "간". */
export function withFinal(word: string, final: number): string {
  const code = lastSyllableCode(word);
  const bare = code - ((code - firstSyllable) % 28);
  return word.slice(0, -1) + String.fromCodePoint(bare + final);
}

/** Topic particle: 학생은, 의사는. */
export function withTopic(noun: string): string {
  return noun + (hasBatchim(noun) ? "은" : "는");
}

/** Subject (and complement) particle: 학생이, 의사가. */
export function withSubject(noun: string): string {
  return noun + (hasBatchim(noun) ? "이" : "가");
}

/** Object particle: 책을, 사과를. */
export function withObject(noun: string): string {
  return noun + (hasBatchim(noun) ? "을" : "를");
}

/**
 * Stem irregularities that change a form's spelling:
 * - "b": ㅂ-irregular, the ㅂ becomes 우 before a vowel (돕다 -> 도울, 덥다 -> 더운);
 * - "d": ㄷ-irregular, the ㄷ becomes ㄹ before a vowel (듣다 -> 들을);
 * - "itda": adjectives built on 있다 take the verb ending -는 (맛있는).
 * ㄹ-stems (놀다, 길다) need no flag: their ㄹ is dropped before ㄴ by rule.
 */
export type Irregular = "b" | "d" | "itda";

function stemOf(dictionaryForm: string): string {
  if (!dictionaryForm.endsWith("다") || dictionaryForm.length < 2) {
    throw new Error(
      `expected a dictionary form ending in 다, got ${JSON.stringify(dictionaryForm)}`,
    );
  }
  return dictionaryForm.slice(0, -1);
}

/** Plain present of a verb: 가다 -> 간다, 먹다 -> 먹는다, 놀다 -> 논다. */
export function verbPresent(dictionaryForm: string): string {
  const stem = stemOf(dictionaryForm);
  const final = finalOf(stem);
  if (final === Final.none || final === Final.l) return withFinal(stem, Final.n) + "다";
  return stem + "는다";
}

/** Plain present question (verbs and adjectives): 가니, 먹니, 크니; ㄹ drops: 놀다 -> 노니. */
export function presentQuestion(dictionaryForm: string): string {
  const stem = stemOf(dictionaryForm);
  return (finalOf(stem) === Final.l ? withFinal(stem, Final.none) : stem) + "니";
}

/** Past question from the past form: 갔다 -> 갔니. */
export function pastQuestion(past: string): string {
  return stemOf(past) + "니";
}

/** Negation stem for -지 않다: 가다 -> 가지. */
export function negativeStem(dictionaryForm: string): string {
  return stemOf(dictionaryForm) + "지";
}

/** Prospective (future) modifier before 것이다 / 거니: 갈, 먹을, 놀, 도울, 들을. */
export function prospective(dictionaryForm: string, irregular?: Irregular): string {
  const stem = stemOf(dictionaryForm);
  const final = finalOf(stem);
  if (final === Final.none) return withFinal(stem, Final.l);
  if (final === Final.l) return stem;
  if (irregular === "b") return withFinal(stem, Final.none) + "울";
  if (irregular === "d") return withFinal(stem, Final.l) + "을";
  return stem + "을";
}

/** Attributive (present) form of an adjective: 큰, 작은, 긴, 더운, 맛있는. */
export function attributive(dictionaryForm: string, irregular?: Irregular): string {
  const stem = stemOf(dictionaryForm);
  const final = finalOf(stem);
  if (irregular === "itda") return stem + "는";
  if (final === Final.none || final === Final.l) return withFinal(stem, Final.n);
  if (irregular === "b") return withFinal(stem, Final.none) + "운";
  return stem + "은";
}

/** Copula forms after a noun, contracted after a vowel as usual in writing. */
export function copula(noun: string): {
  present: string; // 학생이다, 의사다
  past: string; // 학생이었다, 의사였다
  prospective: string; // 학생일, 의사일 (+ 것이다)
  presentQuestion: string; // 학생이니, 의사니
  pastQuestion: string; // 학생이었니, 의사였니
} {
  if (hasBatchim(noun)) {
    return {
      present: noun + "이다",
      past: noun + "이었다",
      prospective: noun + "일",
      presentQuestion: noun + "이니",
      pastQuestion: noun + "이었니",
    };
  }
  return {
    present: noun + "다",
    past: noun + "였다",
    prospective: noun + "일",
    presentQuestion: noun + "니",
    pastQuestion: noun + "였니",
  };
}
