import assert from "node:assert/strict";
import { checkOutPath, expandHome } from "../../src/cli/out_path.ts";
import { runAttn } from "../support/run_attn.ts";
import { withEnv, withTempHome, withTempState } from "../support/state.ts";

Deno.test("expandHome() expands a leading ~/ only", async () => {
  await withEnv({ HOME: "/home/someone" }, () => {
    const home = "/home/someone";
    assert.equal(expandHome("~/x.safetensors"), `${home}/x.safetensors`);
    assert.equal(expandHome("~"), home);
    assert.equal(expandHome("a/~/b"), "a/~/b");
    assert.equal(expandHome("~user/x"), "~user/x");
  });
});

Deno.test("checkOutPath() refuses directories, missing directories and empty names", async () => {
  const dir = await Deno.makeTempDir({ prefix: "attn-out-" });
  try {
    assert.equal(await checkOutPath("--out", `${dir}/m.safetensors`), `${dir}/m.safetensors`);
    await assert.rejects(checkOutPath("--out", dir), /it is a directory, expected a file/);
    await assert.rejects(checkOutPath("--out", `${dir}/`), /expected a file path/);
    await assert.rejects(
      checkOutPath("--out", `${dir}/missing/m.safetensors`),
      new RegExp(`directory ${dir}/missing does not exist`),
    );
    await Deno.writeTextFile(`${dir}/file`, "x");
    await assert.rejects(checkOutPath("--out", `${dir}/file/m.safetensors`), /is not a directory/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test(
  "under the task's permissions, --out outside the state directory is refused in one line",
  {
    sanitizeOps: false,
    sanitizeResources: false,
  },
  async () => {
    await withTempHome(async (home) => {
      const run = await runAttn(
        ["export", "--model", "reverse-gru", "--out", "/tmp/attn-denied.safetensors"],
        { env: { HOME: home } },
      );
      assert.equal(run.code, 2, run.stderr);
      assert.equal(
        run.stderr.trim(),
        `attn: --out /tmp/attn-denied.safetensors: attn may not write there; it may write under ${home}/.local/state/attn (or run deno with --allow-write for that path)`,
      );
    });
  },
);

Deno.test("--model ~/file.safetensors resolves under HOME at the prompt as in a shell", async () => {
  await withTempHome(async (home) => {
    await Deno.copyFile("weights/reverse-gru.safetensors", `${home}/mine.safetensors`);
    await withEnv({ HOME: home }, async () => {
      const { resolveModel } = await import("../../src/models/weights/registry.ts");
      assert.deepEqual(await resolveModel("~/mine.safetensors"), {
        name: `${home}/mine.safetensors`,
        path: `${home}/mine.safetensors`,
      });
    });
  });
});

Deno.test("checkOutPath() creates the state directory on a fresh machine", async () => {
  await withTempState(async (state) => {
    const path = `${state}/mine.safetensors`;
    assert.equal(await checkOutPath("--out", path), path);
    assert.ok(Deno.statSync(state).isDirectory);
    // Elsewhere a missing directory is still an error, never created.
    const base = state.replace(/\/attn$/, "");
    await assert.rejects(checkOutPath("--out", `${base}/other/m.safetensors`), /does not exist/);
  });
});
