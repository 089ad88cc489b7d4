/** The words of the attention grid (heatmap.ts, legend.ts, strip.ts) in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

/** Grid labels, legends and notes. */
export const gridMessages = {
  "grid.empty": { en: "(empty matrix)", ko: "(빈 행렬)" },
  "grid.axes": { en: "rows: {rows}; columns: {cols}", ko: "행: {rows}, 열: {cols}" },
  "grid.cell": { en: "a cell: {what}", ko: "칸 하나: {what}" },
  "grid.scale": { en: "scale", ko: "색" },
  "grid.minMax": { en: "min {min}, max {max}", ko: "최소 {min}, 최대 {max}" },
  "grid.rowMax": { en: "{mark} each row's maximum", ko: "{mark} 각 행의 최댓값" },
  "grid.masked": {
    en: "{mark} masked: cannot attend (weight exactly 0)",
    ko: "{mark} 마스크: 볼 수 없는 칸 (가중치 정확히 0)",
  },
  "grid.halfBlock": {
    en: "▀ each line holds two rows: the upper half is the labelled row, the lower half the next",
    ko: "▀ 한 줄에 두 행: 위 절반이 표시된 행, 아래 절반이 다음 행",
  },
  "grid.key": { en: "columns: {key}", ko: "열: {key}" },
  "grid.pooled": {
    en: "columns averaged in groups of {size} ({from} -> {to}) to fit {width} columns",
    ko: "{width}칸에 맞추려고 열을 {size}개씩 평균냈습니다 ({from} -> {to})",
  },
  "grid.paged": {
    en: "showing columns {start}-{end} of {n} (page {page} of {pages})",
    ko: "열 {start}-{end} 표시 (전체 {n}열, {pages}쪽 중 {page}쪽)",
  },
  "grid.nextPage": { en: "{hint} for the next", ko: "다음 쪽은 {hint}" },
  "grid.firstPage": { en: "{hint} for the first", ko: "첫 쪽은 {hint}" },
  "axis.outputToken": { en: "output token (query)", ko: "출력 토큰 (쿼리)" },
  "axis.sourceToken": { en: "source token (key)", ko: "입력 토큰 (키)" },
  "axis.sourcePosition": { en: "source token reading (query)", ko: "읽는 입력 토큰 (쿼리)" },
  "axis.fedBack": { en: "token fed back (key)", ko: "되먹임 토큰 (키)" },
  "axis.sequenceQuery": {
    en: "the token at each position (query; it predicts the next token)",
    ko: "각 위치의 토큰 (쿼리, 이 위치에서 다음 토큰을 예측)",
  },
  "axis.sequenceKey": { en: "the same tokens (key)", ko: "같은 토큰들 (키)" },
  "axis.query": { en: "query position", ko: "쿼리 위치" },
  "axis.key": { en: "key position", ko: "키 위치" },
  "axis.position": { en: "position", ko: "위치" },
  "axis.dimension": { en: "dimension", ko: "차원" },
  "axis.pair": { en: "cos/sin of a pair", ko: "쌍의 cos/sin" },
  "strip.empty": { en: "(no states)", ko: "(상태 없음)" },
  "strip.pooled": {
    en: "units averaged in groups of {size} ({from} -> {to}) to fit {width} columns",
    ko: "{width}칸에 맞추려고 유닛을 {size}개씩 평균냈습니다 ({from} -> {to})",
  },
  "strip.halves": {
    en: "▌ each column holds two units: left half, then right half",
    ko: "▌ 한 칸에 유닛 둘: 왼쪽 절반, 오른쪽 절반",
  },
  "strip.range": {
    en: "[min, max] of each row at its end",
    ko: "줄 끝의 [최소, 최대]는 그 행의 범위",
  },
} as const satisfies Catalog;
