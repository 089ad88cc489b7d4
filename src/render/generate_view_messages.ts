/** The words of the `generate` view (src/render/generate_view.ts), by id. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const generateViewMessages = {
  "view.generate.translate": {
    en:
      "{model}: a Korean prompt is asked as a translation, <bos> Korean <sep> (--continue continues the text instead)",
    ko:
      "{model}: 한국어 프롬프트는 <bos> 한국어 <sep> 형태의 번역 요청으로 넣습니다(--continue를 주면 문장을 이어 씁니다)",
  },
  "view.generate.continue": {
    en: "{model}: continuing the text",
    ko: "{model}: 글을 이어 씁니다",
  },
  "view.generate.prompt": { en: "prompt: {tokens}", ko: "프롬프트: {tokens}" },
  "view.generate.output": { en: "output: {text}", ko: "출력: {text}" },
  "view.generate.greedy": {
    en: "T = 0: greedy, the most probable token every step",
    ko: "T = 0: 탐욕 디코딩, 매 단계 가장 확률이 높은 토큰",
  },
  "view.generate.sampled": {
    en:
      "T = {t}, top-k {k}, top-p {p}, seed {seed}: drawn from softmax(logits / T) after the filters",
    ko: "T = {t}, top-k {k}, top-p {p}, 시드 {seed}: 필터를 거친 softmax(logits / T)에서 뽑음",
  },
  "view.generate.all": { en: "all", ko: "전부" },
  "view.generate.cache": {
    en: "KV cache: {kib} KiB on the device",
    ko: "KV 캐시: 장치 메모리 {kib} KiB",
  },
  "view.generate.noCache": {
    en: "no KV cache: every step recomputed the whole prefix",
    ko: "KV 캐시 없음: 매 단계 앞부분 전체를 다시 계산",
  },
  "view.generate.header": {
    en: "step token p  top candidates (p after the filters)",
    ko: "단계 토큰 p  상위 후보 (필터 뒤 확률)",
  },
  "view.generate.headerRaw": {
    en: "step token p  top candidates (p = softmax of the logits)",
    ko: "단계 토큰 p  상위 후보 (p = 로짓의 softmax)",
  },
  "view.generate.legend": {
    en: "token colour: its probability p (dark: unsure, bright: sure); H: entropy in nats",
    ko: "토큰 색: 확률 p (어두움: 불확실, 밝음: 확실); H: 엔트로피(nat)",
  },
  "view.generate.stoppedNot": {
    en: "no <eos> within {n} tokens (--max-new N allows more)",
    ko: "토큰 {n}개 안에 <eos>가 없었습니다(--max-new N으로 더 늘릴 수 있음)",
  },
} as const satisfies Catalog;
