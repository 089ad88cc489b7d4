/**
 * What `import --format torch` says, in both languages: a refusal of one input file, one line per
 * tensor that does not fit the config, and the notes of a successful import. Names from the file
 * (tensor names, config keys) are quoted as written, never followed by a particle.
 */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const importMessages = {
  "import.file.cannotRead": {
    en: "cannot read {option} {path}: {reason}",
    ko: "{option} {path}을(를) 읽을 수 없습니다: {reason}",
  },
  "import.file.notPermitted": {
    en:
      "attn may not read {option} {path}: the deno.json tasks let it read only this checkout and {state}; copy the file there",
    ko:
      "attn은 {option} {path}을(를) 읽을 수 없습니다: deno.json 태스크는 이 체크아웃과 {state}만 읽게 합니다. 파일을 그곳에 복사하세요",
  },
  "import.stateDir": { en: "the state directory", ko: "상태 디렉터리" },
  "import.file.tooLarge": {
    en: "{option} {path} is {size} bytes, beyond the limit of {limit} for {what}",
    ko: "{option} {path}: 크기가 {size}바이트로, {what}의 한도 {limit}바이트를 넘습니다",
  },
  "import.file.notText": {
    en: "{option} {path} is not UTF-8 text",
    ko: "{option} {path}: UTF-8 텍스트가 아닙니다",
  },
  "import.file.problem": { en: "{option} {path}: {reason}", ko: "{option} {path}: {reason}" },
  "import.what.config": { en: "a config", ko: "config" },
  "import.what.vocab": { en: "a vocabulary", ko: "어휘" },
  "import.config.unknownKey": {
    en: "unknown field {key} for arch {arch}; the fields are {allowed}",
    ko: "arch {arch}에 없는 항목입니다: {key}. 쓸 수 있는 항목: {allowed}",
  },
  "import.config.tokenizer": {
    en: "tokenizer must be one of {allowed} for arch {arch}, got {got}",
    ko: "arch {arch}의 tokenizer는 다음 중 하나여야 합니다: {allowed}. 받은 것: {got}",
  },
  "import.vocab.count": {
    en: "--vocab: a {arch} model takes {expected}, got {count} files",
    ko: "--vocab: {arch} 모델에는 {expected}이(가) 필요한데 파일 {count}개를 받았습니다",
  },
  "import.vocab.seq2seq": {
    en: "2 files (source, then target vocabulary: one token per line)",
    ko: "파일 2개(원문 어휘, 그다음 번역문 어휘: 한 줄에 토큰 하나)",
  },
  "import.vocab.gpt": {
    en: "1 file (the BPE tokenizer JSON: vocab and merges)",
    ko: "파일 1개(BPE 토크나이저 JSON: vocab과 merges)",
  },
  "import.vocab.line": {
    en: "line {line}: {reason}",
    ko: "{line}번째 줄: {reason}",
  },
  "import.bpe.shape": {
    en:
      "{problem}; expected a JSON object with vocab (an array of token strings) and merges (an array of [left, right] pairs)",
    ko:
      "{problem}. vocab(토큰 문자열 배열)과 merges([left, right] 쌍의 배열)가 있는 JSON 객체여야 합니다",
  },
  "import.bpe.notJson": {
    en: "not valid JSON; expected an object with vocab and merges",
    ko: "올바른 JSON이 아닙니다. vocab과 merges가 있는 객체여야 합니다",
  },
  "import.bpe.fields": {
    en: "expected a JSON object with exactly the fields vocab and merges, got {got}",
    ko: "vocab과 merges 두 항목만 있는 JSON 객체여야 합니다. 받은 것: {got}",
  },
  "import.tensor.missing": {
    en: "missing tensor {name}: expected shape {shape}",
    ko: "텐서가 없습니다: {name}. 필요한 shape: {shape}",
  },
  "import.tensor.unexpected": {
    en: "unexpected tensor {name} {shape}: the config's model has no such parameter",
    ko: "예상하지 않은 텐서: {name} {shape}. config의 모델에는 이런 매개변수가 없습니다",
  },
  "import.tensor.shape": {
    en: "wrong shape for tensor {name}: got {got}, expected {expected}{why}",
    ko: "텐서 {name}의 shape가 다릅니다: 받은 것 {got}, 필요한 것 {expected}{why}",
  },
  "import.tensor.rows": {
    en: " (one row per token of {key}: {count})",
    ko: " ({key}의 토큰마다 한 행: {count}개)",
  },
  "import.tensor.dtype": {
    en:
      "wrong dtype for tensor {name}: got {got}, expected F32 (convert before saving: v.float() for every tensor of the state_dict)",
    ko:
      "텐서 {name}의 dtype이 다릅니다: 받은 것 {got}, 필요한 것 F32 (저장하기 전에 state_dict의 모든 텐서를 v.float()로 바꾸세요)",
  },
  "import.tensor.untied": {
    en:
      "tensor lm_head.weight differs from tok_embed.weight, but the config says tie_embeddings: true (set it to false to keep both tables)",
    ko:
      "텐서 lm_head.weight가 tok_embed.weight와 다른데 config는 tie_embeddings: true입니다 (두 표를 모두 쓰려면 false로 하세요)",
  },
  "import.problems": {
    en: "{path} does not fit the config ({count} problems above); nothing was written",
    ko: "{path}이(가) config와 맞지 않습니다 (위의 문제 {count}개). 아무것도 쓰지 않았습니다",
  },
  "import.sameFile": {
    en: "--out {out} is the file being imported; give another --out",
    ko: "--out {out}은(는) 가져오는 파일 자체입니다. 다른 --out을 주세요",
  },
  "import.noStateDir": {
    en:
      "--out {name}: a bare name goes to attn's state directory, and there is none here; give a path",
    ko: "--out {name}: 이름만 주면 attn의 상태 디렉터리에 쓰는데, 여기에는 없습니다. 경로를 주세요",
  },
  "import.noFile": {
    en:
      "import: expected a .safetensors file to import (import --format torch FILE --config JSON --vocab FILE...)",
    ko:
      "import: 가져올 .safetensors 파일이 필요합니다 (import --format torch FILE --config JSON --vocab FILE...)",
  },
  "import.noConfig": {
    en:
      "import: expected --config FILE, the model's settings as JSON (docs/CONTRACT.md, Imported from PyTorch)",
    ko:
      "import: --config FILE이 필요합니다. 모델 설정 JSON입니다 (docs/CONTRACT.md, Imported from PyTorch)",
  },
  "import.noVocab": {
    en:
      "import: expected --vocab FILE... (Seq2Seq: source and target, one token per line; GPT: the BPE tokenizer JSON)",
    ko:
      "import: --vocab FILE...이 필요합니다 (Seq2Seq: 원문과 번역문 어휘, 한 줄에 토큰 하나. GPT: BPE 토크나이저 JSON)",
  },
  "import.note.rope": {
    en:
      "attn rotates q and k (RoPE) in self-attention: the logits match PyTorch's only if your module did the same",
    ko:
      "attn은 self-attention에서 q와 k를 회전합니다(RoPE). PyTorch 모듈이 같은 일을 했을 때만 로짓이 같습니다",
  },
} as const satisfies Catalog;
