/** The `lesson` list: each lesson with the learner's progress, then how to start one. */
import type { LessonListing } from "../app/lessons/listing.ts";
import { truncateWidth, wrapWidth } from "./layout.ts";

/** Renders the lesson list in the learner's language within `width` columns. */
export function renderLessonList(
  list: LessonListing[],
  o: { lang: "ko" | "en"; width: number },
): string {
  const ko = o.lang === "ko";
  if (list.length === 0) return ko ? "레슨이 없습니다." : "no lessons found";
  const width = Math.max(20, o.width);
  const nameWidth = Math.max(...list.map((l) => l.name.length));
  const lines = list.map((l) => {
    const state = l.done === 0
      ? "      "
      : l.done >= l.steps
      ? (ko ? "완료  " : "done  ")
      : `${l.done}/${l.steps}`.padEnd(6);
    return truncateWidth(`${state} ${l.name.padEnd(nameWidth)}  ${l.title}`, width);
  });
  const hint = ko
    ? "시작: lesson <번호>  (예: lesson 1). Enter로 한 단계씩 진행하고, q로 멈추면 다음에 이어서 합니다."
    : "start one: lesson <number> (e.g. lesson 1). Enter moves on; q stops, and the next time resumes there.";
  return [...lines, "", ...wrapWidth(hint, width)].join("\n");
}
