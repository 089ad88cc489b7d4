/**
 * Snapshot files for view tests: tests/render/snapshots/<name>.txt. With
 * UPDATE_SNAPSHOTS=1 a test writes its snapshot; otherwise a missing or
 * different snapshot fails. Escape codes are stored as the visible "\e" so
 * the files read (and diff) as text.
 */
import assert from "node:assert/strict";
import { displayWidth } from "../../src/render/layout.ts";

const dir = new URL("./snapshots/", import.meta.url).pathname;

function update(): boolean {
  return Deno.env.get("UPDATE_SNAPSHOTS") === "1";
}

/** Compares `text` with the stored snapshot `name` (or writes it under UPDATE_SNAPSHOTS=1). */
export async function assertSnapshot(name: string, text: string): Promise<void> {
  const path = `${dir}${name}.txt`;
  const stored = text.replaceAll("\x1b", "\\e") + "\n";
  if (update()) {
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(path, stored);
    return;
  }
  let expected: string;
  try {
    expected = await Deno.readTextFile(path);
  } catch {
    assert.fail(`missing snapshot ${path}; run the test with UPDATE_SNAPSHOTS=1 to write it`);
  }
  assert.equal(stored, expected, `view differs from snapshot ${name}.txt`);
}

/** Fails when a line is wider than `width` columns (escape codes excluded). */
export function assertFits(text: string, width: number, what = "view"): void {
  text.split("\n").forEach((line, i) => {
    const w = displayWidth(line);
    assert.ok(
      w <= width,
      `${what}: line ${i + 1} is ${w} columns wide, expected at most ${width}: ${
        JSON.stringify(line)
      }`,
    );
  });
}

/** Fails when the text has an escape character. */
export function assertNoEscapes(text: string, what = "view"): void {
  assert.ok(!text.includes("\x1b"), `${what}: expected no escape codes at color level 0`);
}
