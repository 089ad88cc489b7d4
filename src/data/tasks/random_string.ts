/** Random strings for the character tasks (reverse, copy, sort). */
import type { Rng } from "../../engine/random.ts";

/** The 26 lowercase letters the reverse and copy tasks draw from. */
export const lowercaseLetters = "abcdefghijklmnopqrstuvwxyz";

/** The ten digits the sort task draws from. */
export const digits = "0123456789";

/** A string of `alphabet` characters with a length uniform in [minLength, maxLength]. */
export function randomString(
  rng: Rng,
  alphabet: string,
  lengths: { minLength: number; maxLength: number },
): string {
  const length = lengths.minLength + rng.int(lengths.maxLength - lengths.minLength + 1);
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}
