/**
 * `help` in Korean for `import`, in the ids and form of the help catalog (each entry names the
 * English text it translates; see help_messages.ts). Spread into the help catalog.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

export const importHelpMessages = {
  "help.summary.import": {
    en: "read a PyTorch state_dict (.safetensors) as an attn model: import FILE --config --vocab",
    ko:
      "PyTorch state_dict(.safetensors)를 attn 모델로 읽어 들입니다: import FILE --config --vocab",
  },
  "help.arg.import.file": {
    en: "the .safetensors file PyTorch wrote (F32 tensors)",
    ko: "PyTorch가 쓴 .safetensors 파일 (F32 텐서)",
  },
  "help.option.import.--format": { en: "input format", ko: "입력 형식" },
  "help.option.import.--config": {
    en: "the model's settings as JSON (docs/CONTRACT.md)",
    ko: "모델 설정 JSON (docs/CONTRACT.md)",
  },
  "help.option.import.--vocab": {
    en: "Seq2Seq: source and target vocabularies, one token per line; GPT: the BPE tokenizer JSON",
    ko: "Seq2Seq: 원문과 번역문 어휘, 한 줄에 토큰 하나. GPT: BPE 토크나이저 JSON",
  },
  "help.option.import.--out": {
    en: "a name in the state directory, or a .safetensors path",
    ko: "상태 디렉터리 안의 이름, 또는 .safetensors 경로",
  },
} as const satisfies Catalog;
