/**
 * `deno task install` puts a global `attn` command on the PATH with the same least-privilege
 * permissions as `deno task attn`, and it works from any directory. Installed into a temp
 * DENO_INSTALL_ROOT with a temp HOME, in an environment cleared of everything but what the
 * platform needs (PATH, the suite's DENO_DIR, CA bundle and proxy variables), so the packages
 * come from the Deno cache the suite uses.
 */
import assert from "node:assert/strict";
import { platformEnv } from "../support/child_env.ts";

const root = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const decoder = new TextDecoder();

async function run(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; stdin?: string },
) {
  const child = new Deno.Command(command, {
    args,
    cwd: options.cwd,
    env: options.env,
    clearEnv: true,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

Deno.test({
  name:
    "deno task install: a global attn with the attn task's permissions, usable from any directory",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const temp = await Deno.makeTempDir({ prefix: "attn-install-" });
    const home = `${temp}/home`;
    const installRoot = `${temp}/install`;
    const elsewhere = `${temp}/elsewhere`;
    await Deno.mkdir(home);
    await Deno.mkdir(elsewhere);
    const runtime = `${temp}/run`;
    await Deno.mkdir(runtime, { mode: 0o700 });
    const platform = platformEnv();
    const env = {
      ...platform,
      HOME: home,
      DENO_INSTALL_ROOT: installRoot,
      PATH: `${installRoot}/bin:${platform.PATH}`,
      XDG_RUNTIME_DIR: runtime,
      NO_COLOR: "1",
    };
    try {
      const installed = await run(Deno.execPath(), ["task", "install"], { cwd: root, env });
      assert.equal(installed.code, 0, installed.stderr);
      const shim = await Deno.readTextFile(`${installRoot}/bin/attn`);
      assert.match(shim, new RegExp(`--allow-read=${root},${home}/\\.local/state/attn `));
      assert.match(shim, new RegExp(`--allow-write=${home}/\\.local/state/attn `));
      assert.match(shim, /--no-prompt/);
      for (
        const broad of [
          "--allow-all",
          "-A ",
          "--allow-net",
          "--allow-run",
          "--allow-ffi",
          "--allow-sys",
        ]
      ) {
        assert.ok(!shim.includes(broad), `the global command must not have ${broad}`);
      }

      // From another directory: a one-liner, and the REPL reading a script on stdin.
      const models = await run("attn", ["models", "--json"], { cwd: elsewhere, env });
      assert.equal(models.code, 0, models.stderr);
      assert.ok(Array.isArray(JSON.parse(models.stdout)));
      const script = await run("attn", [], {
        cwd: elsewhere,
        env,
        stdin: "set --json\nhelp --json\n",
      });
      assert.equal(script.code, 0, script.stderr);
      const [settings, help] = script.stdout.trim().split("\n").map((l) => JSON.parse(l));
      assert.equal(settings.colormap, "viridis");
      assert.ok(help.commands.some((c: { name: string }) => c.name === "run"));
      // The user's own directory is not readable by the global command (least privilege).
      await Deno.writeTextFile(`${elsewhere}/x.safetensors`, "not a checkpoint");
      const outside = await run("attn", ["run", "abc", "--model", `${elsewhere}/x.safetensors`], {
        cwd: elsewhere,
        env,
      });
      assert.notEqual(outside.code, 0);
      assert.match(outside.stderr, /^attn: cannot read .*x\.safetensors: not permitted/);
    } finally {
      await Deno.remove(temp, { recursive: true });
    }
  },
});
