/**
 * `help` in Korean for `generate`, in the ids and form of the help catalog (each entry names
 * the English text it translates; see help_messages.ts). Spread into the help catalog.
 */
import type { Catalog } from "../platform/i18n/messages.ts";
import { figureOutHelp } from "./help_shared.ts";

export const generateHelpMessages = {
  "help.summary.generate": {
    en: "generate text with a GPT, each token with its probability: generate <prompt>",
    ko: "GPT로 글을 생성하고 토큰마다 확률을 보여 줍니다: generate <프롬프트>",
  },
  "help.arg.generate.prompt": {
    en: "the prompt (several words are joined with spaces)",
    ko: "프롬프트 (여러 단어는 공백으로 이어 붙입니다)",
  },
  "help.option.generate.--model": {
    en: "a GPT from 'models', or a .safetensors path",
    ko: "'models'의 GPT 이름 또는 .safetensors 파일 경로",
  },
  "help.option.generate.--temperature": {
    en: "0: greedy (default); higher: more random",
    ko: "0: 탐욕 디코딩(기본), 높을수록 더 무작위",
  },
  "help.option.generate.--top-k": {
    en: "draw among the k most probable tokens only",
    ko: "확률이 가장 높은 토큰 k개 중에서만 뽑습니다",
  },
  "help.option.generate.--top-p": {
    en: "draw among the most probable tokens of mass p, in (0, 1]",
    ko: "확률 합이 p가 되는 상위 토큰 중에서만 뽑습니다, (0, 1] 범위",
  },
  "help.option.generate.--seed": {
    en: "seed of the draws (default 0): the same seed, the same text",
    ko: "뽑기의 시드 (기본 0): 같은 시드면 같은 글",
  },
  "help.option.generate.--max-new": {
    en: "tokens to generate at most (default 32)",
    ko: "생성할 최대 토큰 수 (기본 32)",
  },
  "help.option.generate.--no-cache": {
    en: "recompute the whole prefix every step (no KV cache)",
    ko: "매 단계 앞부분 전체를 다시 계산합니다 (KV 캐시 없이)",
  },
  "help.option.generate.--continue": {
    en: "continue a Korean prompt instead of translating it",
    ko: "한국어 프롬프트를 번역하지 않고 이어 씁니다",
  },
  ...figureOutHelp("generate"),
} as const satisfies Catalog;
