/** The words of the lesson list (lesson_list_view.ts). */
import type { Catalog } from "../platform/i18n/messages.ts";

/** The list's empty line, progress mark and closing hint. */
export const lessonListMessages = {
  "view.lessons.none": { en: "no lessons found", ko: "레슨이 없습니다." },
  "view.lessons.done": { en: "done", ko: "완료" },
  "view.lessons.hint": {
    en:
      "start one: lesson <number> (e.g. lesson 1). Enter moves on; q stops, and the next time resumes there.",
    ko:
      "시작: lesson <번호>  (예: lesson 1). Enter로 한 단계씩 진행하고, q로 멈추면 다음에 이어서 합니다.",
  },
} as const satisfies Catalog;
