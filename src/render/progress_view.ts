/**
 * A one-line progress bar for long commands (experiments): "[=====-----] 50% what is running",
 * never wider than the terminal.
 */
import { truncateWidth } from "./layout.ts";

/** done of total as a bar, the percentage and what is running now. */
export function renderProgressBar(
  done: number,
  total: number,
  what: string,
  columns: number,
): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const size = 20;
  const filled = Math.round(fraction * size);
  const bar = `[${"=".repeat(filled)}${"-".repeat(size - filled)}] ${
    String(Math.round(fraction * 100)).padStart(3)
  }%`;
  return truncateWidth(`${bar} ${what}`, Math.max(10, columns - 1));
}
