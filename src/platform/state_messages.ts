/**
 * Why a state file (history, lesson progress, the last run, kernel tuning) was refused, in both
 * languages: the reasons StateFileError carries, which the warnings of each file quote.
 */
import type { Catalog } from "./i18n/messages.ts";

export const stateMessages = {
  "state.what.symlink": { en: "a symbolic link", ko: "심볼릭 링크" },
  "state.what.directory": { en: "a directory", ko: "디렉터리" },
  "state.what.fifo": { en: "a named pipe (FIFO)", ko: "이름 있는 파이프(FIFO)" },
  "state.what.device": { en: "a device", ko: "장치" },
  "state.what.socket": { en: "a socket", ko: "소켓" },
  "state.notRegular": { en: "it is not a regular file", ko: "일반 파일이 아닙니다" },
  "state.notRegularIs": {
    en: "it is {what}, not a regular file",
    ko: "일반 파일이 아니라 {what}입니다",
  },
  "state.tooLarge": {
    en: "it is {size}, more than the {max} attn reads there",
    ko: "크기가 {size}(으)로, attn이 그곳에서 읽는 한도 {max}을(를) 넘습니다",
  },
  "state.grewTooLarge": {
    en: "it is more than the {max} attn reads there",
    ko: "attn이 그곳에서 읽는 한도 {max}을(를) 넘습니다",
  },
  "state.io.notCapable": {
    en: "deno's permissions do not allow it",
    ko: "deno 권한이 허용하지 않습니다",
  },
  "state.io.permission": { en: "permission denied", ko: "권한이 없습니다" },
  "state.io.full": {
    en: "the disk is full (no space left on device)",
    ko: "디스크가 가득 찼습니다",
  },
  "state.io.readOnly": { en: "the file system is read-only", ko: "읽기 전용 파일 시스템입니다" },
  "state.io.notDir": {
    en: "a part of the path is not a directory",
    ko: "경로 중 일부가 디렉터리가 아닙니다",
  },
  "state.io.symlink": { en: "it is a symbolic link", ko: "심볼릭 링크입니다" },
  "state.io.fifoOrDevice": {
    en: "it is a named pipe (FIFO) or a device",
    ko: "이름 있는 파이프(FIFO)나 장치입니다",
  },
  "state.changed": {
    en: "it was replaced while being read; try again",
    ko: "읽는 동안 다른 파일로 바뀌었습니다. 다시 해 보세요",
  },
  "state.exists": { en: "{aside} already exists", ko: "이미 있습니다: {aside}" },
  "state.locked": {
    en: "another attn process has held the lock on {dir} for {seconds} s",
    ko: "다른 attn 프로세스가 {dir}의 잠금을 {seconds}초째 잡고 있습니다",
  },
  "state.dir.notUsed": {
    en:
      "not using the state directory {path}: {problem}; history, lesson progress and kernel tuning are kept for this session only",
    ko:
      "상태 디렉터리를 쓰지 않습니다: {path}: {problem}. 명령 기록, 레슨 진도, 커널 튜닝은 이번 세션 동안만 남습니다",
  },
  "state.dir.comma": {
    en: "its path has a comma, which deno's --allow-write splits into other paths",
    ko: "경로에 쉼표가 있어 deno의 --allow-write가 다른 경로들로 나눕니다",
  },
  "state.dir.mayNotWrite": {
    en: "deno's permissions do not let attn write there",
    ko: "deno 권한이 attn에게 그곳에 쓰기를 허용하지 않습니다",
  },
  "state.dir.isFile": { en: "it is a file, not a directory", ko: "디렉터리가 아니라 파일입니다" },
  "state.dir.notDir": { en: "it is not a directory", ko: "디렉터리가 아닙니다" },
} as const satisfies Catalog;
