/** The status lines `train` prints when it finishes or is stopped (train_progress.ts). */
import type { Catalog } from "../platform/i18n/messages.ts";

/** What is scored or kept when training ends, and how to leave at once. */
export const trainProgressMessages = {
  "trainProgress.keptBest": {
    en: "the kept parameters (step {step}, best on dev)",
    ko: "남긴 매개변수 (단계 {step}, dev 최고)",
  },
  "trainProgress.keptLast": {
    en: "the last parameters (step {step}; no dev evaluation had run)",
    ko: "마지막 매개변수 (단계 {step}; dev 평가가 한 번도 없었음)",
  },
  "trainProgress.whichBest": {
    en: "the parameters of step {step} (best on dev)",
    ko: "단계 {step}의 매개변수 (dev 최고)",
  },
  "trainProgress.onTest": { en: "on the test split", ko: "test 분할로" },
  "trainProgress.onDevTest": { en: "on dev and test", ko: "dev와 test로" },
  "trainProgress.thenSaving": { en: ", then saving", ko: ", 그다음 저장" },
  "trainProgress.scoring": {
    en: "scoring {kept} {where}{then}",
    ko: "{where} 채점 중: {kept}{then}",
  },
  "trainProgress.keeping": {
    en: "keeping {which}; {skipped}{then}",
    ko: "{which} 유지; {skipped}{then}",
  },
  "trainProgress.again": { en: "Ctrl-C again", ko: "Ctrl-C를 한 번 더 누르면" },
  "trainProgress.second": { en: "a second signal", ko: "신호가 한 번 더 오면" },
  "trainProgress.stopped": {
    en: "attn: {stopped} at step {step}: {doing}; {again} leaves now without saving",
    ko: "attn: 단계 {step}에서 {stopped}: {doing}; {again} 저장하지 않고 바로 끝냅니다",
  },
} as const satisfies Catalog;
