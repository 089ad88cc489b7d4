/**
 * A full disk during a save (issue: Hardening): attn reports it in one line, exits 1, and the
 * previous file is intact, with no temporary file left behind. The disk is a real one: a small
 * tmpfs mounted in a private mount namespace (unshare -rm) of the child process, so the test
 * needs no root and leaves nothing mounted.
 */
import assert from "node:assert/strict";
import { needs } from "../support/needs.ts";
import { denoDir } from "../support/child_env.ts";
import { makeTempHome } from "../support/state.ts";

const root = new URL("../../", import.meta.url).pathname;

Deno.test({
  name: "a save that fills the disk fails in one line and keeps the previous file",
  sanitizeOps: false,
  sanitizeResources: false,
  ignore: !needs.unshare,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "attn-full-disk-" });
    const home = makeTempHome();
    const deno = Deno.execPath();
    const flags = `--no-prompt --allow-read=.,${dir} --allow-write=${dir} --allow-env`;
    // --backend cpu: saving needs no GPU, and without an adapter `auto` would add a notice line.
    // 900 KiB holds one exported GRU (about 620 KB) but not a second copy beside it: the atomic
    // save writes the new file next to the old one before renaming, so the disk fills.
    const script = [
      `mount -t tmpfs -o size=900k tmpfs ${dir}`,
      `${deno} run ${flags} main.ts export --backend cpu --model reverse-gru --out ${dir}/m.safetensors > /dev/null || exit 10`,
      `sha256sum ${dir}/m.safetensors > ${dir}/../attn-full-disk-before.txt`,
      `${deno} run ${flags} main.ts export --backend cpu --model dates-gru --out ${dir}/m.safetensors; echo "code=$?"`,
      `sha256sum ${dir}/m.safetensors`,
      `ls -A ${dir}`,
    ].join("\n");
    try {
      const out = await new Deno.Command("unshare", {
        args: ["-rm", "sh", "-c", script],
        cwd: root,
        // A temporary HOME: attn must not reach the user's state directory.
        env: {
          NO_COLOR: "1",
          XDG_RUNTIME_DIR: dir,
          HOME: home,
          XDG_STATE_HOME: "",
          DENO_DIR: denoDir(),
        },
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, `${stdout}\n${stderr}`);
      assert.match(stdout, /code=1\n/, stdout);
      assert.equal(
        stderr.trim(),
        `attn: cannot save ${dir}/m.safetensors: the disk is full (no space left on device)`,
      );
      const before = (await Deno.readTextFile(`${dir}/../attn-full-disk-before.txt`)).split(" ")[0];
      const after = /^([0-9a-f]{64}) /m.exec(stdout)?.[1];
      assert.equal(after, before, "the previous checkpoint is unchanged");
      // The first export's files (the checkpoint, then the config and vocabularies import reads),
      // and nothing else: no temporary file, no half-written sidecar of the second.
      const listing = stdout.trim().split("\n").slice(-4);
      assert.deepEqual(
        listing,
        ["m.config.json", "m.safetensors", "m.src.txt", "m.tgt.txt"],
        "no temporary file left",
      );
    } finally {
      await Deno.remove(`${dir}/../attn-full-disk-before.txt`).catch(() => {});
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(home, { recursive: true });
    }
  },
});
