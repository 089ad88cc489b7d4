/**
 * The words the figures of compare, experiment, lens, ablate, rollout, saliency and generate add
 * to their views' own (panel titles, axes, legends): *_figure.ts beside each view, by id.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

export const viewFigureMessages = {
  "viewFigure.value": { en: "value", ko: "값" },
  "viewFigure.compare.title": { en: "compare {input}", ko: "compare {input}" },
  "viewFigure.compare.subtitle": {
    en: "task {task}; reference: {reference}",
    ko: "과제 {task}, 정답: {reference}",
  },
  "viewFigure.compare.bars": {
    en: "each model's output, whether it is right, and its time",
    ko: "모델별 출력, 정답 여부와 시간",
  },
  "viewFigure.compare.label": {
    en: "{family} {model}: {output} ({correct})",
    ko: "{family} {model}: {output} ({correct})",
  },
  "viewFigure.experiment.title": { en: "experiment {name}", ko: "experiment {name}" },
  "viewFigure.experiment.noFigure": {
    en:
      "experiment {name} draws no chart or grid (its numbers are a table): {option} has nothing to draw; --json gives its numbers",
    ko:
      "experiment {name}에는 차트도 격자도 없습니다(숫자는 표로만 나옵니다): {option} 파일에 그릴 것이 없습니다. 숫자는 --json으로 받으세요",
  },
  "viewFigure.experiment.list": {
    en: "the list of experiments has no picture: {option} needs an experiment's name",
    ko: "실험 목록에는 그림이 없습니다: {option}에는 실험 이름이 필요합니다",
  },
  "viewFigure.lens.panel": {
    en: "the top token of each layer at each position",
    ko: "층과 위치마다 1위 토큰",
  },
  "viewFigure.lens.rows": { en: "layer (output on top)", ko: "층 (맨 위가 출력)" },
  "viewFigure.lens.cols": {
    en: "position: input token → actual next token",
    ko: "위치: 입력 토큰 → 실제 다음 토큰",
  },
  "viewFigure.lens.legend": { en: "p of the top token", ko: "1위 토큰의 확률" },
  "viewFigure.ablate.bars": {
    en: "p of the original token at each step, heads on and off",
    ko: "단계마다 원래 토큰의 확률, 헤드를 켰을 때와 껐을 때",
  },
  "viewFigure.ablate.p": { en: "p of the original token", ko: "원래 토큰의 확률" },
  "viewFigure.rollout.legend": { en: "rollout weight", ko: "롤아웃 가중치" },
  "viewFigure.saliency.legend": {
    en: "|gradient × input|, each row summing to 1",
    ko: "|기울기 × 입력|, 행마다 합 1",
  },
  "viewFigure.generate.panel": {
    en: "the candidates of each step (the chosen token outlined)",
    ko: "단계마다 후보 (고른 토큰은 테두리)",
  },
  "viewFigure.generate.rows": { en: "step: the chosen token", ko: "단계: 고른 토큰" },
  "viewFigure.generate.cols": { en: "candidate rank", ko: "후보 순위" },
  "viewFigure.generate.pRaw": {
    en: "p = softmax of the logits",
    ko: "p = 로짓의 softmax",
  },
  "viewFigure.generate.pFiltered": { en: "p after the filters", ko: "필터 뒤 확률" },
  "viewFigure.generate.chart": {
    en: "p of the chosen token and the entropy H at each step",
    ko: "단계마다 고른 토큰의 확률 p와 엔트로피 H",
  },
  "viewFigure.generate.step": { en: "step", ko: "단계" },
  "viewFigure.generate.y": { en: "p; H (nats)", ko: "p; H (nat)" },
} as const satisfies Catalog;
