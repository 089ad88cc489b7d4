/** The words of the `import` view (src/render/import_view.ts) and export's line about import. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const importViewMessages = {
  "view.import.wrote": {
    en: "wrote {out}: a {arch} model, {tensors} tensors imported from {from}",
    ko: "{out}에 썼습니다: {arch} 모델, {from}에서 가져온 텐서 {tensors}개",
  },
  "view.import.use": {
    en: "try it: use {out}, then run (or generate for a GPT)",
    ko: "써 보기: use {out}, 그다음 run (GPT는 generate)",
  },
  "view.import.note": { en: "note: {note}", ko: "참고: {note}" },
  "view.import.back": {
    en:
      "and the files import reads it back with: import --format torch {out} --config {config} --vocab {vocab}",
    ko:
      "다시 가져올 때 쓰는 파일도 썼습니다: import --format torch {out} --config {config} --vocab {vocab}",
  },
} as const satisfies Catalog;
