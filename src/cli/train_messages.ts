/**
 * What `train`, `train --all` and `train --recipe FILE` refuse, in both languages. A placeholder
 * that holds what the user typed is quoted and never followed by a particle.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

export const trainMessages = {
  "train.needsArchTask": {
    en:
      "train needs an arch and a task (train transformer reverse), or --all for the shipped models",
    ko:
      "train에는 모델 구조와 과제가 필요합니다(train transformer reverse). 기본 제공 모델을 모두 학습하려면 --all",
  },
  "train.unknownTask": {
    en: "unknown task '{typed}'; expected one of: {tasks}",
    ko: "없는 과제입니다: '{typed}'. 가능한 과제: {tasks}",
  },
  "train.oneOf": {
    en: "{what} must be one of: {allowed}; got '{typed}'",
    ko: "{what}: 다음 중 하나여야 합니다: {allowed}. 받은 것: '{typed}'",
  },
  "train.what.arch": { en: "arch", ko: "모델 구조(arch)" },
  "train.what.attentionFor": { en: "--attention for a {arch}", ko: "{arch}의 --attention" },
  "train.transformerOnly": {
    en: "{option} applies to a transformer only, got arch {arch}",
    ko: "{option}: transformer에만 쓰는 옵션입니다. 받은 모델 구조: {arch}",
  },
  "train.lr": {
    en: "--lr must be a number above 0 and at most {max} (e.g. 0.002), got '{typed}'",
    ko: "--lr: 0보다 크고 {max} 이하인 수여야 합니다(예: 0.002). 받은 것: '{typed}'",
  },
  "train.notSaved": {
    en: "{stopped}not saved: {reason}; {later}",
    ko: "{stopped}저장하지 못했습니다: {reason}. {later}",
  },
  "train.keptHere": {
    en: "the model is kept in this session: 'save FILE' saves it",
    ko: "모델은 이 세션에 남아 있습니다. 'save FILE'로 저장할 수 있습니다",
  },
  "train.nothingWritten": {
    en: "nothing was written (at the attn> prompt, 'save FILE' could try again)",
    ko: "아무것도 쓰지 않았습니다(attn> 프롬프트였다면 'save FILE'로 다시 시도할 수 있습니다)",
  },
  "stop.keptDev": {
    en: "the kept parameters (step {step}, best on dev)",
    ko: "남겨 둔 매개변수({step}단계, dev에서 가장 좋음)",
  },
  "stop.last": {
    en: "the last parameters (step {step}; no dev evaluation had run)",
    ko: "마지막 매개변수({step}단계, 아직 dev 평가 전)",
  },
  "stop.whichDev": {
    en: "the parameters of step {step} (best on dev)",
    ko: "{step}단계의 매개변수(dev에서 가장 좋음)",
  },
  "stop.onTest": { en: "on the test split", ko: "test 분할에서" },
  "stop.onDevTest": { en: "on dev and test", ko: "dev와 test에서" },
  "stop.thenSaving": { en: ", then saving", ko: ", 그다음 저장" },
  "stop.scoring": { en: "scoring {kept} {where}{then}", ko: "{where} 채점: {kept}{then}" },
  "stop.keeping": {
    en: "keeping {which}; {skipped}{then}",
    ko: "남김: {which}. {skipped}{then}",
  },
  "stop.again.sigint": { en: "Ctrl-C again", ko: "Ctrl-C를 한 번 더 누르면" },
  "stop.again.signal": { en: "a second signal", ko: "신호가 한 번 더 오면" },
  "stop.line": {
    en: "{stopped} at step {step}: {doing}; {again} leaves now without saving",
    ko: "{stopped}: {step}단계. {doing}. {again} 저장하지 않고 바로 끝납니다",
  },
  "stop.atStep": {
    en: "{stopped} at step {step}: {kept}; ",
    ko: "{stopped}: {step}단계. {kept}. ",
  },
  "stop.then": { en: "{stopped}{outcome}", ko: "{stopped}{outcome}" },
  "train.noStep": {
    en: "not saved: no training step had run",
    ko: "저장하지 않았습니다: 학습 단계를 하나도 실행하지 않았습니다",
  },
  "train.noOut": { en: "not saved (no --out{here})", ko: "저장하지 않았습니다(--out 없음{here})" },
  "train.keptHereAfter": { en: "; {keptHere}", ko: ". {keptHere}" },
  "all.onlyOption": {
    en: "{flag} applies to train --all only",
    ko: "{flag}: train --all에만 쓰는 옵션입니다",
  },
  "all.noArgs": {
    en:
      "train --all trains every shipped model; got {typed} too (name one model without --all, or pick with --only)",
    ko:
      "train --all은 기본 제공 모델을 모두 학습합니다. 함께 받은 것: {typed} (모델 하나는 --all 없이 지정하고, 골라서 하려면 --only)",
  },
  "all.oneModelOption": {
    en: "--{option} applies to one model, not to --all (a --recipe file applies to every model)",
    ko:
      "--{option}: 모델 하나에 쓰는 옵션이라 --all과 함께 쓸 수 없습니다 (--recipe 파일은 모든 모델에 적용됩니다)",
  },
  "all.onlyEmpty": {
    en: "--only: expected model names, got none",
    ko: "--only: 모델 이름이 필요한데 하나도 없습니다",
  },
  "all.onlyUnknown": {
    en: "--only: unknown model {typed}{hint} (expected some of: {names})",
    ko: "--only: 없는 모델입니다: {typed}{hint} (가능한 모델: {names})",
  },
  "all.didYouMean": { en: "; did you mean '{near}'?", ko: ". 혹시 '{near}' 말인가요?" },
  "all.outDirDenied": {
    en:
      "--out-dir {dir}: attn may not write there; 'deno task train:all' may write weights/, and attn may write under {allowed}",
    ko:
      "--out-dir {dir}: attn은 그곳에 쓸 수 없습니다. 'deno task train:all'은 weights/에, attn은 {allowed} 아래에 쓸 수 있습니다",
  },
  "all.stateDir": { en: "its state directory", ko: "attn의 상태 디렉터리" },
  "all.stoppedBetween": {
    en: "{stopped} between models: the models listed above are saved",
    ko: "{stopped}: 모델 사이에서 멈췄습니다. 위에 나온 모델은 저장되었습니다",
  },
  "all.stoppedWhile": {
    en: "{stopped} while training {model}: it was not saved (the models listed above are)",
    ko:
      "{stopped}: {model}을(를) 학습하던 중이라 저장하지 않았습니다 (위에 나온 모델은 저장되었습니다)",
  },
  "recipe.refused": { en: "{option} {given}: {why}", ko: "{option} {given}: {why}" },
  "recipe.notAFile": {
    en: "expected a JSON file, got a directory or a device",
    ko: "JSON 파일이어야 하는데 디렉터리나 장치입니다",
  },
  "recipe.tooLarge": {
    en: "expected a JSON file of at most {max} bytes, got {size}",
    ko: "JSON 파일은 {max}바이트까지입니다. 받은 크기: {size}바이트",
  },
  "recipe.noSuchFile": { en: "no such file", ko: "없는 파일입니다" },
  "recipe.mayNotRead": {
    en: "attn may not read it; put it in the project directory or under {allowed}",
    ko: "attn이 읽을 수 없는 곳입니다. 프로젝트 디렉터리나 {allowed} 아래에 두세요",
  },
  "recipe.cannotRead": { en: "cannot read it ({reason})", ko: "읽을 수 없습니다 ({reason})" },
  "recipe.notJson": { en: "expected JSON, {reason}", ko: "올바른 JSON이 아닙니다" },
} as const satisfies Catalog;
