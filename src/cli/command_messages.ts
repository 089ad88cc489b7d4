/**
 * What the commands themselves say (their refusals and one-line reports), in both languages.
 * A placeholder that holds what the user typed is never followed by a particle: how it is read
 * aloud cannot be told, so the Korean puts it after a colon instead.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

export const commandMessages = {
  "help.noCommand": {
    en: "no command {typed}{hint} (help lists them)",
    ko: "그런 명령은 없습니다: {typed}{hint} (help가 목록을 보여 줍니다)",
  },
  "help.didYouMean": { en: "; did you mean '{near}'?", ko: ". 혹시 '{near}' 말인가요?" },
  "set.unknownOption": {
    en: "expected an option ({options}), got {typed}{hint}",
    ko: "설정 이름이 필요합니다({options}). 받은 것: {typed}{hint}",
  },
  "set.badValue": {
    en: "expected set {option} {values}, got {typed}",
    ko: "set {option} {values} 형태여야 합니다. 받은 것: {typed}",
  },
  "set.noValue": { en: "no value", ko: "값 없음" },
  "set.noImages": {
    en: "note: no images in this terminal: {why}; views keep the text grid",
    ko: "참고: 이 터미널에서는 이미지를 보일 수 없습니다: {why}. 뷰는 텍스트 격자로 나옵니다",
  },
  "set.noImages.notTerminal": {
    en: "the output is not a terminal",
    ko: "출력이 터미널이 아닙니다",
  },
  "set.noImages.multiplexer": {
    en: "tmux or screen sits between attn and the terminal and does not pass images through",
    ko: "tmux나 screen이 attn과 터미널 사이에서 이미지를 전달하지 않습니다",
  },
  "set.noImages.unsupported": {
    en: "it speaks none of kitty's, iTerm2's or sixel image protocols (TERM={term})",
    ko: "kitty, iTerm2, sixel 이미지 방식을 하나도 지원하지 않습니다 (TERM={term})",
  },
  "lastRun.none": {
    en:
      "{command} shows the last run, and there is none yet; first: run 나는 학생이다 (at the attn> prompt)",
    ko:
      "{command}은(는) 마지막 실행을 보여 주는데, 아직 실행한 것이 없습니다. 먼저: run 나는 학생이다 (attn> 프롬프트에서)",
  },
  "parse.wholeNumber": {
    en: "{what} must be a whole number from {min} to {max}, got {typed}",
    ko: "{what}: {min}부터 {max}까지의 정수여야 합니다. 받은 것: {typed}",
  },
  "parse.range": {
    en: "{what} must be from {min} to {max}, got {typed}",
    ko: "{what}: {min}부터 {max}까지여야 합니다. 받은 것: {typed}",
  },
  "parse.backwards": {
    en: "{what}: range {typed} runs backwards",
    ko: "{what}: 범위가 거꾸로입니다: {typed}",
  },
  "parse.emptyList": {
    en: "{what}: expected a list like 8,16,32 or 8..1024",
    ko: "{what}: 8,16,32 또는 8..1024 같은 목록이 필요합니다",
  },
  "parse.tooMany": {
    en: "{what}: at most 64 values, got {count}",
    ko: "{what}: 값은 64개까지입니다. 받은 것: {count}개",
  },
  "words.unterminated": {
    en: "unterminated {quote} quote",
    ko: "닫히지 않은 따옴표가 있습니다: {quote}",
  },
  "mask.kind": {
    en: "expected mask causal or padding, got {typed}",
    ko: "mask causal 또는 mask padding이어야 합니다. 받은 것: {typed}",
  },
  "mask.causalLengths": {
    en: "--lengths is for 'mask padding'; a causal mask depends only on n",
    ko: "--lengths는 'mask padding'에 씁니다. causal 마스크는 n에만 달려 있습니다",
  },
  "pe.kind": {
    en: "expected pe sinusoidal, learned or rope, got {typed}",
    ko: "pe sinusoidal, learned, rope 중 하나여야 합니다. 받은 것: {typed}",
  },
  "pe.oddDim": {
    en: "expected an even dim (sin/cos pairs), got {dim}",
    ko: "dim은 짝수여야 합니다(sin/cos 쌍). 받은 것: {dim}",
  },
  "export.noModel": {
    en: "expected --model NAME (see 'models') or --model PATH",
    ko: "--model 이름('models' 참고) 또는 --model 경로가 필요합니다",
  },
  "export.noOut": {
    en: "expected --out FILE.safetensors to write to",
    ko: "쓸 파일을 --out FILE.safetensors로 알려 주세요",
  },
  "save.nothingRepl": {
    en:
      "no trained model to save yet; train one first (e.g. train transformer reverse), then save FILE",
    ko:
      "저장할 학습된 모델이 아직 없습니다. 먼저 학습하고(예: train transformer reverse) save FILE",
  },
  "save.nothingShell": {
    en:
      "save keeps the model of a train at the attn> prompt; from the shell use train ... --out FILE",
    ko:
      "save는 attn> 프롬프트에서 학습한 모델을 저장합니다. 셸에서는 train ... --out FILE을 쓰세요",
  },
  "save.failed": {
    en: "{reason}; the model is still kept: save FILE can try again",
    ko: "{reason}. 모델은 그대로 남아 있으니 save FILE로 다시 시도할 수 있습니다",
  },
  "outPath.notAFile": {
    en: "{option}: expected a file path, got '{given}'",
    ko: "{option}: 파일 경로가 필요합니다. 받은 것: '{given}'",
  },
  "outPath.denied": {
    en:
      "{option} {given}: attn may not write there; it may write under {allowed} (or run deno with --allow-write for that path)",
    ko:
      "{option} {given}: attn은 그곳에 쓸 수 없습니다. 쓸 수 있는 곳: {allowed} (또는 그 경로에 --allow-write를 주고 deno를 실행하세요)",
  },
  "outPath.stateDir": { en: "its state directory", ko: "attn의 상태 디렉터리" },
  "outPath.comma": {
    en:
      "{option} {given}: attn does not write there: the state directory's path {candidate} has a comma, so deno's --allow-write granted {commaDir} by accident",
    ko:
      "{option} {given}: attn은 그곳에 쓰지 않습니다. 상태 디렉터리 경로 {candidate}에 쉼표가 있어 deno의 --allow-write가 {commaDir}까지 잘못 허용했습니다",
  },
  "outPath.linkedDir": {
    en:
      "{option} {given}: {dir} leads to {realDir} through a symbolic link; attn may not write there (it writes only inside {allowed})",
    ko:
      "{option} {given}: {dir}: 심볼릭 링크를 거쳐 {realDir}에 이르는 곳이라 attn이 쓸 수 없습니다 ({allowed} 안에만 씁니다)",
  },
  "outPath.link": {
    en: "{option} {given}: it is a symbolic link; give the path of the file it points to",
    ko: "{option} {given}: 심볼릭 링크입니다. 링크가 가리키는 파일의 경로를 주세요",
  },
  "outPath.directory": {
    en: "{option} {given}: it is a directory, expected a file",
    ko: "{option} {given}: 디렉터리입니다. 파일이어야 합니다",
  },
  "outPath.parentNotDir": {
    en: "{option} {given}: {dir} is not a directory",
    ko: "{option} {given}: 디렉터리가 아닙니다: {dir}",
  },
  "outPath.noParent": {
    en: "{option} {given}: directory {dir} does not exist",
    ko: "{option} {given}: 없는 디렉터리입니다: {dir}",
  },
  "outPath.notSafetensors": {
    en: "{option} must name a .safetensors file, got '{given}'",
    ko: "{option}: .safetensors 파일이어야 합니다. 받은 것: '{given}'",
  },
  "step.hint": {
    en: "Enter: next step, a: all the rest, q: stop",
    ko: "Enter: 다음 단계, a: 나머지 모두, q: 멈춤",
  },
  "step.stopped": {
    en: "(stopped after frame {frame}; attn and hidden show the whole run)",
    ko: "({frame}번째 장면 뒤에서 멈췄습니다. attn과 hidden으로 실행 전체를 볼 수 있습니다)",
  },
  "lesson.stopped": {
    en: "lesson {id} stopped; {command} resumes it at step {step} of {steps}",
    ko: "레슨 {id} 멈춤. {command}(으)로 {steps}단계 중 {step}단계부터 이어 갑니다",
  },
  "lesson.resuming": {
    en: "(resuming at step {step} of {steps}; lesson {number} --restart starts over)",
    ko: "({steps}단계 중 {step}단계부터 이어서 합니다. 처음부터: lesson {number} --restart)",
  },
  "lesson.resumingOther": {
    en:
      "(resuming the English lesson you left at step {step} of {steps}; lesson {number} --lang ko starts the Korean one)",
    ko:
      "(멈췄던 한국어 레슨을 {steps}단계 중 {step}단계부터 이어서 합니다. 영어 레슨은 lesson {number} --lang en)",
  },
  "lesson.listTakesNoName": {
    en: "--list takes no lesson name, got {typed}",
    ko: "--list에는 레슨 이름을 주지 않습니다. 받은 것: {typed}",
  },
  "lesson.json": {
    en: "--json applies to `lesson --list`; a lesson plays as text",
    ko: "--json은 `lesson --list`에만 씁니다. 레슨은 글로 진행됩니다",
  },
  "lesson.nested": {
    en: "a lesson is already playing; lessons do not start other lessons",
    ko: "이미 레슨이 진행 중입니다. 레슨 안에서 다른 레슨을 시작하지 않습니다",
  },
  "lesson.failed": {
    en: "lesson {id}: {count} command{plural} failed: {commands}",
    ko: "레슨 {id}: 명령 {count}개가 실패했습니다: {commands}",
  },
  "lesson.finished": {
    en: "(finished lesson {id}; all lessons: lesson)",
    ko: "(레슨 {id} 완료. 전체 목록: lesson)",
  },
} as const satisfies Catalog;
