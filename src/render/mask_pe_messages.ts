/** The words of the `mask` and `pe` views (mask_view.ts, pe_view.ts): titles and notes. */
import type { Catalog } from "../platform/i18n/messages.ts";

/** Titles of the mask grids and the positional tables, and their notes. */
export const maskPeMessages = {
  "view.mask.additive": {
    en: "{label}: additive mask (rows: query, cols: key)",
    ko: "{label}: 점수에 더하는 마스크 (행: 쿼리, 열: 키)",
  },
  "view.mask.causal": { en: "causal", ko: "인과" },
  "view.mask.sequence": {
    en: "sequence {s} (length {len} of {n})",
    ko: "시퀀스 {s} (길이 {n} 중 {len})",
  },
  "view.mask.softmax": {
    en: "softmax of equal scores under the mask (each row sums to 1)",
    ko: "마스크를 씌운 같은 점수의 softmax (행마다 합이 1)",
  },
  "view.mask.infinity": { en: "∞ stands for -∞", ko: "∞는 -∞를 뜻합니다" },
  "view.mask.cut": {
    en: "showing keys 1-{shown} of {n}; the rest follow the same rule",
    ko: "키 {n}개 중 1-{shown}만 보입니다. 나머지도 같은 규칙을 따릅니다",
  },
  "view.pe.rope": {
    en: "RoPE rotation per pair (cos θ, sin θ), {length} positions x {pairs} pairs (dk = {dim})",
    ko: "쌍마다 RoPE 회전 (cos θ, sin θ), 위치 {length}개 x 쌍 {pairs}개 (dk = {dim})",
  },
  "view.pe.table": {
    en: "{kind} positional encoding{of}, {length} positions x {dim} dims",
    ko: "{of}{kind} 위치 인코딩, 위치 {length}개 x 차원 {dim}개",
  },
  "view.pe.of": { en: " of {model}", ko: "{model}의 " },
  "view.pe.sinusoidal": { en: "sinusoidal", ko: "사인파" },
  "view.pe.learned": { en: "learned", ko: "학습된" },
  "view.pe.page": { en: "use --page {page}", ko: "--page {page}" },
} as const satisfies Catalog;
