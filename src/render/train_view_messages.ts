/** The words of `train`'s views (train_view.ts, shipped_view.ts): progress, summary, saving. */
import type { Catalog } from "../platform/i18n/messages.ts";

/**
 * Progress, evaluation, summary and save lines of `train` and `train --all`. The two
 * `view.train.progress*` templates are cli-progress formats (its own `{value}`, `{bar}`...),
 * used as written, never through formatMessage.
 */
export const trainViewMessages = {
  "view.train.progressBar": {
    en:
      "step {value}/{total} [{bar}] {percentage}% | loss {loss} | {tps} tok/s | ETA {eta_formatted}",
    ko:
      "단계 {value}/{total} [{bar}] {percentage}% | 손실 {loss} | {tps} 토큰/초 | 남은 시간 {eta_formatted}",
  },
  "view.train.progressPlain": {
    en: "step {value}/{total} | loss {loss} | {tps} tok/s | ETA {eta_formatted}",
    ko: "단계 {value}/{total} | 손실 {loss} | {tps} 토큰/초 | 남은 시간 {eta_formatted}",
  },
  "view.train.bestDev": { en: " | best dev {em}", ko: " | dev 최고 {em}" },
  "view.train.chart": {
    en: "training loss (mean per interval), step {first}..{last}",
    ko: "학습 손실 (구간 평균), 단계 {first}..{last}",
  },
  "view.train.eval": {
    en: "eval at step {step}: dev exact match {em}, token accuracy {acc}{best}",
    ko: "단계 {step} 평가: dev 완전 일치 {em}, 토큰 정확도 {acc}{best}",
  },
  "view.train.evalBest": { en: " (best so far: kept)", ko: " (지금까지 최고: 보관)" },
  "view.train.kept": {
    en: "kept the parameters of step {step} ({why})",
    ko: "단계 {step}의 매개변수를 남겼습니다 ({why})",
  },
  "view.train.keptBest": { en: "best dev exact match {em}", ko: "dev 완전 일치 최고 {em}" },
  "view.train.keptLast": {
    en: "the last: no dev evaluation had run; {what}",
    ko: "마지막 단계: dev 평가가 한 번도 없었음; {what}",
  },
  "view.train.devEm": { en: "dev exact match {em}", ko: "dev 완전 일치 {em}" },
  "view.train.noDevScore": { en: "no dev score", ko: "dev 점수 없음" },
  "view.train.saved": { en: "saved {written}", ko: "{written}에 저장했습니다" },
  "view.train.replaced": {
    en: "saved {written} ({own}); the model it replaced ({theirs}) is now {previous}",
    ko: "{written}에 저장했습니다 ({own}). 원래 있던 모델({theirs})은 이제 {previous}에 있습니다",
  },
  "view.train.savedElsewhere": {
    en: "saved {written}, not {requested}: {why}",
    ko: "{requested} 대신 {written}에 저장했습니다: {why}",
  },
  "view.train.better": {
    en: "that file holds a better model (dev exact match {theirs} vs {own}) and is unchanged",
    ko: "그 파일의 모델이 더 나아서 (dev 완전 일치 {theirs}, 이번 모델 {own}) 그대로 둡니다",
  },
  "view.train.unscored": {
    en: "that file records no dev score to compare with, so it is unchanged",
    ko: "그 파일에는 비교할 dev 점수가 없어서 그대로 둡니다",
  },
  "view.train.otherTask": {
    en: "that file is a model of task {existing}, not {task}, so it is unchanged",
    ko: "그 파일은 과제 {existing}의 모델이라 (이번 과제: {task}) 그대로 둡니다",
  },
  "view.train.unreadable": {
    en: "that file is not a checkpoint attn can read ({problem}), so it is unchanged",
    ko: "그 파일은 attn이 읽을 수 있는 체크포인트가 아니라서 ({problem}) 그대로 둡니다",
  },
  "view.train.noCopy": {
    en: "no copy of it could be kept ({problem}), so it is unchanged",
    ko: "그 파일의 사본을 남길 수 없어서 ({problem}) 그대로 둡니다",
  },
  "view.train.scores": {
    en: "{label} exact match {em}, token accuracy {acc} ({n} examples)",
    ko: "{label} 완전 일치 {em}, 토큰 정확도 {acc} (예제 {n}개)",
  },
  "view.train.gptModel": {
    en: "gpt ({pe} positions; exact match = prompted translation)",
    ko: "gpt ({pe} 위치; 완전 일치 = 프롬프트로 물은 번역)",
  },
  "view.train.noAttention": { en: "no attention", ko: "어텐션 없음" },
  "view.train.interrupted": {
    en: "interrupted after {steps} of {planned} steps",
    ko: "{planned}단계 중 {steps}단계 뒤에 중단됨",
  },
  "view.train.target": {
    en: "stopped at step {steps} of {planned}: dev exact match reached its target",
    ko: "{planned}단계 중 {steps}단계에서 멈춤: dev 완전 일치가 목표에 이르렀습니다",
  },
  "view.train.patience": {
    en: "stopped early at step {steps} of {planned}: dev exact match stopped improving",
    ko: "{planned}단계 중 {steps}단계에서 일찍 멈춤: dev 완전 일치가 더 나아지지 않았습니다",
  },
  "view.train.steps": { en: "{steps} steps", ko: "{steps}단계" },
  "view.train.trained": {
    en: "trained {model} on {task} ({backend}, seed {seed}, {params} parameters): {how}",
    ko: "학습: {model}, 과제 {task} ({backend}, 시드 {seed}, 매개변수 {params}개): {how}",
  },
  "view.train.time": {
    en: "time {seconds} s, {ms} ms per step (median), {tps} tokens/s",
    ko: "시간 {seconds}초, 단계당 {ms} ms (중앙값), 초당 토큰 {tps}개",
  },
  "view.train.unknown": {
    en: "note: {n} held-out tokens are not in the training vocabulary (read as <unk>): {list}",
    ko: "참고: 평가용 토큰 {n}개가 학습 어휘에 없습니다 (<unk>로 읽음): {list}",
  },
  "view.train.saveLater": {
    en: "'save FILE' keeps this model",
    ko: "'save FILE'로 이 모델을 남길 수 있습니다",
  },
  "view.train.outLater": {
    en: "use --out FILE to keep the model",
    ko: "모델을 남기려면 --out FILE",
  },
  "view.train.notSavedError": {
    en: "not saved: {error} ({later})",
    ko: "저장하지 않았습니다: {error} ({later})",
  },
  "view.train.notSaved": { en: "not saved ({later})", ko: "저장하지 않았습니다 ({later})" },
  "view.shipped.skipped": {
    en: "  skipped: {path} exists (--force retrains it)",
    ko: "  건너뜀: {path} 파일이 이미 있습니다 (--force로 다시 학습)",
  },
  "view.shipped.done": {
    en: "  test exact match {em} in {seconds} s ({steps} steps): saved {path}",
    ko: "  test 완전 일치 {em}, {seconds}초 ({steps}단계): {path}에 저장",
  },
  "view.shipped.none": {
    en: "no model was trained or skipped (in {dir})",
    ko: "학습하거나 건너뛴 모델이 없습니다 ({dir})",
  },
  "view.shipped.model": { en: "model", ko: "모델" },
  "view.shipped.status": { en: "status", ko: "상태" },
  "view.shipped.exactMatch": { en: "exact match", ko: "완전 일치" },
  "view.shipped.tokenAcc": { en: "token acc", ko: "토큰 정확도" },
  "view.shipped.steps": { en: "steps", ko: "단계" },
  "view.shipped.seconds": { en: "seconds", ko: "초" },
  "view.shipped.trained": { en: "trained", ko: "학습함" },
  "view.shipped.wasSkipped": { en: "skipped", ko: "건너뜀" },
} as const satisfies Catalog;
