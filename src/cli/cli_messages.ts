/**
 * What the command line itself says, in both languages: refusals of a line before any command
 * runs (commander's parse errors included, which commander writes in English only), and the
 * session's notices.
 */
import type { Catalog } from "../platform/i18n/messages.ts";

export const cliMessages = {
  "cli.noCommand": {
    en: "expected a command; try 'help'",
    ko: "명령이 필요합니다. 'help'로 명령 목록을 볼 수 있습니다",
  },
  "cli.noCommandAfterOptions": {
    en: "expected a command after the options; try 'help'",
    ko: "옵션 뒤에 명령이 필요합니다. 'help'로 명령 목록을 볼 수 있습니다",
  },
  "cli.unknownCommand": {
    en: "unknown command {typed}{hint} (try 'help')",
    ko: "없는 명령입니다: {typed}{hint} ('help'로 목록을 볼 수 있습니다)",
  },
  "cli.didYouMean": { en: "; did you mean '{near}'?", ko: ". 혹시 '{near}' 말인가요?" },
  "cli.unknownOption": { en: "unknown option {option}", ko: "없는 옵션입니다: {option}" },
  "cli.missingArgument": {
    en: "missing required argument {name}",
    ko: "꼭 필요한 인자가 빠졌습니다: {name}",
  },
  "cli.optionMissingArgument": {
    en: "option {option} argument missing",
    ko: "옵션 {option}에 값이 빠졌습니다",
  },
  "cli.invalidChoice": {
    en: "option {option} argument {value} is invalid. Allowed choices are {choices}.",
    ko: "옵션 {option}에 쓸 수 없는 값입니다: {value}. 가능한 값: {choices}",
  },
  "cli.excessArguments": {
    en: "too many arguments for '{command}'. Expected {expected} but got {received}: {details}.",
    ko:
      "'{command}'의 인자가 너무 많습니다. {expected}개를 받는데 {received}개를 받았습니다: {details}",
  },
  "cli.conflictingOption": {
    en: "{first} cannot be used with {second}",
    ko: "함께 쓸 수 없는 옵션입니다: {first}, {second}",
  },
  "cli.note.cpuFallback": {
    en: "note: {reason}; using the cpu backend",
    ko: "참고: {reason}. cpu 백엔드를 씁니다",
  },
  "cli.models.skipped": { en: "skipped {problem}", ko: "건너뜀: {problem}" },
} as const satisfies Catalog;
