/**
 * Korean particles chosen by how the word before them ends when read aloud: 은/는, 이/가, 을/를,
 * 과/와 and (으)로 take the first form after a final consonant (batchim) and the second after a
 * vowel; (으)로 also takes 로 after ㄹ (서울로).
 *
 * Messages put variable text (numbers, model names, lists) before particles, so the reading is
 * worked out for Hangul (the final consonant of the last syllable, Unicode sec. 3.12), numbers
 * (Sino-Korean: 3 삼, 10 십, 100 백, 0.5 영 점 오), "%" (퍼센트), acronyms read letter by letter
 * (GRU 지알유, LSTM 엘에스티엠) and English words whose last sound is unambiguous (norm 놈,
 * transformer 트랜스포머, rope 로프). Anything else (e.g. "dot", 닷?) is left undecided, and the
 * message keeps the written-out alternative 이(가): never a wrong guess.
 * (src/data/tasks/ko_en/hangul.ts does the same for Hangul words in the ko-en task's grammar.)
 */

/** How the reading of a word ends: a vowel, ㄹ, or another final consonant. */
export type FinalSound = "vowel" | "rieul" | "consonant";

/** A particle written with its alternative, as messages write it: "이(가)", "(으)로". */
export type HedgedParticle = "은(는)" | "이(가)" | "을(를)" | "과(와)" | "(으)로";

/** Each hedged particle's form after a consonant and after a vowel (ㄹ: see pick()). */
const FORMS: Record<HedgedParticle, { consonant: string; vowel: string }> = {
  "은(는)": { consonant: "은", vowel: "는" },
  "이(가)": { consonant: "이", vowel: "가" },
  "을(를)": { consonant: "을", vowel: "를" },
  "과(와)": { consonant: "과", vowel: "와" },
  "(으)로": { consonant: "으로", vowel: "로" },
};

/** The hedged particles, for a pattern that finds them after a placeholder. */
export const HEDGED_PARTICLES: readonly HedgedParticle[] = Object.keys(FORMS) as HedgedParticle[];

/**
 * The form of `particle` that follows `word`, e.g. ("학생", "은(는)") -> "은", ("GRU", "이(가)")
 * -> "가", ("서울", "(으)로") -> "로"; the hedged form itself when the reading is unknown.
 */
export function particleAfter(word: string, particle: HedgedParticle): string {
  const sound = finalSound(word);
  if (sound === null) return particle;
  const forms = FORMS[particle];
  if (sound === "vowel") return forms.vowel;
  if (sound === "rieul") return particle === "(으)로" ? forms.vowel : forms.consonant;
  return forms.consonant;
}

const SYLLABLE_FIRST = 0xac00;
const SYLLABLE_LAST = 0xd7a3;
/** The final consonant index of ㄹ in a precomposed syllable (0: none). */
const FINAL_RIEUL = 8;

/** Sino-Korean readings of 0-9 (영 일 이 삼 사 오 육 칠 팔 구), by how they end. */
const DIGIT_SOUNDS: readonly FinalSound[] = [
  "consonant",
  "rieul",
  "vowel",
  "consonant",
  "vowel",
  "vowel",
  "consonant",
  "rieul",
  "rieul",
  "vowel",
];

/**
 * How the reading of `text` ends, or null when it cannot be told. A parenthetical at the end is
 * skipped: a particle after "post-norm(0.5 -> 0.3)" agrees with "post-norm".
 */
export function finalSound(text: string): FinalSound | null {
  // Closing quotes are not read aloud: a particle after 'run' agrees with run.
  const word = withoutTrailingParentheses(text.trimEnd().replace(/['"\u2019\u201d]+$/, ""));
  if (word === null || word === "") return null;
  const last = word.codePointAt(word.length - 1)!;
  if (last >= SYLLABLE_FIRST && last <= SYLLABLE_LAST) {
    const final = (last - SYLLABLE_FIRST) % 28;
    return final === 0 ? "vowel" : final === FINAL_RIEUL ? "rieul" : "consonant";
  }
  if (word.endsWith("%")) return "vowel"; // 퍼센트
  if (/[0-9]$/.test(word)) return numberSound(word);
  if (/[A-Za-z]$/.test(word)) return latinSound(/[A-Za-z]+$/.exec(word)![0]);
  return null;
}

/** `text` without any balanced "(...)" at its end; null when the parentheses do not balance. */
function withoutTrailingParentheses(text: string): string | null {
  let rest = text;
  while (rest.endsWith(")")) {
    let depth = 0;
    let open = -1;
    for (let i = rest.length - 1; i >= 0; i--) {
      if (rest[i] === ")") depth++;
      else if (rest[i] === "(" && --depth === 0) {
        open = i;
        break;
      }
    }
    if (open < 0) return null;
    rest = rest.slice(0, open).trimEnd();
  }
  return rest;
}

/** The end of a number read in Sino-Korean: 3 삼, 20 이십, 100 백, 1.5 일 점 오, 0 영. */
function numberSound(word: string): FinalSound | null {
  const match = /(\d[\d,]*)(?:\.(\d+))?$/.exec(word)!;
  if (/[eE][-+]?$/.test(word.slice(0, match.index))) return null; // 1e-4: no settled reading
  const [, whole, fraction] = match;
  if (fraction !== undefined) return DIGIT_SOUNDS[Number(fraction.at(-1))];
  const digits = whole.replaceAll(",", "");
  const zeros = digits.length - digits.replace(/0+$/, "").length;
  if (zeros === 0 || zeros === digits.length) return DIGIT_SOUNDS[Number(digits.at(-1))];
  // 십 백 천 (10^1-10^3), 만 (10^4-10^7), 억 (10^8-10^11): all end in a consonant; 조 (10^12) not.
  if (zeros < 12) return "consonant";
  return zeros < 16 ? "vowel" : null;
}

/**
 * The end of a Latin word: an acronym or a single letter is read letter by letter (엘 and 알 end
 * in ㄹ, 엠 and 엔 in another consonant, every other letter name in a vowel); a word by its
 * spelling where that is unambiguous: m, n, ng end in a consonant (norm 놈, luong 루옹), l in ㄹ
 * (sinusoidal 시누소이달); a vowel, r, w and y in a vowel (transformer 트랜스포머), and so do s,
 * x, f, z and h, which take an added 으 (loss 로스); a silent e after a consonant reads as that
 * consonant with 으 (rope 로프), except after m, n and l (time 타임, none 논, table 테이블).
 * Other endings (dot 닷, learned 런드) are left undecided.
 */
function latinSound(letters: string): FinalSound | null {
  if (letters.length === 1 || letters === letters.toUpperCase()) {
    const name = letters.at(-1)!.toUpperCase();
    return "LR".includes(name) ? "rieul" : "MN".includes(name) ? "consonant" : "vowel";
  }
  const word = letters.toLowerCase();
  if (word.endsWith("ng")) return "consonant";
  const silentE = word.endsWith("e") && !"aeiou".includes(word.at(-2)!);
  const last = silentE ? word.at(-2)! : word.at(-1)!;
  if (last === "l") return "rieul";
  if (last === "m" || last === "n") return "consonant";
  if (silentE || "aeiouwyrsxfzh".includes(last)) return "vowel";
  return null;
}
