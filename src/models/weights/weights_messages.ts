/**
 * Why a checkpoint cannot be loaded or saved, in both languages. The loader throws errors that
 * carry the message's id as their code (`weights.header.tooLong`) and both texts; the front end
 * prints the session's language. Names from the file (tensor names, config keys) and JSON
 * previews are quoted as written, never followed by a particle.
 */
import type { Catalog } from "../../platform/i18n/messages.ts";

export const weightsMessages = {
  "weights.inFile": { en: "{path}: {reason}", ko: "{path}: {reason}" },
  "weights.cannotRead": {
    en: "cannot read checkpoint {path}: {reason}",
    ko: "체크포인트를 읽을 수 없습니다: {path}: {reason}",
  },
  "weights.directory": {
    en: "{path} is a directory, not a checkpoint",
    ko: "{path}: 디렉터리입니다. 체크포인트 파일이어야 합니다",
  },
  "weights.fileTooLarge": {
    en: "{path} is {size} bytes, beyond attn's checkpoint limit of {limit}",
    ko: "{path}: 크기가 {size}바이트로, attn의 체크포인트 한도 {limit}바이트를 넘습니다",
  },
  "weights.truncated": {
    en:
      "the file ended at byte {at}, expected {length} bytes from {offset} (was it truncated while being read?)",
    ko:
      "파일이 {at}바이트에서 끝났습니다. {offset}바이트부터 {length}바이트가 있어야 합니다 (읽는 동안 잘렸나요?)",
  },
  "weights.header.short": {
    en: "not a safetensors file: expected at least 8 bytes (the header length), got {size}",
    ko: "safetensors 파일이 아닙니다: 적어도 8바이트(헤더 길이)가 있어야 하는데 {size}바이트입니다",
  },
  "weights.header.tooLong": {
    en:
      "safetensors header length {length} bytes is beyond attn's limit of {limit} bytes (what its largest model needs)",
    ko:
      "safetensors 헤더 길이 {length}바이트는 attn의 한도 {limit}바이트(가장 큰 모델에 필요한 만큼)를 넘습니다",
  },
  "weights.header.beyondFile": {
    en:
      "safetensors header length {length} bytes runs beyond the file ({left} bytes after the length)",
    ko: "safetensors 헤더 길이 {length}바이트가 파일보다 깁니다 (길이 뒤에 {left}바이트뿐입니다)",
  },
  "weights.header.notUtf8": {
    en: "safetensors header is not valid UTF-8",
    ko: "safetensors 헤더가 올바른 UTF-8이 아닙니다",
  },
  "weights.header.shape": {
    en: "safetensors header {problem}; expected {layout} for at most {tensors} tensors",
    ko: "safetensors 헤더: {problem}. 텐서 {tensors}개 이하의 {layout} 형태여야 합니다",
  },
  "weights.header.notJson": {
    en: "safetensors header is not valid JSON ({reason})",
    ko: "safetensors 헤더가 올바른 JSON이 아닙니다",
  },
  "weights.header.notObject": {
    en: "safetensors header must be a JSON object, got {got}",
    ko: "safetensors 헤더는 JSON 객체여야 합니다. 받은 것: {got}",
  },
  "weights.metadata.notObject": {
    en: "safetensors __metadata__ must be an object of strings, got {got}",
    ko: "safetensors __metadata__는 문자열의 객체여야 합니다. 받은 것: {got}",
  },
  "weights.metadata.tooMany": {
    en: "safetensors __metadata__ has {count} entries, beyond attn's limit of {limit}",
    ko: "safetensors __metadata__의 항목이 {count}개로, attn의 한도 {limit}개를 넘습니다",
  },
  "weights.metadata.notString": {
    en: "safetensors metadata {key} must be a string, got {got}",
    ko: "safetensors 메타데이터 {key}: 문자열이어야 합니다. 받은 것: {got}",
  },
  "weights.tensors.tooMany": {
    en:
      "safetensors header has {count} tensors, beyond attn's limit of {limit} (its largest model)",
    ko: "safetensors 헤더의 텐서가 {count}개로, attn의 한도 {limit}개(가장 큰 모델)를 넘습니다",
  },
  "weights.tiling.overlap": {
    en:
      "tensor {name} (bytes {begin}..{end}) overlaps tensor {other} (bytes {otherBegin}..{otherEnd})",
    ko:
      "텐서 두 개가 겹칩니다: {name}(바이트 {begin}..{end}), {other}(바이트 {otherBegin}..{otherEnd})",
  },
  "weights.tiling.gap": {
    en: "safetensors data has {bytes} bytes at {begin}..{end} not covered by any tensor",
    ko: "safetensors 데이터의 {begin}..{end}에 어느 텐서에도 속하지 않은 {bytes}바이트가 있습니다",
  },
  "weights.tiling.trailing": {
    en: "safetensors file has {bytes} trailing bytes not covered by any tensor",
    ko: "safetensors 파일 끝에 어느 텐서에도 속하지 않은 {bytes}바이트가 있습니다",
  },
  "weights.entry.notObject": {
    en: "tensor {name}: expected an object {fields}, got {got}",
    ko: "텐서 {name}: {fields} 형태의 객체여야 합니다. 받은 것: {got}",
  },
  "weights.entry.missing": {
    en: "tensor {name} has no {field}",
    ko: "텐서 {name}: {field} 항목이 없습니다",
  },
  "weights.entry.dtypeNotString": {
    en: "tensor {name}: dtype must be a string, got {got}",
    ko: "텐서 {name}: dtype은 문자열이어야 합니다. 받은 것: {got}",
  },
  "weights.entry.dtype": {
    en: "tensor {name} has {kind} dtype {dtype}; attn reads only F32 (convert with tensor.float())",
    ko:
      "텐서 {name}: {kind} dtype입니다: {dtype}. attn은 F32만 읽습니다 (tensor.float()로 바꾸세요)",
  },
  "weights.entry.dtypeUnsupported": { en: "unsupported", ko: "지원하지 않는" },
  "weights.entry.dtypeUnknown": { en: "unknown", ko: "알 수 없는" },
  "weights.entry.shape": {
    en: "tensor {name}: shape must be a list of non-negative integers, got {got}",
    ko: "텐서 {name}: shape는 0 이상의 정수 목록이어야 합니다. 받은 것: {got}",
  },
  "weights.entry.rank": {
    en: "tensor {name}: shape {shape} has {rank} dimensions, attn's tensors have at most {limit}",
    ko: "텐서 {name}: shape {shape}의 차원이 {rank}개입니다. attn의 텐서는 {limit}차원까지입니다",
  },
  "weights.entry.offsets": {
    en: "tensor {name}: data_offsets must be two non-negative integers [begin, end], got {got}",
    ko: "텐서 {name}: data_offsets는 0 이상의 정수 두 개 [begin, end]여야 합니다. 받은 것: {got}",
  },
  "weights.entry.reversed": {
    en: "tensor {name}: data_offsets [{begin}, {end}] are reversed (begin after end)",
    ko: "텐서 {name}: data_offsets [{begin}, {end}]: 거꾸로입니다 (begin이 end보다 뒤)",
  },
  "weights.entry.outside": {
    en: "tensor {name}: data_offsets [{begin}, {end}] lie outside the data ({bytes} bytes)",
    ko: "텐서 {name}: data_offsets [{begin}, {end}]: 데이터({bytes}바이트) 밖을 가리킵니다",
  },
  "weights.entry.size": {
    en:
      "tensor {name}: shape [{shape}] needs {needs} bytes, data_offsets [{begin}, {end}] hold {held}",
    ko:
      "텐서 {name}: shape [{shape}]에는 {needs}바이트가 필요한데 data_offsets [{begin}, {end}]에는 {held}바이트가 있습니다",
  },
  "weights.entry.huge": { en: "more than 2^53", ko: "2^53 넘는" },
  "weights.metadata.missing": {
    en: "checkpoint metadata has no {key}",
    ko: "체크포인트 메타데이터에 {key} 항목이 없습니다",
  },
  "weights.tokenizer": {
    en: "checkpoint tokenizer must be char, word or bpe, got {got}",
    ko: "체크포인트 tokenizer는 char, word, bpe 중 하나여야 합니다. 받은 것: {got}",
  },
  "weights.config.shape": {
    en: "checkpoint config {problem}; expected a flat JSON object",
    ko: "체크포인트 config: {problem}. 중첩 없는 JSON 객체여야 합니다",
  },
  "weights.config.notJson": {
    en: "checkpoint config is not valid JSON: {text}",
    ko: "체크포인트 config가 올바른 JSON이 아닙니다: {text}",
  },
  "weights.config.notObject": {
    en: "checkpoint config must be a JSON object, got {text}",
    ko: "체크포인트 config는 JSON 객체여야 합니다. 받은 것: {text}",
  },
  "weights.config.missing": {
    en: "checkpoint config has no {key}",
    ko: "체크포인트 config에 {key} 항목이 없습니다",
  },
  "weights.config.oneOf": {
    en: "checkpoint config {key} must be one of {allowed}, got {got}",
    ko: "체크포인트 config {key}: 다음 중 하나여야 합니다: {allowed}. 받은 것: {got}",
  },
  "weights.config.positive": {
    en: "checkpoint config {key} must be a positive integer, got {got}",
    ko: "체크포인트 config {key}: 양의 정수여야 합니다. 받은 것: {got}",
  },
  "weights.config.beyond": {
    en: "checkpoint config {key} = {value} is beyond attn's limit of {limit} ({limitName})",
    ko: "체크포인트 config {key} = {value}: attn의 한도({limitName}) {limit}을(를) 넘습니다",
  },
  "weights.config.flag": {
    en: "checkpoint config {key} must be true or false, got {got}",
    ko: "체크포인트 config {key}: true 또는 false여야 합니다. 받은 것: {got}",
  },
  "weights.config.dropout": {
    en: "checkpoint config dropout must be a number in [0, 1), got {got}",
    ko: "체크포인트 config dropout: 0 이상 1 미만의 수여야 합니다. 받은 것: {got}",
  },
  "weights.config.task": {
    en: "checkpoint config task must be a string, got {got}",
    ko: "체크포인트 config task: 문자열이어야 합니다. 받은 것: {got}",
  },
  "weights.config.heads": {
    en: "checkpoint config heads = {heads} must divide d_model = {dModel}",
    ko: "체크포인트 config heads = {heads}: d_model = {dModel}의 약수여야 합니다",
  },
  "weights.config.rope": {
    en: "checkpoint config pe rope needs an even head width, got d_model / heads = {width}",
    ko:
      "체크포인트 config pe rope에는 짝수 헤드 폭이 필요합니다. 받은 것: d_model / heads = {width}",
  },
  "weights.vocab.shape": {
    en: "checkpoint {key} {problem}; expected a JSON array of at most {limit} strings",
    ko: "체크포인트 {key}: {problem}. 문자열 {limit}개 이하의 JSON 배열이어야 합니다",
  },
  "weights.vocab.notJson": {
    en: "checkpoint {key} is not valid JSON: {text}",
    ko: "체크포인트 {key}: 올바른 JSON이 아닙니다: {text}",
  },
  "weights.vocab.notArray": {
    en: "checkpoint {key} must be a JSON array of strings",
    ko: "체크포인트 {key}: 문자열의 JSON 배열이어야 합니다",
  },
  "weights.vocab.empty": { en: "checkpoint {key} is empty", ko: "체크포인트 {key}: 비어 있습니다" },
  "weights.vocab.tooMany": {
    en: "checkpoint {key} has {count} tokens, beyond attn's limit of {limit}",
    ko: "체크포인트 {key}: 토큰이 {count}개로, attn의 한도 {limit}개를 넘습니다",
  },
  "weights.vocab.notString": {
    en: "checkpoint {key} entry {i} must be a string, got {got}",
    ko: "체크포인트 {key}: {i}번 항목은 문자열이어야 합니다. 받은 것: {got}",
  },
  "weights.vocab.emptyString": {
    en: "checkpoint {key} entry {i} is an empty string",
    ko: "체크포인트 {key}: {i}번 항목이 빈 문자열입니다",
  },
  "weights.vocab.twice": {
    en: "checkpoint {key} has {token} twice (ids {first} and {i})",
    ko: "체크포인트 {key}: {token} 토큰이 두 번 나옵니다 (id {first}, {i})",
  },
  "weights.vocab.specials": {
    en: "checkpoint {key} must start with {specials}, got {got}",
    ko: "체크포인트 {key}: 맨 앞 토큰들이 다음과 같아야 합니다: {specials}. 받은 것: {got}",
  },
  "weights.tensor.missing": {
    en: "checkpoint is missing tensor {name}",
    ko: "체크포인트에 텐서가 빠졌습니다: {name}",
  },
  "weights.tensor.missingShape": {
    en: "checkpoint is missing tensor {name} {shape}",
    ko: "체크포인트에 텐서가 빠졌습니다: {name} {shape}",
  },
  "weights.tensor.rows": {
    en: "checkpoint {key} has {size} tokens but {name} has {rows} rows [{shape}]",
    ko: "체크포인트 {key}의 토큰은 {size}개인데 {name}의 행은 {rows}개입니다 [{shape}]",
  },
  "weights.tensor.noModel": {
    en: "checkpoint config describes no model attn can build: {reason}",
    ko: "체크포인트 config가 attn이 만들 수 있는 모델을 나타내지 않습니다: {reason}",
  },
  "weights.tensor.shape": {
    en: "checkpoint tensor {name} has shape {found}, the config needs {needed}",
    ko: "체크포인트 텐서 {name}의 shape: {found}. config에 필요한 shape: {needed}",
  },
  "weights.tensor.unexpected": {
    en: "checkpoint has unexpected {tensors} {names}{more}",
    ko: "체크포인트에 예상하지 않은 텐서가 있습니다: {names}{more}",
  },
  "weights.tensor.more": { en: " and {count} more", ko: " 외 {count}개" },
  "weights.tensor.notFinite": {
    en: "checkpoint tensor {name} holds {value} at index {index}: weights must be finite",
    ko: "체크포인트 텐서 {name}의 {index}번 값이 {value}입니다. 가중치는 유한한 수여야 합니다",
  },
  "weights.tensor.large": {
    en:
      "tensor {name} holds weights up to {magnitude} in magnitude{others}; float32 products of values above {bound} can overflow to Infinity, so outputs may be NaN",
    ko:
      "텐서 {name}에 크기가 {magnitude}에 이르는 가중치가 있습니다{others}. {bound}보다 큰 값끼리 곱하면 float32에서 Infinity로 넘칠 수 있어 출력이 NaN이 될 수 있습니다",
  },
  "weights.tensor.largeOthers": {
    en: " ({count} more {tensors} above {bound})",
    ko: " ({bound}보다 큰 텐서가 {count}개 더 있습니다)",
  },
  "weights.save.notAFile": {
    en: "expected a file path to save to, got {path}",
    ko: "저장할 파일 경로가 필요합니다. 받은 것: {path}",
  },
  "weights.save.failed": {
    en: "cannot save {path}: {reason}",
    ko: "{path}: 저장할 수 없습니다: {reason}",
  },
  "weights.save.notDir": { en: "{dir} is not a directory", ko: "디렉터리가 아닙니다: {dir}" },
  "weights.save.noDir": { en: "directory {dir} does not exist", ko: "없는 디렉터리입니다: {dir}" },
  "weights.save.isDir": {
    en: "cannot save to {path}: it is a directory",
    ko: "{path}: 디렉터리라서 저장할 수 없습니다",
  },
  "weights.model.empty": {
    en: "expected a model name or path, got ''",
    ko: "모델 이름이나 경로가 필요합니다. 받은 것: ''",
  },
  "weights.model.noFile": {
    en: "no checkpoint file at {path}",
    ko: "체크포인트 파일이 없습니다: {path}",
  },
  "weights.model.unknown": {
    en: "unknown model '{spec}'; expected {expected} or a path to a {ext} file",
    ko: "없는 모델입니다: '{spec}'. {expected} 또는 {ext} 파일 경로를 주세요",
  },
  "weights.model.oneOf": { en: "one of: {names}", ko: "다음 중 하나: {names}" },
  "weights.model.noneYet": {
    en: "a path (weights/ holds no models yet)",
    ko: "경로(weights/에 아직 모델이 없습니다)",
  },
  "weights.model.gpt": {
    en: "{path} holds a GPT (decoder-only); expected a Seq2Seq model here",
    ko: "{path}: GPT(디코더만 있는 모델)입니다. 여기에는 Seq2Seq 모델이 필요합니다",
  },
  "weights.model.notPermitted": {
    en: "cannot read {path}: not permitted ({reason})",
    ko: "{path}: 읽을 권한이 없습니다 ({reason})",
  },
  "weights.json.values": { en: "holds more than {max} values", ko: "값이 {max}개를 넘습니다" },
  "weights.json.depth": {
    en: "nests deeper than {max} level{plural} (at character {at})",
    ko: "{max}단계보다 깊게 중첩됩니다 ({at}번째 문자)",
  },
  "weights.json.key": {
    en: "has a key of {length} characters (at character {at}), expected at most {max}",
    ko: "{length}자짜리 키가 있습니다 ({at}번째 문자). 키는 {max}자까지입니다",
  },
  "weights.json.string": {
    en: "has a string of {length} characters (at character {at}), expected at most {max}",
    ko: "{length}자짜리 문자열이 있습니다 ({at}번째 문자). 문자열은 {max}자까지입니다",
  },
  "weights.json.array": { en: "an array {preview}", ko: "배열 {preview}" },
  "weights.json.object": { en: "an object", ko: "객체" },
  "weights.json.text": { en: "the string {preview}", ko: "문자열 {preview}" },
  "weights.json.number": { en: "number {value}", ko: "수 {value}" },
  "weights.json.boolean": { en: "boolean {value}", ko: "참/거짓 값 {value}" },
  "weights.io.dirNotWritable": {
    en: "directory {dir} is not writable (permission denied)",
    ko: "디렉터리 {dir}에 쓸 권한이 없습니다",
  },
  "weights.io.permission": { en: "permission denied", ko: "권한이 없습니다" },
  "weights.io.notCapable": {
    en: "attn was not given file access there (Deno --allow-read/--allow-write)",
    ko: "attn은 그곳의 파일에 접근할 권한을 받지 않았습니다 (Deno --allow-read/--allow-write)",
  },
  "weights.io.full": {
    en: "the disk is full (no space left on device)",
    ko: "디스크가 가득 찼습니다",
  },
  "weights.io.readOnly": { en: "the file system is read-only", ko: "읽기 전용 파일 시스템입니다" },
  "weights.io.quota": { en: "the disk quota is exhausted", ko: "디스크 할당량을 다 썼습니다" },
  "weights.io.notFound": {
    en: "no such file or directory",
    ko: "그런 파일이나 디렉터리가 없습니다",
  },
  "weights.io.isDir": { en: "it is a directory", ko: "디렉터리입니다" },
} as const satisfies Catalog;
