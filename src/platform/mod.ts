/**
 * The platform layer, the bottom of attn: what every other layer may need from the machine and
 * the language, and nothing about attention. Three concepts live here:
 *
 * - the state directory (`~/.local/state/attn`, or `$XDG_STATE_HOME/attn`): where it is, and
 *   files in it written atomically, under a lock, with a size limit on every read
 *   (state_dir.ts, state_file.ts), with warnings told once per kind (state_warnings.ts);
 * - `~` in paths the user typed (home_path.ts);
 * - messages as data (i18n/): each sentence an `{ en, ko }` pair in a catalog, with named
 *   placeholders, and Korean particles after a placeholder chosen by how the filled-in word
 *   ends (받침): `{x}을(를)` becomes `모델을` or `GRU를`.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { type Catalog, formatMessage, particleAfter } from "./mod.ts";
 *
 * const catalog = {
 *   "demo.learned": { en: "{model} learned {task}", ko: "{model}이(가) {task}을(를) 배웠습니다" },
 * } as const satisfies Catalog;
 * const line = formatMessage(catalog, "demo.learned", { model: "GRU", task: "reverse" });
 * assert.equal(line.en, "GRU learned reverse");
 * assert.equal(line.ko, "GRU가 reverse를 배웠습니다");
 * assert.equal(particleAfter("학생", "이(가)"), "이"); // 학생 ends in a consonant (ㅇ)
 * ```
 *
 * @module
 */
export { expandHome } from "./home_path.ts";
export { stateDir, stateDirCandidate, sweepStateDir, usableStateDir } from "./state_dir.ts";
export {
  appendStateFile,
  asStateFileError,
  dirOf,
  keepAside,
  readStateFile,
  readStateFileOr,
  StateFileError,
  updateStateFile,
  withStateLock,
  writeStateFile,
} from "./state_file.ts";
export { OnceByKind, setStateWarningSink, warnStateOnce } from "./state_warnings.ts";
export type { WarningSink } from "./state_warnings.ts";
export { formatMessage, joinMessages, messagesOf } from "./i18n/messages.ts";
export type { Bilingual, Catalog, Lang, MessageValue, ValuesOf } from "./i18n/messages.ts";
export { finalSound, particleAfter } from "./i18n/korean_particles.ts";
export type { FinalSound, HedgedParticle } from "./i18n/korean_particles.ts";
