/**
 * The lesson files themselves: every Korean lesson has an English twin with the same command
 * blocks, each ends with 2-3 interview questions, and the prose never states a number that attn
 * measures (timings, accuracies, ratios): lessons run the command and let its output speak.
 */
import assert from "node:assert/strict";
import { listLessons, readLesson } from "../../src/app/lessons/catalog.ts";
import { commandBlocks, type LessonBlock } from "../../src/app/lessons/lesson_format.ts";

const ko = listLessons("ko");
const en = listLessons("en");

Deno.test("there are at least 10 lessons, numbered 01.. in order, in both languages", () => {
  assert.ok(ko.length >= 10, `expected at least 10 Korean lessons, got ${ko.length}`);
  assert.deepEqual(ko.map((l) => l.number), ko.map((_, i) => i + 1));
  assert.deepEqual(en.map((l) => l.id), ko.map((l) => l.id));
});

for (const entry of ko) {
  Deno.test(`lesson ${entry.id}: the English twin has the same command blocks`, () => {
    const twin = en.find((l) => l.id === entry.id);
    assert.ok(twin, `lessons/en/${entry.id}.md is missing`);
    assert.deepEqual(commandBlocks(readLesson(twin)), commandBlocks(readLesson(entry)));
  });
}

for (const entry of [...ko, ...en]) {
  Deno.test(`lesson ${entry.lang}/${entry.id}: runs commands, ends with 2-3 interview questions`, () => {
    const lesson = readLesson(entry);
    assert.ok(
      commandBlocks(lesson).length >= 2,
      "a lesson is built around things the learner runs",
    );
    const kinds = lesson.blocks.map((b) => b.kind);
    const interviews = kinds.filter((k) => k === "interview").length;
    assert.ok(
      interviews >= 2 && interviews <= 3,
      `expected 2-3 interview questions, got ${interviews}`,
    );
    const lastCommand = kinds.lastIndexOf("attn");
    const firstInterview = kinds.indexOf("interview");
    assert.ok(firstInterview > lastCommand, "interview questions come at the end");
  });

  Deno.test(`lesson ${entry.lang}/${entry.id}: prose states no measured number`, () => {
    const measured = /\d+(\.\d+)?\s*(ms|초|s\b|%|퍼센트|GFLOP|tokens?\/s|tok\/s|배|x\b|×)/i;
    for (const block of readLesson(entry).blocks) {
      for (const text of proseOf(block)) {
        assert.doesNotMatch(text, measured, `a measured-looking number in: ${text}`);
      }
    }
  });
}

function proseOf(block: LessonBlock): string[] {
  switch (block.kind) {
    case "paragraph":
    case "quote":
    case "heading":
      return [block.text];
    case "list":
      return block.items;
    case "interview":
      return [block.question, block.answer];
    default:
      return [];
  }
}
