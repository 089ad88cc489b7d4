/**
 * dates: a date written in one of many surface forms -> ISO 8601 "YYYY-MM-DD".
 * "22 Nov 2026", "November 22, 2026", "2026년 11월 22일", "Sunday, 22 November
 * 2026" ... -> "2026-11-22". Years 1950-2049 on the real (proleptic Gregorian)
 * calendar, leap days included; weekdays are the real weekday of the date, so
 * a model may copy digits but must also learn which words carry the month.
 *
 * No form is ambiguous: slashes with the year last are always US month/day
 * ("11/22/2026"), dots with the year last always day.month ("22.11.2026"), and
 * forms with the year first are always year, month, day.
 */
import { collectExamples } from "../split.ts";
import type { Task } from "../task.ts";

/** A calendar date; month 1-12, day 1-31. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const monthNames = [
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
/** Index 0 = Sunday, as JavaScript's Date.getUTCDay(). */
const weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const weekdayNamesKo = ["일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"];

const firstYear = 1950;
const lastYear = 2049;

/**
 * Days since 1970-01-01 of a civil date (Howard Hinnant, "chrono-compatible
 * low-level date algorithms"): written out so the generator does not lean on
 * the JavaScript Date the tests check it with.
 */
export function daysFromCivil({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400; // [0, 399]
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) +
    dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The civil date `days` after 1970-01-01 (Hinnant's inverse). */
export function civilFromDays(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097; // [0, 146096]
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153); // month counted from March
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOf(date: CalendarDate): number {
  return (((daysFromCivil(date) + 4) % 7) + 7) % 7;
}

/** "2026-11-22". */
export function isoDate({ year, month, day }: CalendarDate): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd" ... */
function ordinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/** One surface form: how it looks for 2026-11-22, and how to write any date that way. */
interface SurfaceForm {
  example: string;
  write: (date: CalendarDate) => string;
}

const month = (d: CalendarDate) => monthNames[d.month - 1];
const mon = (d: CalendarDate) => monthNames[d.month - 1].slice(0, 3);
const weekday = (d: CalendarDate) => weekdayNames[weekdayOf(d)];
const wkd = (d: CalendarDate) => weekdayNames[weekdayOf(d)].slice(0, 3);
const weekdayKo = (d: CalendarDate) => weekdayNamesKo[weekdayOf(d)];

/** Every form the task writes dates in; each is unambiguous on its own (see the header). */
export const dateForms: readonly SurfaceForm[] = [
  { example: "22 Nov 2026", write: (d) => `${d.day} ${mon(d)} ${d.year}` },
  { example: "22 November 2026", write: (d) => `${d.day} ${month(d)} ${d.year}` },
  { example: "22nd November 2026", write: (d) => `${ordinal(d.day)} ${month(d)} ${d.year}` },
  { example: "November 22, 2026", write: (d) => `${month(d)} ${d.day}, ${d.year}` },
  { example: "November 22nd, 2026", write: (d) => `${month(d)} ${ordinal(d.day)}, ${d.year}` },
  { example: "Nov 22, 2026", write: (d) => `${mon(d)} ${d.day}, ${d.year}` },
  { example: "Nov 22 2026", write: (d) => `${mon(d)} ${d.day} ${d.year}` },
  {
    example: "Sunday, 22 November 2026",
    write: (d) => `${weekday(d)}, ${d.day} ${month(d)} ${d.year}`,
  },
  {
    example: "Sunday, November 22, 2026",
    write: (d) => `${weekday(d)}, ${month(d)} ${d.day}, ${d.year}`,
  },
  { example: "Sun, Nov 22, 2026", write: (d) => `${wkd(d)}, ${mon(d)} ${d.day}, ${d.year}` },
  { example: "11/22/2026", write: (d) => `${d.month}/${d.day}/${d.year}` },
  { example: "22.11.2026", write: (d) => `${pad2(d.day)}.${pad2(d.month)}.${d.year}` },
  { example: "2026/11/22", write: (d) => `${d.year}/${pad2(d.month)}/${pad2(d.day)}` },
  { example: "2026-11-22", write: isoDate },
  { example: "20261122", write: (d) => `${d.year}${pad2(d.month)}${pad2(d.day)}` },
  { example: "2026. 11. 22.", write: (d) => `${d.year}. ${d.month}. ${d.day}.` },
  { example: "2026년 11월 22일", write: (d) => `${d.year}년 ${d.month}월 ${d.day}일` },
  {
    example: "2026년 11월 22일 일요일",
    write: (d) => `${d.year}년 ${d.month}월 ${d.day}일 ${weekdayKo(d)}`,
  },
];

const firstDay = daysFromCivil({ year: firstYear, month: 1, day: 1 });
const lastDay = daysFromCivil({ year: lastYear, month: 12, day: 31 });

export const datesTask: Task = {
  name: "dates",
  tokenizer: "char",
  summary:
    `rewrite a date (${firstYear}-${lastYear}, many forms) as ISO: 22 Nov 2026 -> 2026-11-22`,
  summaryKo:
    `여러 형식의 날짜(${firstYear}-${lastYear}년)를 ISO 형식으로: 2026년 11월 22일 -> 2026-11-22`,
  // "Wednesday, September 22, 2026": 9 + 2 + 9 + 1 + 2 + 2 + 4 characters.
  maxSrcTokens: 29,
  maxTgtTokens: 10,
  examples(split, count, seed = 1) {
    return collectExamples(split, count, seed, {
      generate(rng) {
        const date = civilFromDays(firstDay + rng.int(lastDay - firstDay + 1));
        return { src: rng.pick(dateForms).write(date), tgt: isoDate(date) };
      },
    });
  },
};
