/** The `lesson` list: each lesson with the learner's progress, then how to start one. */
import type { LessonListing } from "../app/lessons/listing.ts";
import { padEndWidth, truncateWidth, wrapWidth } from "./layout.ts";
import type { Lang } from "../platform/i18n/messages.ts";
import { lessonListMessages } from "./lesson_list_messages.ts";

/** Renders the lesson list in the learner's language within `width` columns. */
export function renderLessonList(
  list: LessonListing[],
  o: { lang: Lang; width: number },
): string {
  const word = (id: keyof typeof lessonListMessages) => lessonListMessages[id][o.lang];
  if (list.length === 0) return word("view.lessons.none");
  const width = Math.max(20, o.width);
  const nameWidth = Math.max(...list.map((l) => l.name.length));
  const lines = list.map((l) => {
    const state = l.done === 0
      ? "      "
      : l.done >= l.steps
      ? padEndWidth(word("view.lessons.done"), 6)
      : `${l.done}/${l.steps}`.padEnd(6);
    return truncateWidth(`${state} ${l.name.padEnd(nameWidth)}  ${l.title}`, width);
  });
  return [...lines, "", ...wrapWidth(word("view.lessons.hint"), width)].join("\n");
}
