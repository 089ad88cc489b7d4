/** The words of the `lens` view (src/render/lens_view.ts), by id. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const lensViewMessages = {
  "view.lens.title": {
    en:
      "{model}: logit lens: the top token each layer's residual stream would give through the final norm and unembedding",
    ko:
      "{model}: 로짓 렌즈: 각 층의 잔차 스트림을 마지막 정규화와 언임베딩에 바로 통과시켰을 때의 1위 토큰",
  },
  "view.lens.titleRnn": {
    en:
      "{model}: logit lens: the top token each decoder layer's state would give through the model's output path (same context c_t)",
    ko:
      "{model}: 로짓 렌즈: 디코더 각 층의 상태를 모델의 출력 경로에 (같은 문맥 c_t와 함께) 통과시켰을 때의 1위 토큰",
  },
  "view.lens.translate": {
    en: "read as a translation, <bos> Korean <sep>, then the greedy output fed back: {text}",
    ko: "<bos> 한국어 <sep> 형태의 번역 요청으로 읽고, 탐욕 출력을 다시 입력했습니다: {text}",
  },
  "view.lens.continue": {
    en: "read as <bos> text, then the greedy continuation fed back: {text}",
    ko: "<bos> 글 형태로 읽고, 탐욕 디코딩으로 이어 쓴 것을 다시 입력했습니다: {text}",
  },
  "view.lens.seq2seq": {
    en: "decoder positions: <bos> and the greedy output fed back (teacher forcing): {text}",
    ko: "디코더 위치: <bos>와 탐욕 출력을 다시 입력한 것(교사 강요): {text}",
  },
  "view.lens.axes": {
    en:
      "rows: layers bottom-up (input at the bottom, output on top); columns: positions; a cell: the top token, coloured by its probability; {mark} = the position's actual next token",
    ko:
      "행: 층, 아래에서 위로(맨 아래 입력, 맨 위 출력); 열: 위치; 칸: 1위 토큰, 색은 그 확률; {mark} = 그 위치의 실제 다음 토큰",
  },
  "view.lens.input": { en: "input", ko: "입력" },
  "view.lens.next": { en: "next", ko: "다음" },
  "view.lens.embed": { en: "embed", ko: "임베딩" },
  "view.lens.layer": { en: "layer {layer}", ko: "층 {layer}" },
  "view.lens.hits": {
    en: "top token = next token at",
    ko: "1위 토큰 = 다음 토큰인 위치",
  },
  "view.lens.settledAll": {
    en: "the final prediction is already the top token from {from} on, at all {n} positions",
    ko: "최종 예측은 모든 위치({n}개)에서 {from}부터 이미 1위 토큰입니다",
  },
  "view.lens.settled": {
    en:
      "the final prediction is already the top token from {from} on at {count} of {n} positions; {rest}",
    ko: "최종 예측은 위치 {n}개 중 {count}개에서 {from}부터 이미 1위 토큰입니다. {rest}",
  },
  "view.lens.settledPart": {
    en: "from {from} on at {count}",
    ko: "{from}부터는 {count}개",
  },
  "view.lens.onlyLast": {
    en: "only at the last layer at {count}",
    ko: "마지막 층에서야 1위가 되는 곳 {count}개",
  },
  "view.lens.oneLayer": {
    en: "one row: this RNN's decoder has one layer, so its lens is its output",
    ko: "행이 하나: 이 RNN의 디코더는 층이 하나라 렌즈가 곧 출력입니다",
  },
  "view.lens.rnnNoEmbed": {
    en: "no embedding row: an RNN's embedding is not a state its output path reads",
    ko: "임베딩 행 없음: RNN의 임베딩은 출력 경로가 읽는 상태가 아닙니다",
  },
  "view.lens.json": {
    en: "--json: the {k} best tokens and their probabilities at every layer and position",
    ko: "--json: 모든 층과 위치에서 상위 {k}개 토큰과 확률",
  },
} as const satisfies Catalog;
