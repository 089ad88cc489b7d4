import assert from "node:assert/strict";
import { collectExamples, splitOf } from "../../src/data/split.ts";
import { type Example, getTask, type Split, tasks } from "../../src/data/task.ts";

function tokensOf(text: string, tokenizer: "char" | "word"): string[] {
  return tokenizer === "char" ? Array.from(text) : text.split(" ");
}

Deno.test("tasks registry holds reverse, copy, sort, dates and ko-en", () => {
  assert.deepEqual([...tasks.keys()], ["reverse", "copy", "sort", "dates", "ko-en"]);
  for (const [name, task] of tasks) {
    assert.equal(task.name, name);
    assert.ok(task.summary.length > 0 && !task.summary.includes("\n"));
    assert.match(task.summaryKo, /[가-힣]/, `${name}: summaryKo should be Korean`);
  }
});

Deno.test("getTask() throws one line naming the known tasks", () => {
  assert.equal(getTask("dates").name, "dates");
  assert.throws(
    () => getTask("translate"),
    (e: Error) => {
      assert.equal(e.message.split("\n").length, 1);
      assert.match(e.message, /reverse, copy, sort, dates, ko-en/);
      assert.match(e.message, /"translate"/);
      return true;
    },
  );
});

Deno.test("examples() gives the same list for the same seed and another for another seed", () => {
  for (const task of tasks.values()) {
    for (const split of ["train", "test"] as Split[]) {
      const a = task.examples(split, 300, 7);
      const b = task.examples(split, 300, 7);
      const c = task.examples(split, 300, 8);
      assert.deepEqual(a, b, `${task.name}/${split}: same seed`);
      assert.notDeepEqual(a, c, `${task.name}/${split}: different seeds`);
      // a shorter list is a prefix of a longer one
      assert.deepEqual(task.examples(split, 100, 7), a.slice(0, 100));
    }
  }
});

Deno.test("splits never share a source, for every task, on thousands of examples", () => {
  for (const task of tasks.values()) {
    const lists = {
      train: task.examples("train", 8000, 3),
      dev: task.examples("dev", 1500, 4),
      test: task.examples("test", 1500, 5),
    };
    const sources = Object.fromEntries(
      Object.entries(lists).map(([k, v]) => [k, new Set(v.map((e) => e.src))]),
    ) as Record<Split, Set<string>>;
    for (const [split, list] of Object.entries(lists)) {
      assert.equal(list.length, split === "train" ? 8000 : 1500, `${task.name}/${split} count`);
      assert.equal(sources[split as Split].size, list.length, `${task.name}/${split}: duplicates`);
    }
    for (const src of sources.test) {
      assert.ok(!sources.train.has(src), `${task.name}: test source ${src} is in train`);
      assert.ok(!sources.dev.has(src), `${task.name}: test source ${src} is in dev`);
    }
    for (const src of sources.dev) {
      assert.ok(!sources.train.has(src), `${task.name}: dev source ${src} is in train`);
    }
    // the split is a function of the source alone (pinned showcase sentences aside)
    for (const e of lists.test) assert.equal(splitOf(e.src), "test");
    for (const e of lists.dev) assert.equal(splitOf(e.src), "dev");
  }
});

Deno.test("examples() stay within each task's token bounds", () => {
  for (const task of tasks.values()) {
    for (const e of task.examples("train", 5000, 11)) {
      const src = tokensOf(e.src, task.tokenizer).length;
      const tgt = tokensOf(e.tgt, task.tokenizer).length;
      assert.ok(src >= 1 && src <= task.maxSrcTokens, `${task.name}: source ${e.src} has ${src}`);
      assert.ok(tgt >= 1 && tgt <= task.maxTgtTokens, `${task.name}: target ${e.tgt} has ${tgt}`);
    }
  }
});

Deno.test("reverse, copy and sort produce the right targets over the right alphabets", () => {
  const lengths = new Set<number>();
  for (const e of getTask("reverse").examples("train", 3000)) {
    assert.match(e.src, /^[a-z]{3,24}$/);
    assert.equal(e.tgt, [...e.src].reverse().join(""));
    lengths.add(e.src.length);
  }
  assert.equal(lengths.size, 22, "every length 3-24 appears");
  for (const e of getTask("copy").examples("dev", 500)) {
    assert.match(e.src, /^[a-z]{3,24}$/);
    assert.equal(e.tgt, e.src);
  }
  for (const e of getTask("sort").examples("test", 500)) {
    assert.match(e.src, /^[0-9]{3,16}$/);
    const counts = (s: string) => [..."0123456789"].map((d) => s.split(d).length - 1);
    assert.deepEqual(counts(e.tgt), counts(e.src));
    for (let i = 1; i < e.tgt.length; i++) assert.ok(e.tgt[i - 1] <= e.tgt[i], e.tgt);
  }
});

Deno.test("splitOf() sends about 80% to train, 10% to dev, 10% to test", () => {
  const counts = { train: 0, dev: 0, test: 0 };
  for (let i = 0; i < 20000; i++) counts[splitOf(`item ${i}`)]++;
  assert.ok(Math.abs(counts.train / 20000 - 0.8) < 0.02, JSON.stringify(counts));
  assert.ok(Math.abs(counts.dev / 20000 - 0.1) < 0.02, JSON.stringify(counts));
  assert.ok(Math.abs(counts.test / 20000 - 0.1) < 0.02, JSON.stringify(counts));
});

Deno.test("collectExamples() returns what a small space holds instead of looping forever", () => {
  // 100 distinct sources: about 10 of them hash to test
  const generate = (rng: { int(n: number): number }): Example => {
    const n = rng.int(100);
    return { src: `n${n}`, tgt: String(n) };
  };
  const test = collectExamples("test", 1000, 1, { generate });
  const expected = Array.from({ length: 100 }, (_, n) => `n${n}`).filter((s) =>
    splitOf(s) === "test"
  );
  assert.deepEqual(new Set(test.map((e) => e.src)), new Set(expected));
  assert.ok(test.length < 1000);
});

Deno.test("collectExamples() rejects bad counts and split names with what was expected", () => {
  const generate = () => ({ src: "a", tgt: "a" });
  assert.throws(() => collectExamples("train", -1, 1, { generate }), /whole number.*got -1/);
  assert.throws(() => collectExamples("train", 2.5, 1, { generate }), /got 2.5/);
  assert.throws(
    () => collectExamples("valid" as Split, 1, 1, { generate }),
    /expected a split \(train, dev, test\), got "valid"/,
  );
});

Deno.test("collectExamples() puts pinned examples first in train and never in dev or test", () => {
  const pinned = [{ src: "pinned-1", tgt: "x" }, { src: "pinned-2", tgt: "y" }];
  let i = 0;
  const generate = () => {
    i++;
    return i % 2 === 0 ? pinned[i % 4 === 0 ? 0 : 1] : { src: `s${i}`, tgt: "z" };
  };
  const train = collectExamples("train", 50, 1, { generate, pinnedToTrain: pinned });
  assert.deepEqual(train.slice(0, 2), pinned);
  assert.equal(train.filter((e) => e.src.startsWith("pinned")).length, 2);
  for (const split of ["dev", "test"] as const) {
    const list = collectExamples(split, 50, 1, { generate, pinnedToTrain: pinned });
    assert.ok(list.every((e) => !e.src.startsWith("pinned")), split);
    assert.ok(list.length > 0);
  }
});

// ------------------------------------------------------------------ dates

const months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const weekdaysKo = ["일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"];
const MONTH = `(${months.join("|")})`;
const MON = `(${months.map((m) => m.slice(0, 3)).join("|")})`;
const WEEKDAY = `(${weekdays.join("|")})`;
const WKD = `(${weekdays.map((w) => w.slice(0, 3)).join("|")})`;

interface Parsed {
  y: number;
  m: number;
  d: number;
  /** Weekday index written in the text, if any. */
  wd?: number;
  /** Ordinal suffix written in the text, if any. */
  suffix?: string;
}

const monthIndex = (name: string) => months.findIndex((m) => m.startsWith(name)) + 1;
const weekdayIndex = (name: string) => weekdays.findIndex((w) => w.startsWith(name));

/** An independent reader of every surface form: [name, pattern, fields]. */
const readers: [string, RegExp, (g: string[]) => Parsed][] = [
  [
    "d Mon y",
    new RegExp(`^(\\d{1,2}) ${MON} (\\d{4})$`),
    (g) => ({ d: +g[1], m: monthIndex(g[2]), y: +g[3] }),
  ],
  [
    "d Month y",
    new RegExp(`^(\\d{1,2}) ${MONTH} (\\d{4})$`),
    (g) => ({ d: +g[1], m: monthIndex(g[2]), y: +g[3] }),
  ],
  [
    "dth Month y",
    new RegExp(`^(\\d{1,2})(st|nd|rd|th) ${MONTH} (\\d{4})$`),
    (g) => ({ d: +g[1], suffix: g[2], m: monthIndex(g[3]), y: +g[4] }),
  ],
  [
    "Month d, y",
    new RegExp(`^${MONTH} (\\d{1,2}), (\\d{4})$`),
    (g) => ({ m: monthIndex(g[1]), d: +g[2], y: +g[3] }),
  ],
  [
    "Month dth, y",
    new RegExp(`^${MONTH} (\\d{1,2})(st|nd|rd|th), (\\d{4})$`),
    (g) => ({ m: monthIndex(g[1]), d: +g[2], suffix: g[3], y: +g[4] }),
  ],
  [
    "Mon d, y",
    new RegExp(`^${MON} (\\d{1,2}), (\\d{4})$`),
    (g) => ({ m: monthIndex(g[1]), d: +g[2], y: +g[3] }),
  ],
  [
    "Mon d y",
    new RegExp(`^${MON} (\\d{1,2}) (\\d{4})$`),
    (g) => ({ m: monthIndex(g[1]), d: +g[2], y: +g[3] }),
  ],
  [
    "Weekday, d Month y",
    new RegExp(`^${WEEKDAY}, (\\d{1,2}) ${MONTH} (\\d{4})$`),
    (g) => ({ wd: weekdayIndex(g[1]), d: +g[2], m: monthIndex(g[3]), y: +g[4] }),
  ],
  [
    "Weekday, Month d, y",
    new RegExp(`^${WEEKDAY}, ${MONTH} (\\d{1,2}), (\\d{4})$`),
    (g) => ({ wd: weekdayIndex(g[1]), m: monthIndex(g[2]), d: +g[3], y: +g[4] }),
  ],
  [
    "Wkd, Mon d, y",
    new RegExp(`^${WKD}, ${MON} (\\d{1,2}), (\\d{4})$`),
    (g) => ({ wd: weekdayIndex(g[1]), m: monthIndex(g[2]), d: +g[3], y: +g[4] }),
  ],
  ["m/d/y", /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (g) => ({ m: +g[1], d: +g[2], y: +g[3] })],
  ["dd.mm.y", /^(\d{2})\.(\d{2})\.(\d{4})$/, (g) => ({ d: +g[1], m: +g[2], y: +g[3] })],
  ["y/mm/dd", /^(\d{4})\/(\d{2})\/(\d{2})$/, (g) => ({ y: +g[1], m: +g[2], d: +g[3] })],
  ["y-mm-dd", /^(\d{4})-(\d{2})-(\d{2})$/, (g) => ({ y: +g[1], m: +g[2], d: +g[3] })],
  ["ymmdd", /^(\d{4})(\d{2})(\d{2})$/, (g) => ({ y: +g[1], m: +g[2], d: +g[3] })],
  ["y. m. d.", /^(\d{4})\. (\d{1,2})\. (\d{1,2})\.$/, (g) => ({ y: +g[1], m: +g[2], d: +g[3] })],
  ["y년 m월 d일", /^(\d{4})년 (\d{1,2})월 (\d{1,2})일$/, (g) => ({ y: +g[1], m: +g[2], d: +g[3] })],
  [
    "y년 m월 d일 요일",
    /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 (.요일)$/,
    (g) => ({ y: +g[1], m: +g[2], d: +g[3], wd: weekdaysKo.indexOf(g[4]) }),
  ],
];

function expectedSuffix(d: number): string {
  if (d >= 11 && d <= 13) return "th";
  return d % 10 === 1 ? "st" : d % 10 === 2 ? "nd" : d % 10 === 3 ? "rd" : "th";
}

/**
 * Reads a date with every reader that matches (more than one only when forms
 * coincide, as "11 May 1975" for "d Mon y" and "d Month y"), requires them to
 * agree, and checks the date against JavaScript's Date.
 */
function readDate(src: string): { iso: string; forms: string[] } {
  const hits = readers.filter(([, re]) => re.test(src));
  assert.ok(hits.length > 0, `${src}: no form matches`);
  const isos = hits.map(([, re, fields]) => {
    const p = fields(src.match(re)!);
    const date = new Date(Date.UTC(p.y, p.m - 1, p.d));
    assert.equal(date.getUTCFullYear(), p.y, `${src}: not a real date`);
    assert.equal(date.getUTCMonth() + 1, p.m, `${src}: not a real date`);
    assert.equal(date.getUTCDate(), p.d, `${src}: not a real date`);
    if (p.wd !== undefined) assert.equal(p.wd, date.getUTCDay(), `${src}: wrong weekday`);
    if (p.suffix !== undefined) {
      assert.equal(p.suffix, expectedSuffix(p.d), `${src}: wrong ordinal`);
    }
    return date.toISOString().slice(0, 10);
  });
  assert.equal(new Set(isos).size, 1, `${src}: forms disagree: ${isos.join(", ")}`);
  return { iso: isos[0], forms: hits.map(([form]) => form) };
}

Deno.test("dates: every surface form reads back to the target date, weekdays real", () => {
  const formsSeen = new Set<string>();
  const years = new Set<number>();
  for (const split of ["train", "dev", "test"] as Split[]) {
    for (const e of getTask("dates").examples(split, split === "train" ? 20000 : 3000, 5)) {
      const { iso, forms } = readDate(e.src);
      assert.equal(e.tgt, iso, e.src);
      for (const form of forms) formsSeen.add(form);
      years.add(+iso.slice(0, 4));
    }
  }
  assert.equal(formsSeen.size, readers.length, "every surface form appears");
  assert.equal(Math.min(...years), 1950);
  assert.equal(Math.max(...years), 2049);
});

Deno.test("dates: the issue's examples map to 2026-11-22 and leap days appear", async () => {
  const { dateForms } = await import("../../src/data/tasks/dates.ts");
  const nov22 = { year: 2026, month: 11, day: 22 };
  for (const form of dateForms) {
    assert.equal(form.write(nov22), form.example);
    assert.equal(readDate(form.example).iso, "2026-11-22");
  }
  for (
    const s of [
      "22 Nov 2026",
      "November 22, 2026",
      "2026년 11월 22일",
      "11/22/2026",
      "Sunday, 22 November 2026",
      "2026년 11월 22일 일요일",
    ]
  ) {
    assert.ok(dateForms.some((f) => f.example === s), s);
  }
  const leap = getTask("dates").examples("train", 20000, 9).filter((e) => e.tgt.endsWith("-02-29"));
  assert.ok(leap.length > 0, "some 29 February appears");
  for (const e of leap) assert.equal(+e.tgt.slice(0, 4) % 4, 0, e.tgt);
});

Deno.test("dates: the calendar arithmetic agrees with Date on every day 1950-2049", async () => {
  const { civilFromDays, daysFromCivil, weekdayOf } = await import(
    "../../src/data/tasks/dates.ts"
  );
  const first = Date.UTC(1950, 0, 1) / 86400000;
  const last = Date.UTC(2049, 11, 31) / 86400000;
  assert.equal(daysFromCivil({ year: 1950, month: 1, day: 1 }), first);
  for (let days = first; days <= last; days++) {
    const date = new Date(days * 86400000);
    const civil = civilFromDays(days);
    assert.deepEqual(civil, {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
    });
    assert.equal(daysFromCivil(civil), days);
    assert.equal(weekdayOf(civil), date.getUTCDay());
  }
});
