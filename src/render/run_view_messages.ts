/** The words of the `run` view (run_view.ts) and of the grid titles of attn, step and run. */
import type { Catalog } from "../platform/i18n/messages.ts";

/** Labels, the decoding line and the closing --json hint of `run`. */
export const runViewMessages = {
  "view.run.model": { en: "model", ko: "모델" },
  "view.run.input": { en: "input", ko: "입력" },
  "view.run.output": { en: "output", ko: "출력" },
  "view.run.tokens": { en: "({n} tokens + <eos>)", ko: "(토큰 {n}개 + <eos>)" },
  "view.run.promptTokens": {
    en: "({n} tokens, asked as <bos> ... <sep>)",
    ko: "(토큰 {n}개, <bos> ... <sep>로 물음)",
  },
  "view.run.selfTitle": {
    en:
      "self-attention (decoder-only), layer {layer}, mean of {heads} heads (rows and cols: prompt + output)",
    ko: "셀프 어텐션 (디코더 전용), 층 {layer}, 헤드 {heads}개의 평균 (행과 열: 프롬프트 + 출력)",
  },
  "view.run.nothing": { en: "(nothing)", ko: "(출력 없음)" },
  "view.run.greedy": { en: "greedy", ko: "탐욕(greedy) 디코딩" },
  "view.run.beam": { en: "beam search, width {beam}", ko: "빔 탐색, 폭 {beam}" },
  "view.run.step": { en: "{n} step", ko: "{n}단계" },
  "view.run.steps": { en: "{n} steps", ko: "{n}단계" },
  "view.run.stopped": { en: "stopped at <eos>", ko: "<eos>에서 멈춤" },
  "view.run.limit": {
    en: "reached the {max}-step limit without <eos>",
    ko: "<eos> 없이 최대 {max}단계에 이름",
  },
  "view.run.score": {
    en: ", score {score} (log-prob per token)",
    ko: ", 점수 {score} (토큰당 로그 확률)",
  },
  "view.run.everyWeight": { en: "use --json for every weight", ko: "모든 가중치는 --json으로" },
  "view.run.matrix": { en: "the {n} attention matrix", ko: "어텐션 행렬 {n}개" },
  "view.run.matrices": { en: "all {n} attention matrices", ko: "어텐션 행렬 {n}개 전부" },
  "view.run.layer": { en: "{n} layer", ko: "{n}개 층" },
  "view.run.layers": { en: "{n} layers", ko: "{n}개 층" },
  "view.run.json": {
    en: "use --json for {matrices} ({kinds}) and {layers} of hidden states",
    ko: "--json으로 볼 수 있는 것: {matrices}({kinds}), 은닉 상태 {layers}",
  },
  "view.run.jsonAttention": {
    en: "use --json for {matrices} ({kinds})",
    ko: "--json으로 볼 수 있는 것: {matrices}({kinds})",
  },
  "view.run.alignmentTitle": {
    en: "alignment (rows: output steps, cols: source)",
    ko: "정렬 (행: 출력 단계, 열: 입력)",
  },
  "view.run.crossTitle": {
    en: "cross-attention, layer {layer}, mean of {heads} heads (rows: output steps, cols: source)",
    ko: "크로스 어텐션, 층 {layer}, 헤드 {heads}개의 평균 (행: 출력 단계, 열: 입력)",
  },
  "view.run.kind.encoder": { en: "encoder", ko: "인코더" },
  "view.run.kind.decoder": { en: "decoder", ko: "디코더" },
  "view.run.kind.cross": { en: "cross", ko: "교차" },
  "view.run.kind.alignment": { en: "alignment", ko: "정렬" },
} as const satisfies Catalog;
