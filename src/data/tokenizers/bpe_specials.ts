/**
 * The special tokens of a BPE vocabulary, at fixed ids: the four every attn vocabulary starts
 * with (<pad>=0, <bos>=1, <eos>=2, <unk>=3, src/data/vocab.ts), then <sep>=4, which separates a
 * Korean sentence from its English translation in one language-modelling sequence
 * (`<bos> 나는 학생이다 <sep> I am a student <eos>`, docs/CONTRACT.md).
 */
import { specialTokens } from "../vocab.ts";

/** Id of <sep>: between the source and the target of a translation written as one sequence. */
export const SEP = 4;

/** The specials of a BPE vocabulary, index = id. */
export const bpeSpecialTokens: readonly string[] = Object.freeze([...specialTokens, "<sep>"]);
