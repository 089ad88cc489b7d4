/** The words of the `attn` view (attn_view.ts): titles and hints. */
import type { Catalog } from "../platform/i18n/messages.ts";

/** What each matrix means, which layer and head it is, and what else there is to see. */
export const attnViewMessages = {
  "view.attn.encoder": {
    en: "encoder self-attention (rows: source positions, cols: what each one reads)",
    ko: "인코더 셀프 어텐션 (행: 입력 위치, 열: 각 위치가 읽는 토큰)",
  },
  "view.attn.decoder": {
    en: "decoder self-attention, causal (rows: output steps, cols: tokens fed back)",
    ko: "디코더 셀프 어텐션, 인과 마스크 (행: 출력 단계, 열: 되먹인 토큰)",
  },
  "view.attn.decoder-only": {
    en: "self-attention of a decoder-only model, causal (rows and cols: prompt + output)",
    ko: "디코더 전용 모델의 셀프 어텐션, 인과 마스크 (행과 열: 프롬프트 + 출력)",
  },
  "view.attn.cross": {
    en: "cross-attention (rows: output steps, cols: source tokens)",
    ko: "크로스 어텐션 (행: 출력 단계, 열: 입력 토큰)",
  },
  "view.attn.alignment": {
    en: "RNN alignment (rows: output steps, cols: source tokens)",
    ko: "RNN 정렬 (행: 출력 단계, 열: 입력 토큰)",
  },
  "view.attn.layer": { en: ", layer {layer}{range}, {head}", ko: ", 층 {layer}{range}, {head}" },
  "view.attn.layers": { en: " of {first}-{last}", ko: " ({first}-{last} 중)" },
  "view.attn.mean": { en: "mean of {heads} heads", ko: "헤드 {heads}개의 평균" },
  "view.attn.head": { en: "head {head} of 0-{last}", ko: "헤드 {head} (0-{last} 중)" },
  "view.attn.oneHead": {
    en: "attn {kind} {layer} 0..{last} for one head",
    ko: "헤드 하나만 보려면 attn {kind} {layer} 0..{last}",
  },
  "view.attn.also": { en: "also: {others}", ko: "다른 행렬: {others}" },
} as const satisfies Catalog;
