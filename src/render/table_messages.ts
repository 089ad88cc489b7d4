/** The words of src/render/table.ts, by id, in both languages. */
import type { Catalog } from "../platform/i18n/messages.ts";

export const tableMessages = {
  "table.dropped.one": {
    en: "(1 column left out to fit: {columns})",
    ko: "(화면에 맞추느라 1개 열을 뺐습니다: {columns})",
  },
  "table.dropped.many": {
    en: "({count} columns left out to fit: {columns})",
    ko: "(화면에 맞추느라 {count}개 열을 뺐습니다: {columns})",
  },
} as const satisfies Catalog;
