import assert from "node:assert/strict";
import { checkOutPath, expandHome } from "../../src/cli/out_path.ts";
import { runAttn } from "../support/run_attn.ts";

Deno.test("expandHome() expands a leading ~/ only", () => {
  const home = Deno.env.get("HOME")!;
  assert.equal(expandHome("~/x.safetensors"), `${home}/x.safetensors`);
  assert.equal(expandHome("~"), home);
  assert.equal(expandHome("a/~/b"), "a/~/b");
  assert.equal(expandHome("~user/x"), "~user/x");
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
    const home = await Deno.makeTempDir({ prefix: "attn-home-" });
    try {
      const run = await runAttn(
        ["export", "--model", "reverse-gru", "--out", "/tmp/attn-denied.safetensors"],
        { env: { HOME: home } },
      );
      assert.equal(run.code, 2, run.stderr);
      assert.equal(
        run.stderr.trim(),
        `attn: --out /tmp/attn-denied.safetensors: attn may not write there; it may write under ${home}/.local/state/attn (or run deno with --allow-write for that path)`,
      );
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
);

Deno.test("--model ~/file.safetensors resolves under HOME at the prompt as in a shell", async () => {
  const home = Deno.env.get("HOME");
  const dir = await Deno.makeTempDir({ prefix: "attn-home-model-" });
  try {
    await Deno.copyFile("weights/reverse-gru.safetensors", `${dir}/mine.safetensors`);
    Deno.env.set("HOME", dir);
    const { resolveModel } = await import("../../src/nn/model_registry.ts");
    assert.deepEqual(await resolveModel("~/mine.safetensors"), {
      name: `${dir}/mine.safetensors`,
      path: `${dir}/mine.safetensors`,
    });
  } finally {
    if (home) Deno.env.set("HOME", home);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checkOutPath() creates the state directory on a fresh machine", async () => {
  const previous = Deno.env.get("XDG_STATE_HOME");
  const base = await Deno.makeTempDir({ prefix: "attn-fresh-state-" });
  try {
    Deno.env.set("XDG_STATE_HOME", base);
    const path = `${base}/attn/mine.safetensors`;
    assert.equal(await checkOutPath("--out", path), path);
    assert.ok(Deno.statSync(`${base}/attn`).isDirectory);
    // Elsewhere a missing directory is still an error, never created.
    await assert.rejects(checkOutPath("--out", `${base}/other/m.safetensors`), /does not exist/);
  } finally {
    if (previous === undefined) Deno.env.delete("XDG_STATE_HOME");
    else Deno.env.set("XDG_STATE_HOME", previous);
    await Deno.remove(base, { recursive: true });
  }
});
