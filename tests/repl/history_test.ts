import assert from "node:assert/strict";
import { HISTORY_LIMIT, HistoryFile } from "../../src/repl/history.ts";

function recorder() {
  const warnings: string[] = [];
  return { warnings, warn: (m: string) => warnings.push(m) };
}

Deno.test("history: saved oldest first, loaded most recent first, capped", async () => {
  const dir = await Deno.makeTempDir();
  const { warnings, warn } = recorder();
  const file = new HistoryFile(`${dir}/state/history`, warn);
  assert.deepEqual(file.load(), [], "no file yet: empty");
  file.save(["run 나는 학생이다", "use ko-en-transformer"]);
  assert.equal(
    await Deno.readTextFile(`${dir}/state/history`),
    "use ko-en-transformer\nrun 나는 학생이다\n",
  );
  assert.deepEqual(file.load(), ["run 나는 학생이다", "use ko-en-transformer"]);
  const many = Array.from({ length: HISTORY_LIMIT + 50 }, (_, i) => `device ${i}`);
  file.save(many);
  const loaded = file.load();
  assert.equal(loaded.length, HISTORY_LIMIT);
  assert.equal(loaded[0], "device 0", "the most recent entries are the ones kept");
  assert.deepEqual(warnings, []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("history: a corrupt file gives one warning and an empty history", async () => {
  const dir = await Deno.makeTempDir();
  const { warnings, warn } = recorder();
  await Deno.writeFile(`${dir}/history`, new Uint8Array([0x72, 0x75, 0x6e, 0xff, 0xfe, 0x0a]));
  assert.deepEqual(new HistoryFile(`${dir}/history`, warn).load(), []);
  await Deno.writeFile(`${dir}/history`, new Uint8Array([0x61, 0x00, 0x62]));
  assert.deepEqual(new HistoryFile(`${dir}/history`, warn).load(), []);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0], /^attn: warning: ignoring the history file .* not UTF-8 text$/);
  assert.match(warnings[1], /binary data/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("history: an unwritable place warns once and the session goes on", async () => {
  const dir = await Deno.makeTempDir();
  const { warnings, warn } = recorder();
  await Deno.writeTextFile(`${dir}/not-a-dir`, "a file where the state directory should be");
  const file = new HistoryFile(`${dir}/not-a-dir/history`, warn);
  file.save(["device"]);
  file.save(["device", "models"]);
  assert.equal(warnings.length, 1, warnings.join("\n"));
  assert.match(
    warnings[0],
    /^attn: warning: cannot save the history to .*; it is kept for this session only$/,
  );
  const none = new HistoryFile(null, warn);
  none.save(["device"]);
  assert.deepEqual(none.load(), []);
  assert.equal(warnings.length, 1);
  await Deno.remove(dir, { recursive: true });
});
