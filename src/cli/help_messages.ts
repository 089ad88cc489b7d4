/**
 * `help` in Korean: each command's summary, arguments and options, and the words around them.
 * English help is the commands' own text (their `summary` and commander descriptions); each
 * Korean entry here names the English text it translates (`en`), so a changed English text is
 * never shown in a stale translation: the Korean view falls back to the new English, and
 * tests/cli/korean_help_test.ts says which entry to update.
 * Ids: help.summary.<command>, help.arg.<command>.<argument>, help.option.<command>.<--option>.
 */
import { figureOutHelp, MODEL_HELP, SENTENCE_HELP } from "./help_shared.ts";
import type { Catalog } from "../platform/i18n/messages.ts";
import { tokensHelpMessages } from "./tokens_help_messages.ts";
import { generateHelpMessages } from "./generate_help_messages.ts";
import { lensHelpMessages } from "./lens_help_messages.ts";
import { attributionHelpMessages } from "./attribution_help_messages.ts";
import { ablateHelpMessages } from "./ablate_help_messages.ts";
import { importHelpMessages } from "./import_help_messages.ts";

const LAYER = {
  en: "layer number as in run --json, from 0 (default the last)",
  ko: "층 번호, run --json과 같이 0부터 (기본: 마지막 층)",
};

export const helpMessages = {
  ...tokensHelpMessages,
  ...generateHelpMessages,
  ...lensHelpMessages,
  ...attributionHelpMessages,
  ...ablateHelpMessages,
  ...importHelpMessages,
  ...figureOutHelp("run"),
  ...figureOutHelp("step"),
  ...figureOutHelp("attn"),
  ...figureOutHelp("hidden"),
  ...figureOutHelp("pe"),
  ...figureOutHelp("mask"),
  "help.usage": { en: "Usage:", ko: "사용법:" },
  "help.arguments": { en: "Arguments:", ko: "인자:" },
  "help.options": { en: "Options:", ko: "옵션:" },
  "help.optionsWord": { en: "[options]", ko: "[옵션]" },
  "help.choices": { en: "choices", ko: "선택" },
  "help.default": { en: "default", ko: "기본값" },
  "help.summary.device": {
    en: "show the compute backend and GPU adapter in use",
    ko: "사용 중인 계산 백엔드와 GPU 어댑터를 보여 줍니다",
  },
  "help.summary.models": {
    en: "list the trained models that ship in weights/",
    ko: "weights/에 들어 있는 학습된 모델 목록",
  },
  "help.summary.use": {
    en: "choose the model run, step and compare use: use <model>",
    ko: "run, step, compare가 쓸 모델을 고릅니다: use <모델>",
  },
  "help.arg.use.model": MODEL_HELP,
  "help.summary.run": {
    en: "run a model on a sentence: output, attention and hidden states (run 나는 학생이다)",
    ko: "문장 하나를 모델에 넣어 봅니다: 출력, 어텐션, 은닉 상태 (run 나는 학생이다)",
  },
  "help.arg.run.text": SENTENCE_HELP,
  "help.option.run.--model": MODEL_HELP,
  "help.option.run.--beam": {
    en: "beam search of width k (1-64) instead of greedy",
    ko: "탐욕(greedy) 디코딩 대신 폭 k(1-64)의 빔 탐색",
  },
  "help.option.run.--max-steps": {
    en: "decoding steps allowed (at most the model's max_len)",
    ko: "허용할 디코딩 단계 수 (모델의 max_len 이하)",
  },
  "help.summary.step": {
    en:
      "walk through a run one RNN step, Transformer layer or GPT generation step per Enter: step <text> [--all]",
    ko:
      "Enter마다 RNN 한 단계, Transformer 한 층 또는 GPT 생성 한 단계씩 따라가 봅니다: step <문장> [--all]",
  },
  "help.arg.step.text": SENTENCE_HELP,
  "help.option.step.--model": MODEL_HELP,
  "help.option.step.--all": {
    en: "show every step at once instead of one per Enter",
    ko: "Enter마다 하나씩이 아니라 모든 단계를 한 번에 보여 줍니다",
  },
  "help.summary.attn": {
    en:
      "show an attention matrix of the last run: attn [encoder|decoder|cross|alignment] [layer] [head|mean]",
    ko:
      "마지막 실행의 어텐션 행렬을 보여 줍니다: attn [encoder|decoder|cross|alignment] [층] [헤드|mean]",
  },
  "help.arg.attn.kind": {
    en: "encoder, decoder, cross or alignment (default cross, or alignment for an RNN)",
    ko: "encoder, decoder, cross, alignment 중 하나 (기본: cross, RNN은 alignment)",
  },
  "help.arg.attn.layer": LAYER,
  "help.arg.attn.head": {
    en: "a head number from 0, or mean (default mean)",
    ko: "0부터 시작하는 헤드 번호 또는 mean (기본: mean)",
  },
  "help.summary.hidden": {
    en: "show the last run's hidden states as colored strips: hidden [layer]",
    ko: "마지막 실행의 은닉 상태를 색 띠로 보여 줍니다: hidden [층]",
  },
  "help.arg.hidden.layer": LAYER,
  "help.option.hidden.--where": {
    en: "only the encoder or only the decoder",
    ko: "인코더만 또는 디코더만",
  },
  "help.summary.compare": {
    en:
      "run an RNN, an RNN with attention, a Transformer and a GPT on the same input: compare <text>",
    ko: "같은 입력을 RNN, 어텐션을 쓴 RNN, Transformer, GPT에 넣어 비교합니다: compare <문장>",
  },
  "help.arg.compare.text": {
    en: "the input (several words are joined with spaces)",
    ko: "입력 (여러 단어는 공백으로 이어 붙입니다)",
  },
  "help.option.compare.--task": {
    en: "compare the models of this task (default: the task of --model or of the model in use)",
    ko: "이 과제의 모델끼리 비교합니다 (기본: --model 또는 사용 중인 모델의 과제)",
  },
  "help.option.compare.--model": {
    en: "a model from 'models', or a .safetensors path: its task, in its family's place",
    ko: "'models'의 모델 이름 또는 .safetensors 경로: 그 과제로, 같은 계열 자리에 들어갑니다",
  },
  "help.option.compare.--models": {
    en: "comma-separated models (names or .safetensors paths) instead of one per family",
    ko: "계열마다 하나씩 대신, 쉼표로 구분한 모델들 (이름 또는 .safetensors 경로)",
  },
  ...figureOutHelp("compare"),
  "help.summary.pe": {
    en: "show positional encodings: pe sinusoidal|learned|rope [len] [dim]",
    ko: "위치 인코딩을 보여 줍니다: pe sinusoidal|learned|rope [길이] [차원]",
  },
  "help.arg.pe.kind": {
    en: "sinusoidal, learned or rope",
    ko: "sinusoidal, learned, rope 중 하나",
  },
  "help.arg.pe.len": {
    en: "positions to show (1-1024, default 20)",
    ko: "보여 줄 위치 수 (1-1024, 기본 20)",
  },
  "help.arg.pe.dim": {
    en: "model (or rope: head) width, even (2-1024, default 32)",
    ko: "모델 폭(rope는 헤드 폭), 짝수 (2-1024, 기본 32)",
  },
  "help.option.pe.--model": {
    en: "learned: the trained model whose pos_embed to show",
    ko: "learned: pos_embed를 보여 줄 학습된 모델",
  },
  "help.option.pe.--page": {
    en: "which page of dimensions to show when they do not fit",
    ko: "차원이 화면에 다 들어가지 않을 때 보여 줄 쪽 번호",
  },
  "help.summary.mask": {
    en: "show an attention mask and the softmax under it: mask causal|padding <n>",
    ko: "어텐션 마스크와 그 아래의 소프트맥스를 보여 줍니다: mask causal|padding <n>",
  },
  "help.arg.mask.kind": { en: "causal or padding", ko: "causal 또는 padding" },
  "help.arg.mask.n": { en: "sequence length (1-256)", ko: "시퀀스 길이 (1-256)" },
  "help.option.mask.--lengths": {
    en: "padding: the real length of each sequence (default n and n/2)",
    ko: "padding: 각 시퀀스의 실제 길이 (기본 n과 n/2)",
  },
  "help.summary.export": {
    en: "write a model's weights for PyTorch (load_state_dict(strict=True))",
    ko: "모델 가중치를 PyTorch용으로 씁니다 (load_state_dict(strict=True))",
  },
  "help.option.export.--model": MODEL_HELP,
  "help.option.export.--format": { en: "output format", ko: "출력 형식" },
  "help.option.export.--out": {
    en: "the .safetensors file to write",
    ko: "쓸 .safetensors 파일",
  },
  "help.summary.bench": {
    en: "measure kernels and models: median, min and max time (bench matmul, bench attention)",
    ko: "커널과 모델의 시간을 잽니다: 중앙값, 최솟값, 최댓값 (bench matmul, bench attention)",
  },
  "help.arg.bench.suite": {
    en: "one of: matmul, dispatch, attention, models, train, generate",
    ko: "matmul, dispatch, attention, models, train, generate 중 하나",
  },
  "help.option.bench.--reps": {
    en: "timed repetitions per case (warm-up excluded)",
    ko: "경우마다 시간을 잴 반복 횟수 (워밍업 제외)",
  },
  "help.option.bench.--baseline": {
    en: "also run the suite on this backend and report speedups",
    ko: "이 백엔드에서도 돌려 속도 향상을 보고합니다",
  },
  "help.option.bench.--torch": {
    en:
      "bench train/generate/models: also time the same steps or tokens in PyTorch (CPU, 2 threads) and report the ratio",
    ko:
      "bench train/generate/models: 같은 단계나 토큰을 PyTorch(CPU, 스레드 2개)로도 재서 비율을 보고합니다",
  },
  "help.option.bench.--profile": {
    en: "bench train: add a per-kernel GPU profile of one step (webgpu)",
    ko: "bench train: 한 단계의 커널별 GPU 프로파일을 덧붙입니다 (webgpu)",
  },
  "help.option.bench.--numpy": {
    en: "bench matmul: also time the cubes in numpy (float32, its BLAS) and report the ratio",
    ko: "bench matmul: 같은 정육면체 행렬곱을 numpy(float32, 그 BLAS)로도 재서 비율을 보고합니다",
  },
  "help.option.bench.--len": {
    en: "bench attention/models/generate: sequence lengths, 8,16,32 or 8..1024 (doubling)",
    ko: "bench attention/models/generate: 시퀀스 길이, 8,16,32 또는 8..1024 (두 배씩)",
  },
  "help.option.bench.--model": {
    en: "bench generate: a GPT from 'models' or a .safetensors path (default: random weights)",
    ko: "bench generate: 'models'의 GPT 또는 .safetensors 경로 (기본값: 무작위 가중치)",
  },
  "help.summary.experiment": {
    en: "measure a textbook claim live: tables, a chart and a computed conclusion",
    ko: "교과서의 주장을 그 자리에서 측정합니다: 표, 차트, 계산된 결론",
  },
  "help.arg.experiment.name": {
    en:
      "one of: bottleneck, parallel, cost, scaling, position, gradient-path, norm, heads, sampling, heads-ablation, kv-cache, induction",
    ko:
      "bottleneck, parallel, cost, scaling, position, gradient-path, norm, heads, sampling, heads-ablation, kv-cache, induction 중 하나",
  },
  "help.option.experiment.--quick": {
    en: "the reduced version (about a minute or less)",
    ko: "줄인 버전 (1분 안팎)",
  },
  "help.option.experiment.--model": {
    en: "heads-ablation: the model to read (default ko-en-transformer)",
    ko: "heads-ablation: 읽을 모델 (기본 ko-en-transformer)",
  },
  "help.option.experiment.--fresh": {
    en: "measure again even if this session already ran it (lessons reuse)",
    ko: "이 세션에서 이미 돌렸어도 다시 측정합니다 (레슨은 재사용)",
  },
  ...figureOutHelp("experiment"),
  "help.summary.lesson": {
    en: "play a scripted lesson (ko/en) that runs attn's commands; alone: list with progress",
    ko: "attn 명령을 실행하며 진행하는 레슨(한국어/영어); 이름 없이: 진도와 함께 목록",
  },
  "help.arg.lesson.name": {
    en: "a lesson number or name from `lesson --list`",
    ko: "`lesson --list`에 나오는 레슨 번호나 이름",
  },
  "help.option.lesson.--list": {
    en: "list the lessons with your progress",
    ko: "레슨 목록을 진도와 함께 보여 줍니다",
  },
  "help.option.lesson.--auto": {
    en: "play straight through without waiting for Enter",
    ko: "Enter를 기다리지 않고 끝까지 진행합니다",
  },
  "help.option.lesson.--restart": {
    en: "start from the beginning instead of resuming",
    ko: "이어서 하지 않고 처음부터 시작합니다",
  },
  "help.summary.train": {
    en: "train a model on a task with progress and a loss chart (train transformer reverse)",
    ko:
      "과제 하나로 모델을 학습합니다. 진행 상황과 손실 차트를 보여 줍니다 (train transformer reverse)",
  },
  "help.arg.train.arch": {
    en: "the model: transformer, gru, lstm, gpt (not with --all)",
    ko: "모델: transformer, gru, lstm, gpt (--all과 함께 쓰지 않음)",
  },
  "help.arg.train.task": {
    en: "the task: reverse, copy, sort, dates, ko-en (not with --all)",
    ko: "과제: reverse, copy, sort, dates, ko-en (--all과 함께 쓰지 않음)",
  },
  "help.option.train.--attention": {
    en:
      "transformer: scaled-dot; gru/lstm: none, bahdanau, luong-dot, luong-general (default bahdanau)",
    ko:
      "transformer: scaled-dot; gru/lstm: none, bahdanau, luong-dot, luong-general (기본 bahdanau)",
  },
  "help.option.train.--pe": {
    en: "transformer positions: sinusoidal, learned, rope, none; gpt: learned, rope",
    ko: "transformer의 위치 표현: sinusoidal, learned, rope, none; gpt: learned, rope",
  },
  "help.option.train.--norm": {
    en: "transformer LayerNorm placement: pre, post",
    ko: "transformer의 LayerNorm 위치: pre, post",
  },
  "help.option.train.--steps": {
    en: "optimizer steps (1-100000)",
    ko: "옵티마이저 단계 수 (1-100000)",
  },
  "help.option.train.--batch": {
    en: "examples per step (1-512)",
    ko: "단계마다 쓰는 예제 수 (1-512)",
  },
  "help.option.train.--lr": { en: "peak learning rate (0-1)", ko: "최대 학습률 (0-1)" },
  "help.option.train.--seed": {
    en: "seed of init, data, shuffling and dropout (default 1)",
    ko: "초기화, 데이터, 섞기, 드롭아웃의 시드 (기본 1)",
  },
  "help.option.train.--out": {
    en: "save the trained model to this .safetensors file (a better model already there is kept)",
    ko: "학습한 모델을 이 .safetensors 파일에 저장합니다 (이미 있는 더 나은 모델은 남겨 둡니다)",
  },
  "help.option.train.--recipe": {
    en:
      'a JSON file of recipe fields over the task\'s recipe, e.g. {"steps":300,"model":{"dModel":32}} (fields: model, steps, batchSize, lr, warmup, labelSmoothing, dropout, clipNorm, data, logEvery, evalEvery, patience, targetExactMatch, bpeVocab); it must lie in the project or the state directory',
    ko:
      '과제의 레시피 위에 덮어쓸 필드를 담은 JSON 파일, 예: {"steps":300,"model":{"dModel":32}} (필드: model, steps, batchSize, lr, warmup, labelSmoothing, dropout, clipNorm, data, logEvery, evalEvery, patience, targetExactMatch, bpeVocab). 프로젝트나 상태 디렉터리 안에 있어야 합니다',
  },
  "help.option.train.--all": {
    en: "train the shipped models (weights/) one after the other instead of one model",
    ko: "모델 하나 대신 함께 배포되는 모델(weights/)을 차례로 모두 학습합니다",
  },
  "help.option.train.--only": {
    en: "with --all: only these shipped models, comma-separated",
    ko: "--all과 함께: 쉼표로 구분한 이 모델들만",
  },
  "help.option.train.--force": {
    en: "with --all: retrain models whose file exists",
    ko: "--all과 함께: 파일이 이미 있는 모델도 다시 학습합니다",
  },
  "help.option.train.--out-dir": {
    en:
      "with --all: where the checkpoints go (default: weights/ of this checkout, which only 'deno task train:all' may write)",
    ko:
      "--all과 함께: 체크포인트를 둘 곳 (기본: 이 체크아웃의 weights/, 'deno task train:all'만 쓸 수 있습니다)",
  },
  "help.summary.save": {
    en: "save the model trained last at this prompt (save ~/.local/state/attn/m.safetensors)",
    ko:
      "이 프롬프트에서 마지막으로 학습한 모델을 저장합니다 (save ~/.local/state/attn/m.safetensors)",
  },
  "help.arg.save.file": {
    en: "the .safetensors file to write (a better model already there is kept)",
    ko: "쓸 .safetensors 파일 (이미 있는 더 나은 모델은 남겨 둡니다)",
  },
  "help.summary.set": {
    en: "change a setting: set colormap|values|color|backend|kernels|lang|images <value>",
    ko: "설정을 바꿉니다: set colormap|values|color|backend|kernels|lang|images <값>",
  },
  "help.arg.set.option": {
    en: "one of: colormap, values, color, backend, kernels, lang, images",
    ko: "colormap, values, color, backend, kernels, lang, images 중 하나",
  },
  "help.arg.set.value": {
    en: "the new value (set alone lists them)",
    ko: "새 값 (set만 입력하면 설정 목록)",
  },
  "help.summary.help": {
    en: "list the commands, or show one with its options and examples: help [command]",
    ko: "명령 목록, 또는 명령 하나의 옵션과 예시: help [명령]",
  },
  "help.arg.help.command": { en: "the command to explain", ko: "설명할 명령" },
} as const satisfies Catalog;
