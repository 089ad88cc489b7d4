/** What the use cases in src/app/ say when they refuse a request, in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const appMessages = {
  "chooseModel.notACheckpoint": {
    en: "{path} is not an attn checkpoint ({reason}); still using {kept}",
    ko: "attn 체크포인트가 아닙니다: {path} ({reason}). 사용 중인 모델은 그대로입니다: {kept}",
  },
  "chooseModel.notFound": {
    en: "{reason}; still using {kept}",
    ko: "{reason}. 사용 중인 모델은 그대로입니다: {kept}",
  },
  "chooseModel.none": { en: "no model", ko: "없음" },
  "lessons.unknown": {
    en: "unknown lesson {typed}{hint} (try 'lesson --list')",
    ko: "없는 레슨입니다: {typed}{hint} ('lesson --list'로 목록을 볼 수 있습니다)",
  },
  "lessons.didYouMean": { en: "; did you mean '{near}'?", ko: ". 혹시 '{near}' 말인가요?" },
  "lessons.unreadable": {
    en: "cannot read {path}: {reason}",
    ko: "읽을 수 없는 파일입니다: {path} ({reason})",
  },
  "progress.cannotSave": {
    en: "cannot save lesson progress to {path}: {reason}; it is kept for this session only",
    ko: "레슨 진도를 저장할 수 없습니다: {path}: {reason}. 이번 세션 동안만 기억합니다",
  },
  "progress.ignoring": {
    en: "ignoring {path}: {reason}; lesson progress is kept for this session only",
    ko: "무시합니다: {path}: {reason}. 레슨 진도는 이번 세션 동안만 기억합니다",
  },
  "progress.keptAside": {
    en: "{path} was not a lesson progress file; kept it as {aside} and started afresh",
    ko: "레슨 진도 파일이 아니었습니다: {path}. {aside}에 옮겨 두고 새로 시작합니다",
  },
  "progress.cannotKeepAside": {
    en:
      "ignoring {path}: it is not a lesson progress file, and it cannot be kept aside ({reason}); lesson progress is kept for this session only",
    ko:
      "무시합니다: {path}: 레슨 진도 파일이 아닌데 옮겨 둘 수도 없습니다 ({reason}). 레슨 진도는 이번 세션 동안만 기억합니다",
  },
  "selectAttention.none": {
    en: "the last run ({model}) recorded no attention: a GRU or LSTM without attention has none",
    ko:
      "마지막 실행({model})에는 어텐션 기록이 없습니다. 어텐션 없는 GRU나 LSTM에는 어텐션이 없습니다",
  },
  "selectAttention.badWord": {
    en: "expected encoder, decoder, cross, alignment, a layer number or mean, got {typed}",
    ko: "encoder, decoder, cross, alignment, 층 번호, mean 중 하나여야 합니다. 받은 것: {typed}",
  },
  "selectAttention.tooManyNumbers": {
    en: "expected at most a layer and a head number, got {numbers}",
    ko: "숫자는 층 번호와 헤드 번호, 많아야 두 개입니다. 받은 것: {numbers}",
  },
  "selectAttention.noKind": {
    en: "the last run ({model}) has no {kind} attention; it has {recorded}",
    ko: "마지막 실행({model})에는 {kind} 어텐션이 없습니다. 있는 것: {recorded}",
  },
  "selectAttention.badLayer": {
    en: "expected a {kind} layer from {first} to {last}, got {layer}",
    ko: "{kind} 층은 {first}부터 {last}까지입니다. 받은 것: {layer}",
  },
  "selectAttention.headAndMean": {
    en: "expected a head number or mean, not both",
    ko: "헤드 번호와 mean 중 하나만 주세요",
  },
  "selectAttention.badHead": {
    en: "expected a head from 0 to {last} or mean, got {head}",
    ko: "헤드는 0부터 {last}까지 또는 mean입니다. 받은 것: {head}",
  },
  "selectHidden.none": {
    en: "the last run ({model}) recorded no hidden states",
    ko: "마지막 실행({model})에는 은닉 상태 기록이 없습니다",
  },
  "selectHidden.notANumber": {
    en: "expected a layer number from {first} to {last}, got {typed}",
    ko: "층 번호는 {first}부터 {last}까지입니다. 받은 것: {typed}",
  },
  "selectHidden.badLayer": {
    en: "expected a layer from {first} to {last}, got {layer}",
    ko: "층은 {first}부터 {last}까지입니다. 받은 것: {layer}",
  },
  "compareModels.modelAndModels": {
    en: "expected --model or --models, not both",
    ko: "--model과 --models 중 하나만 주세요",
  },
  "compareModels.unknownModel": {
    en: "unknown model {typed}; expected one of: {names}, or a path to a .safetensors file",
    ko: "없는 모델입니다: {typed}. 가능한 것: {names}, 또는 .safetensors 파일 경로",
  },
  "compareModels.none": { en: "(none)", ko: "(없음)" },
  "compareModels.noTask": {
    en:
      "expected --task NAME or --model NAME|PATH (the model in use, {inUse}, is not one attn can read)",
    ko:
      "--task 이름 또는 --model 이름|경로가 필요합니다 (사용 중인 모델 {inUse}: attn이 읽을 수 없습니다)",
  },
  "compareModels.otherTask": {
    en: "--model {typed} is a model of task '{modelTask}', not '{task}'",
    ko: "--model {typed}: 과제 '{modelTask}'의 모델입니다. '{task}'의 모델이 아닙니다",
  },
  "compareModels.noModelsForTask": {
    en: "no shipped models for task {typed}; expected one of: {tasks}",
    ko: "과제 {typed}의 모델이 weights/에 없습니다. 가능한 과제: {tasks}",
  },
  "compareModels.emptyWeights": { en: "(weights/ is empty)", ko: "(weights/가 비어 있음)" },
  "compareModels.badList": {
    en: "expected 1-8 comma-separated models, got {typed}",
    ko: "쉼표로 구분한 모델 1-8개가 필요합니다. 받은 것: {typed}",
  },
  "peTable.notLearned": {
    en: "expected a Transformer with a learned positional table, but {model} uses {what}{hint}",
    ko: "학습된 위치 표를 쓰는 Transformer여야 하는데, {model}의 위치 표현: {what}{hint}",
  },
  "peTable.rnn": {
    en: "an {arch} (no positional table)",
    ko: "없음({arch}에는 위치 표가 없습니다)",
  },
  "peTable.try": { en: "; try pe {pe}", ko: ". pe {pe}(으)로 보세요" },
  "peTable.noTensor": {
    en: "{model} has no pos_embed.weight tensor",
    ko: "{model}에 pos_embed.weight 텐서가 없습니다",
  },
  "peTable.tooLong": {
    en: "expected len of at most {max} (the model's max_len), got {rows}",
    ko: "len은 {max} 이하여야 합니다 (모델의 max_len). 받은 것: {rows}",
  },
  "path.tooLong": {
    en: "{what}: expected a name or a path of less than {max} bytes, got {typed}",
    ko: "{what}: 이름이나 경로는 {max}바이트보다 짧아야 합니다. 받은 것: {typed}",
  },
  "runText.gptBeam": {
    en: "--beam is for encoder-decoder models; a GPT runs greedy here (generate samples)",
    ko:
      "--beam은 인코더-디코더 모델용입니다. GPT는 여기서 탐욕 디코딩으로 돌고, 샘플링은 generate로 합니다",
  },
  "runText.noModels": {
    en:
      "expected --model NAME (see 'models') or --model PATH.safetensors; weights/ holds no models yet",
    ko:
      "--model 이름('models' 참고) 또는 --model PATH.safetensors가 필요합니다. weights/에 아직 모델이 없습니다",
  },
  "runText.onlySpaces": {
    en: "expected some text to run, got only spaces",
    ko: "실행할 문장이 필요한데 공백만 받았습니다",
  },
  "runText.tooLong": {
    en: "expected a sentence of at most {max} tokens, got {got}",
    ko: "문장은 토큰 {max}개 이하여야 합니다. 받은 것: {got}개",
  },
  "runText.noText": {
    en: "expected some text to run, e.g. run 나는 학생이다 --model NAME",
    ko: "실행할 문장이 필요합니다. 예: run 나는 학생이다 --model NAME",
  },
  "runText.controlChar": {
    en: "expected text without control characters, got U+{code} at character {at}",
    ko: "제어 문자가 없는 문장이어야 합니다. {at}번째 글자가 U+{code}입니다",
  },
  "runText.stopped": {
    en: "{stopped} after decoding {done} of {total} steps; nothing to show",
    ko: "{stopped}: 디코딩 {total}단계 중 {done}단계 뒤. 보여 줄 결과가 없습니다",
  },
} as const satisfies Catalog;
