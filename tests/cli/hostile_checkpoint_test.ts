/**
 * Hostile checkpoints through the path users hit (issue #14: H1 and H2): `deno task attn run
 * abc --model FILE` and the REPL reading a script. Each file is refused in one `attn:` line,
 * from its header or metadata, in little memory, and the REPL goes on. The files come from
 * tests/support/hostile_checkpoints.ts at sizes that keep the suite fast; the full-size run
 * is in the closing note of the issue.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { runAttnMeasured } from "../support/attn_process.ts";
import { withTaskHome } from "../support/state.ts";
import {
  deepArraysHeader,
  emptyArraysHeader,
  emptyObjectsHeader,
  manyKeysHeader,
  writeClaimedHeader,
  writeHeaderOnly,
  writeSparseCheckpoint,
} from "../support/hostile_checkpoints.ts";

/** The memory a refusal may cost (deno itself takes ~70-140 MB). */
const MAX_RSS = 300 * 1024 * 1024;

/** Asserts a refusal: exit 1, nothing on stdout, exactly one `attn: FILE: ...` line. */
function assertRefused(
  run: { code: number; stdout: string; stderr: string },
  file: string,
  reason: RegExp,
): void {
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stdout, "");
  const lines = run.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line, got:\n${run.stderr}`);
  assert.ok(lines[0].startsWith(`attn: ${file}: `), lines[0]);
  assert.match(lines[0], reason);
}

Deno.test("H1: a header of 400,000 distinct keys is refused before JSON.parse, and the REPL script goes on", async () => {
  await withTaskHome(async (home, dir) => {
    const file = `${dir}/keys.safetensors`;
    await writeHeaderOnly(file, manyKeysHeader(400_000)); // 3.6 MB, under the header bound
    const run = await runAttn([], {
      task: "start",
      env: { HOME: home },
      stdin: `run abc --model ${file} --backend cpu\nrun abc --model reverse-gru --backend cpu\n`,
    });
    assertRefused(
      { ...run, stdout: "" },
      file,
      /safetensors header holds more than \d+ values; expected \{name: \{dtype, shape, data_offsets\}\}/,
    );
    assert.equal(run.code, 1, "the script reports that one command failed");
    assert.match(run.stdout, /^output +cba$/m, "the next command ran");
  });
});

Deno.test("H1 at full size: a header beyond attn's bound is refused from its 8-byte length alone", async () => {
  await withTaskHome(async (home, dir) => {
    const file = `${dir}/keys-9.6M.safetensors`;
    // The 9.6 M-key header is 86,133,714 bytes: only its length is read (a sparse file).
    await writeClaimedHeader(file, 86_133_714);
    const run = await runAttnMeasured(["run", "abc", "--model", file, "--backend", "cpu"], {
      env: { HOME: home },
    });
    assertRefused(
      run,
      file,
      /safetensors header length 86133714 bytes is beyond attn's limit of 17213696 bytes/,
    );
    assert.ok(run.peakRssBytes < MAX_RSS, `peak RSS ${run.peakRssBytes}`);
  });
});

Deno.test("H2: headers of empty objects, empty arrays and deep nesting are refused by the scan before JSON.parse", async () => {
  await withTaskHome(async (home, dir) => {
    const cases: [string, Uint8Array, RegExp][] = [
      ["objects", emptyObjectsHeader(4_000_000), /header holds more than \d+ values/],
      ["arrays", emptyArraysHeader(4_000_000), /header holds more than \d+ values/],
      ["deep", deepArraysHeader(2_000_000), /header nests deeper than 3 levels \(at character 3\)/],
    ];
    for (const [name, header, reason] of cases) {
      const file = `${dir}/${name}.safetensors`;
      await writeHeaderOnly(file, header);
      const run = await runAttnMeasured(["run", "abc", "--model", file, "--backend", "cpu"], {
        env: { HOME: home },
      });
      assertRefused(run, file, reason);
      assert.ok(run.peakRssBytes < MAX_RSS, `${name}: peak RSS ${run.peakRssBytes}`);
      await Deno.remove(file);
    }
  });
});

Deno.test("H2: a 400 MB checkpoint without src_vocab is refused on its metadata without reading its tensors", async () => {
  await withTaskHome(async (home, dir) => {
    const file = `${dir}/no-src-vocab.safetensors`;
    const size = await writeSparseCheckpoint(file, {
      width: 2048,
      layers: 1,
      omit: "src_vocab",
      extraBytes: 200_000_000,
    });
    assert.ok(size > 400_000_000, `size ${size}`);
    const run = await runAttnMeasured(["run", "abc", "--model", file, "--backend", "cpu"], {
      env: { HOME: home },
    });
    assertRefused(run, file, /checkpoint metadata has no src_vocab$/);
    // Reading the tensors would take their size at least (it took 2 x the file before).
    assert.ok(run.peakRssBytes < MAX_RSS, `peak RSS ${run.peakRssBytes}`);
  });
});
