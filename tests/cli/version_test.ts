/**
 * `attn --version` prints deno.json's `version`, the one place attn's version is written, and
 * that version is semver (the library exports' stability promise in docs/LIBRARY.md rests on it).
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";

const config = JSON.parse(Deno.readTextFileSync(new URL("../../deno.json", import.meta.url)));

Deno.test("deno.json names and versions attn (semver)", () => {
  assert.equal(config.name, "@attn/attn");
  assert.match(config.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
});

Deno.test("attn --version and -V print deno.json's version and exit 0", async () => {
  for (const flag of ["--version", "-V"]) {
    const run = await runAttn([flag]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${config.version}\n`);
    assert.equal(run.stderr, "");
  }
});
