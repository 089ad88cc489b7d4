import Table from "cli-table3";

/**
 * A plain box table. Styles are emptied so cli-table3 adds no color escapes
 * of its own: color is decided by the caller (chalk), never by the table.
 */
export function renderTable(
  head: string[],
  rows: (string | number)[][],
  options: { alignRight?: number[] } = {},
): string {
  const right = new Set(options.alignRight ?? []);
  const table = new Table({
    head,
    style: { head: [], border: [], compact: false },
    colAligns: head.map((_, i) => (right.has(i) ? "right" : "left")),
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

/** A duration in ms with sensible precision: 0.0123, 1.23, 12.3, 123. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toPrecision(3);
}
