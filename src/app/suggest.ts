/** Levenshtein distance between two short strings. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * The known name closest to what was typed, if it is close enough to be a
 * plausible typo (at most a third of the letters differ) or a prefix.
 */
export function closestName(typed: string, names: readonly string[]): string | null {
  const lower = typed.toLowerCase();
  const prefixed = names.filter((n) => n.startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    // The distance is at least the difference in length: a name that cannot be close enough is
    // skipped before the quadratic comparison (a 64 KiB word against every name took seconds).
    if (Math.abs(lower.length - name.length) > allowedDistance(name)) continue;
    const d = editDistance(lower, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= allowedDistance(best) ? best : null;
}

/** The most letters a typo of `name` may get wrong: a third of them, at least one. */
function allowedDistance(name: string): number {
  return Math.max(1, Math.floor(name.length / 3));
}
