/** The words of the `ablate` view (src/render/ablate_view.ts), by id. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const ablateViewMessages = {
  "view.ablate.title": {
    en: "{model} with {heads} switched off ({mode})",
    ko: "{model}에서 {heads} 헤드를 끈 결과 ({mode})",
  },
  "view.ablate.zero": { en: "zero ablation: their outputs set to 0", ko: "0 소거: 출력을 0으로" },
  "view.ablate.mean": {
    en: "mean ablation: their outputs set to their mean over {n} held-out sentences",
    ko: "평균 소거: 출력을 평가용 문장 {n}개에 대한 평균으로",
  },
  "view.ablate.input": { en: "input    {tokens}", ko: "입력     {tokens}" },
  "view.ablate.original": { en: "original {text}", ko: "원래     {text}" },
  "view.ablate.ablated": { en: "ablated  {text}", ko: "끈 뒤    {text}" },
  "view.ablate.col.step": { en: "step", ko: "단계" },
  "view.ablate.col.token": { en: "original", ko: "원래 토큰" },
  "view.ablate.col.on": { en: "p on", ko: "p 켬" },
  "view.ablate.col.off": { en: "p off", ko: "p 끔" },
  "view.ablate.col.change": { en: "change", ko: "변화" },
  "view.ablate.col.ablated": { en: "ablated output", ko: "끈 뒤 출력" },
  "view.ablate.same": {
    en: "output unchanged; mean p of the original tokens {before} -> {after}{drop}",
    ko: "출력은 그대로; 원래 토큰의 평균 확률 {before} -> {after}{drop}",
  },
  "view.ablate.changed": {
    en:
      "output changed from step {step} ({from} -> {to}); mean p of the original tokens {before} -> {after}{drop}",
    ko:
      "{step}단계부터 출력이 바뀜({from} -> {to}); 원래 토큰의 평균 확률 {before} -> {after}{drop}",
  },
  "view.ablate.drop": {
    en: "; the largest drop at step {step} ({token}): {before} -> {after}",
    ko: "; 가장 크게 떨어진 곳은 {step}단계({token}): {before} -> {after}",
  },
  "view.ablate.end": { en: "(end)", ko: "(끝)" },
  "view.ablate.unfinished": {
    en: "(no <eos> within the steps allowed)",
    ko: "(허용된 단계 안에 <eos> 없음)",
  },
  "view.ablate.legend": {
    en:
      "p: the probability of the original output's token at that step, teacher-forced on the original output, with every head on and with the heads off; * marks where the ablated output differs.",
    ko:
      "p: 원래 출력을 그대로 넣어 주었을 때(teacher forcing) 그 단계에서 원래 토큰이 나올 확률, 모든 헤드를 켰을 때(켬)와 헤드를 껐을 때(끔). *는 끈 뒤 출력이 다른 곳입니다.",
  },
} as const satisfies Catalog;
