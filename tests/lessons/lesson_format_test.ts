import assert from "node:assert/strict";
import { commandBlocks, parseLesson } from "../../src/app/lessons/lesson_format.ts";
import { lessonSteps, type PlayerHost, playSteps } from "../../src/app/lessons/player.ts";

const sample = [
  "# 제목",
  "",
  "첫 문단은 **굵게**, *기울여*, `code`를 씁니다.",
  "둘째 줄도 같은 문단입니다.",
  "",
  "- 하나",
  "- 둘",
  "  이어지는 줄",
  "",
  "```attn",
  "# a comment line",
  "run 나는 학생이다",
  "",
  "attn",
  "```",
  "",
  "> 인용문",
  "",
  "```interview",
  "Q: 왜?",
  "A: 이유가 있습니다.",
  "둘째 줄.",
  "```",
  "",
  "맺음말.",
].join("\n");

Deno.test("parseLesson() reads headings, paragraphs, lists, quotes, attn and interview blocks", () => {
  const lesson = parseLesson(sample);
  assert.equal(lesson.title, "제목");
  assert.deepEqual(lesson.blocks.map((b) => b.kind), [
    "heading",
    "paragraph",
    "list",
    "attn",
    "quote",
    "interview",
    "paragraph",
  ]);
  assert.deepEqual(lesson.blocks[1], {
    kind: "paragraph",
    text: "첫 문단은 **굵게**, *기울여*, `code`를 씁니다. 둘째 줄도 같은 문단입니다.",
  });
  assert.deepEqual(lesson.blocks[2], {
    kind: "list",
    ordered: false,
    items: ["하나", "둘 이어지는 줄"],
  });
  assert.deepEqual(commandBlocks(lesson), [["run 나는 학생이다", "attn"]]);
  const interview = lesson.blocks[5];
  assert.equal(interview.kind, "interview");
  if (interview.kind === "interview") {
    assert.equal(interview.question, "왜?");
    assert.equal(interview.answer, "이유가 있습니다. 둘째 줄.");
  }
});

Deno.test("parseLesson() names the file and line of a malformed lesson", () => {
  assert.throws(
    () => parseLesson("no title here", "x.md"),
    /^LessonFormatError: x\.md:1: expected a '# title'/,
  );
  assert.throws(
    () => parseLesson("# t\n\n```attn\nrun a\n", "x.md"),
    /x\.md:3: the ```attn block is never closed/,
  );
  assert.throws(
    () => parseLesson("# t\n```attn\n\n```", "x.md"),
    /x\.md:2: an ```attn block needs at least one command/,
  );
  assert.throws(
    () => parseLesson("# t\n```interview\nQ: only a question\n```", "x.md"),
    /'Q:' line and then an 'A:'/,
  );
});

function host(
  answers: ("next" | "all" | "quit")[],
  options: { abortAfterRuns?: number } = {},
): PlayerHost & { printed: string[]; ran: string[]; pauses: string[]; saved: number[] } {
  const controller = new AbortController();
  const printed: string[] = [];
  const ran: string[] = [];
  const pauses: string[] = [];
  const saved: number[] = [];
  return {
    printed,
    ran,
    pauses,
    saved,
    out: (t) => printed.push(t),
    prose: (b) => `prose:${b.kind}`,
    commandLine: (c) => `attn> ${c}`,
    question: (q) => `Q. ${q}`,
    answer: (a) => `A. ${a}`,
    run: (c) => {
      ran.push(c);
      if (options.abortAfterRuns !== undefined && ran.length >= options.abortAfterRuns) {
        controller.abort();
        return Promise.resolve(130);
      }
      return Promise.resolve(0);
    },
    pause: (hint) => {
      pauses.push(hint);
      return Promise.resolve(answers.shift() ?? "next");
    },
    onStepDone: (done) => saved.push(done),
    signal: controller.signal,
  };
}

Deno.test("lessonSteps() ends a step at each attn or interview block; prose after is a step", () => {
  const steps = lessonSteps(parseLesson(sample));
  assert.deepEqual(steps.map((s) => s.blocks.map((b) => b.kind)), [
    ["heading", "paragraph", "list", "attn"],
    ["quote", "interview"],
    ["paragraph"],
  ]);
});

Deno.test("playSteps() pauses between steps and before an answer, and saves progress", async () => {
  const h = host([]);
  const result = await playSteps(lessonSteps(parseLesson(sample)), h);
  assert.equal(result.outcome, "finished");
  assert.deepEqual(h.ran, ["run 나는 학생이다", "attn"]);
  assert.deepEqual(h.pauses, ["next", "reveal", "next"]);
  assert.deepEqual(h.saved, [1, 2, 3]);
  const q = h.printed.indexOf("Q. 왜?");
  assert.ok(q >= 0 && h.printed[q + 1] === "A. 이유가 있습니다. 둘째 줄.");
});

Deno.test("playSteps(): q stops (resumable), a plays the rest, from skips done steps", async () => {
  const quit = host(["quit"]);
  const stopped = await playSteps(lessonSteps(parseLesson(sample)), quit);
  assert.deepEqual([stopped.outcome, stopped.done], ["quit", 1]);
  const all = host(["all"]);
  const rest = await playSteps(lessonSteps(parseLesson(sample)), all, { from: 1 });
  assert.equal(rest.outcome, "finished");
  assert.deepEqual(all.ran, [], "step 1's commands were done before");
  assert.deepEqual(all.pauses, ["reveal"]);
  assert.deepEqual(all.saved, [2, 3]);
});

Deno.test("playSteps() stops at once when a command is interrupted", async () => {
  const h = host([], { abortAfterRuns: 1 });
  const result = await playSteps(lessonSteps(parseLesson(sample)), h);
  assert.deepEqual([result.outcome, result.done], ["interrupted", 0]);
  assert.deepEqual(h.ran, ["run 나는 학생이다"], "the next command did not run");
  assert.deepEqual(h.saved, []);
});

Deno.test("a long command line wraps with a hanging indent instead of being cut", async () => {
  const { commandLine } = await import("../../src/render/lesson_view.ts");
  const { Palette } = await import("../../src/render/color.ts");
  const command =
    "train transformer reverse --steps 80 --batch 32 --out ~/.local/state/attn/mine.safetensors";
  const text = commandLine(command, { palette: new Palette(0), width: 50 });
  const lines = text.split("\n");
  assert.ok(lines.length > 1);
  assert.ok(lines.every((l) => l.length <= 50), text);
  assert.ok(lines.slice(1).every((l) => l.startsWith("      ")));
  assert.equal(text.replace(/\n {6}/g, " "), `attn> ${command}`);
});
