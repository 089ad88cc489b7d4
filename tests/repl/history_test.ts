import assert from "node:assert/strict";
import { HISTORY_LIMIT, HistoryFile } from "../../src/repl/history.ts";

function recorder() {
  const warnings: string[] = [];
  return { warnings, warn: (m: string) => warnings.push(m) };
}

Deno.test("history: appended oldest first, loaded most recent first, each entry once", async () => {
  const dir = await Deno.makeTempDir();
  const { warnings, warn } = recorder();
  const file = new HistoryFile(`${dir}/history`, warn);
  assert.deepEqual(file.load(), [], "no file yet: empty");
  for (
    const line of ["use ko-en-transformer", "run 나는 학생이다", "run 나는 학생이다", "device"]
  ) {
    file.add(line);
  }
  file.add("use ko-en-transformer");
  assert.equal(
    await Deno.readTextFile(`${dir}/history`),
    "use ko-en-transformer\nrun 나는 학생이다\ndevice\nuse ko-en-transformer\n",
    "a repeat of the last entry is not appended",
  );
  assert.deepEqual(file.load(), ["use ko-en-transformer", "device", "run 나는 학생이다"]);
  assert.deepEqual(warnings, []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("history: past 256 KB the file is trimmed to its most recent entries", async () => {
  const dir = await Deno.makeTempDir();
  const { warnings, warn } = recorder();
  const file = new HistoryFile(`${dir}/history`, warn);
  const long = (i: number) => `run ${String(i).padStart(4, "0")} ${"x".repeat(4000)}`;
  for (let i = 0; i < 80; i++) file.add(long(i)); // 80 x 4 KB: one trim on the way
  const size = Deno.statSync(`${dir}/history`).size;
  assert.ok(size <= 256 * 1024, `trimmed: ${size} bytes`);
  const loaded = file.load();
  assert.equal(loaded[0], long(79), "the most recent entries are the ones kept");
  assert.ok(loaded.length < 80 && loaded.length > 20, `${loaded.length} entries kept`);
  assert.ok(loaded.length <= HISTORY_LIMIT);
  assert.deepEqual(warnings, []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("history: a corrupt file is kept aside with one warning; a fresh one starts", async () => {
  const dir = await Deno.makeTempDir();
  const { warnings, warn } = recorder();
  await Deno.writeFile(`${dir}/history`, new Uint8Array([0x72, 0x75, 0x6e, 0xff, 0xfe, 0x0a]));
  const file = new HistoryFile(`${dir}/history`, warn);
  assert.deepEqual(file.load(), []);
  file.add("device");
  assert.equal(await Deno.readTextFile(`${dir}/history`), "device\n");
  const aside = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n !== "history");
  assert.equal(aside.length, 1);
  assert.match(aside[0], /^history\.corrupt-\d{8}T\d{6}Z$/);
  assert.deepEqual(
    Deno.readFileSync(`${dir}/${aside[0]}`),
    new Uint8Array([0x72, 0x75, 0x6e, 0xff, 0xfe, 0x0a]),
  );
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.match(
    warnings[0],
    /^attn: warning: ignoring the history file .*: it is not UTF-8 text; kept it as .*history\.corrupt-/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("history: an unwritable place warns once per kind and the session goes on", async () => {
  const dir = await Deno.makeTempDir();
  const { warnings, warn } = recorder();
  await Deno.writeTextFile(`${dir}/not-a-dir`, "a file where the state directory should be");
  const file = new HistoryFile(`${dir}/not-a-dir/history`, warn);
  file.add("device");
  file.add("models");
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.match(
    warnings[0],
    /^attn: warning: ignoring the history file .*not-a-dir\/history: a part of the path is not a directory; history is kept for this session only$/,
  );
  const none = new HistoryFile(null, warn);
  none.add("device");
  assert.deepEqual(none.load(), []);
  assert.equal(warnings.length, 1);
  await Deno.remove(dir, { recursive: true });
});
