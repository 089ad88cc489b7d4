import assert from "node:assert/strict";
import { taskFlags } from "./support/run_attn.ts";
import { denoDir } from "./support/child_env.ts";

const script = new URL("./support/print_state_dir.ts", import.meta.url).pathname;

async function chosen(flags: string[], env: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", ...flags, script],
    env,
    clearEnv: true,
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("stateDir() uses XDG_STATE_HOME when attn may write there, else ~/.local/state/attn", async () => {
  const home = "/tmp/attn-home";
  const xdg = "/tmp/attn-xdg";
  const env = {
    HOME: home,
    XDG_STATE_HOME: xdg,
    DENO_DIR: denoDir(),
  };
  // Exactly the permissions of `deno task attn`: the XDG directory is not granted.
  assert.equal(await chosen(taskFlags("attn", env), env), `${home}/.local/state/attn`);
  // Granted: the user's XDG_STATE_HOME wins.
  assert.equal(
    await chosen(["--allow-env", `--allow-read=${xdg}`, `--allow-write=${xdg}`], env),
    `${xdg}/attn`,
  );
  // No HOME: XDG_STATE_HOME is the only candidate.
  const noHome = { XDG_STATE_HOME: xdg, DENO_DIR: env.DENO_DIR };
  assert.equal(await chosen(["--allow-env"], noHome), `${xdg}/attn`);
});
