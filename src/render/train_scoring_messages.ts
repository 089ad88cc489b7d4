/** The words about scoring a trained model (train_scoring_view.ts, train_view.ts). */
import type { Catalog } from "../platform/i18n/messages.ts";

export const trainScoringMessages = {
  "train.scoring": {
    en: "scoring {split}: {done}/{total} examples",
    ko: "{split} 채점 중: {done}/{total}개",
  },
  "train.notScored": { en: "not scored", ko: "채점하지 않음" },
  "train.notScoredLine": {
    en: "not scored (training was stopped; --score-on-stop scores a stopped run)",
    ko: "채점하지 않음 (학습을 멈췄습니다; --score-on-stop을 주면 멈춘 뒤에도 채점합니다)",
  },
  "train.scoringSkipped": {
    en: "scoring skipped (--score-on-stop scores a stopped run)",
    ko: "채점은 건너뜀 (--score-on-stop을 주면 멈춘 뒤에도 채점합니다)",
  },
  "train.newUnscored": {
    en:
      "this model was not scored (no dev evaluation had run), so it cannot be compared and that file is unchanged",
    ko: "이 모델은 채점되지 않아(dev 평가 전) 비교할 수 없으므로 그 파일은 그대로 둡니다",
  },
  "train.perplexity": {
    en: "perplexity on held-out text: dev {dev}, test {test} (exp of the mean next-token loss)",
    ko: "held-out 텍스트의 퍼플렉서티: dev {dev}, test {test} (다음 토큰 손실 평균의 exp)",
  },
  "train.scoreOnStopOption": {
    en: "when stopped (Ctrl-C), still score the kept parameters on dev and test (may take a while)",
    ko: "멈췄을 때(Ctrl-C)도 남긴 매개변수를 dev와 test로 채점 (시간이 걸릴 수 있음)",
  },
} as const satisfies Catalog;
