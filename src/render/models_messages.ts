/** The words of the `models` view (src/render/models_view.ts), by id. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const modelsMessages = {
  "view.models.none": {
    en:
      "no trained models in weights/ yet; run a checkpoint by path: run TEXT --model FILE.safetensors",
    ko:
      "weights/에 학습된 모델이 아직 없습니다. 경로로 실행하세요: run TEXT --model FILE.safetensors",
  },
  "view.models.name": { en: "name", ko: "이름" },
  "view.models.architecture": { en: "architecture", ko: "구조" },
  "view.models.params": { en: "params", ko: "매개변수" },
  "view.models.exact": { en: "test exact match", ko: "테스트 완전 일치" },
  "view.models.task": { en: "task {task}: {summary}", ko: "과제 {task}: {summary}" },
  "view.models.current": {
    en: "* the model run, step and compare use without --model (change it: use NAME)",
    ko: "* --model 없이 run, step, compare가 쓰는 모델 (바꾸기: use 이름)",
  },
  "view.models.gptScores": {
    en:
      "gpt: exact match of its translation when prompted <bos> Korean <sep> on the held-out test sentences; ppl: its perplexity on held-out text (lower is better)",
    ko:
      "gpt: held-out 테스트 문장을 <bos> 한국어 <sep>로 물었을 때 번역의 완전 일치; ppl: held-out 텍스트에서의 퍼플렉서티(낮을수록 좋음)",
  },
} as const satisfies Catalog;
