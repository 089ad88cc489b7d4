/**
 * What `mask` and `pe` show, in a few sentences per table: the use cases put the English into
 * their results (--json), the views print the session's language from the same catalog.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

/** Explanations of masks and positional tables. */
export const explainMessages = {
  "explain.mask.causal": {
    en:
      "Decoder self-attention (Vaswani et al. 2017, §3.2.3): position q may look at keys 1..q only, so the mask adds -inf above the diagonal. exp(-inf) = 0, so those weights are exactly 0 and each row's weight is shared by the keys it may see: row q gets 1/q each.",
    ko:
      "디코더 셀프 어텐션 (Vaswani et al. 2017, §3.2.3): 위치 q는 키 1..q만 볼 수 있으므로, 마스크는 대각선 위쪽에 -inf를 더합니다. exp(-inf) = 0이라 그 가중치는 정확히 0이 되고, 각 행의 가중치는 볼 수 있는 키들이 나눠 가집니다: 행 q에서는 키마다 1/q입니다.",
  },
  "explain.mask.padding": {
    en:
      "Sequences of different lengths share one batch by padding to the longest; a key padding mask adds -inf on the padded key positions so no query attends to them (their weight is exactly 0). Rows of padded queries are computed too but their outputs are ignored.",
    ko:
      "길이가 다른 시퀀스들은 가장 긴 것에 맞춰 패딩해 한 배치에 담습니다. 키 패딩 마스크는 패딩된 키 위치에 -inf를 더해 어떤 쿼리도 그곳을 보지 않게 합니다 (가중치가 정확히 0). 패딩된 쿼리의 행도 계산되지만 그 출력은 쓰이지 않습니다.",
  },
  "explain.pe.sinusoidal": {
    en:
      "Vaswani et al. 2017, §3.5: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)), added to the token embeddings. Low dimensions turn fast (wavelength 2π), high ones slowly (up to 10000·2π), so every position gets a distinct pattern and PE[p+k] is a fixed rotation of PE[p].",
    ko:
      "Vaswani et al. 2017, §3.5: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d))를 토큰 임베딩에 더합니다. 낮은 차원은 빨리 돌고 (파장 2π) 높은 차원은 천천히 돌아 (최대 10000·2π), 위치마다 무늬가 다르고 PE[p+k]는 PE[p]를 일정하게 회전한 것입니다.",
  },
  "explain.pe.rope": {
    en:
      "Su et al. 2021 (RoFormer): nothing is added to the embeddings; inside self-attention each pair (2i, 2i+1) of a query or key at position p is rotated by θ = p · 10000^(-2i/dk). The grid shows cos θ and sin θ per pair (angles, wrapped to (-π, π], are in --json). Since both q and k turn, q · k depends only on their offset.",
    ko:
      "Su et al. 2021 (RoFormer): 임베딩에는 아무것도 더하지 않습니다. 셀프 어텐션 안에서 위치 p의 쿼리와 키는 쌍 (2i, 2i+1)마다 θ = p · 10000^(-2i/dk)만큼 회전합니다. 격자는 쌍마다 cos θ와 sin θ를 보여 줍니다 ((-π, π]로 접은 각도는 --json에 있습니다). q와 k가 함께 돌기 때문에 q · k는 둘의 거리에만 달려 있습니다.",
  },
  "explain.pe.learned": {
    en:
      "A learned table (Gehring et al. 2017) is a parameter pos_embed.weight [max_len, d], trained like the token embeddings and added to them; it only exists in a trained model, and positions past max_len have no row.",
    ko:
      "학습된 표 (Gehring et al. 2017)는 매개변수 pos_embed.weight [max_len, d]로, 토큰 임베딩처럼 학습되어 임베딩에 더해집니다. 학습된 모델 안에만 있고, max_len을 넘는 위치에는 행이 없습니다.",
  },
  "explain.pe.learnedNone": {
    en:
      "{learned} weights/ holds no model with one; make one (about 2 minutes) with: train transformer ko-en --pe learned --out {out}, then: pe learned --model {out}. Meanwhile 'pe sinusoidal' shows the fixed table it replaces.",
    ko:
      "{learned} weights/에는 이 표를 가진 모델이 없습니다. 다음으로 하나 만드세요 (2분쯤): train transformer ko-en --pe learned --out {out}, 그다음: pe learned --model {out}. 그동안 'pe sinusoidal'이 이 표가 대신하는 고정된 표를 보여 줍니다.",
  },
  "explain.pe.learnedOf": {
    en:
      "{learned} This is the table of {model}, trained on {task} (pe learned --model NAME shows another).",
    ko:
      "{learned} 이것은 과제 {task}에서 학습한 {model}의 표입니다 (다른 모델은 pe learned --model NAME).",
  },
  "explain.pe.itsTask": { en: "its task", ko: "그 과제" },
} as const satisfies Catalog;
