/**
 * Gives the whole test process a private home: from the moment this module loads until the test
 * file ends, HOME is a fresh temporary directory and XDG_STATE_HOME is `$HOME/.local/state`
 * inside it, so nothing a test does in-process (WebGPU's matmul tuning file, lesson progress,
 * REPL history, a lesson's `--out ~/.local/state/attn/...`) reads or writes the user's real
 * ~/.local/state/attn. DENO_DIR is pinned to the user's Deno cache first, so child processes
 * keep using it instead of downloading into the temporary HOME.
 *
 * `deno task test` preloads this module (`--preload`), which covers every file of the suite;
 * tests/support/state.ts, gpu.ts, backends.ts and run_attn.ts import it too, so a file run alone
 * (`deno test tests/x/y_test.ts`) gets the same isolation. Deno runs each test file in its own
 * worker, so this runs once per file; on unload it restores the variables and removes the
 * directory.
 */
import { denoDir } from "./child_env.ts";

const changed = ["HOME", "XDG_STATE_HOME", "DENO_DIR"];
const previous = new Map(changed.map((name) => [name, Deno.env.get(name)]));

/** This file's private HOME. */
export const privateHome: string = Deno.makeTempDirSync({ prefix: "attn-test-home-" });

/** This file's private XDG_STATE_HOME (attn's state dir is `${privateStateHome}/attn`). */
export const privateStateHome = `${privateHome}/.local/state`;

Deno.env.set("DENO_DIR", denoDir()); // before HOME changes: the default cache is under HOME
Deno.env.set("HOME", privateHome);
Deno.env.set("XDG_STATE_HOME", privateStateHome);
// The lessons write `--out ~/.local/state/attn/...`; a test that points XDG_STATE_HOME elsewhere
// (tests/lessons/play_lessons_test.ts) still needs that directory, as a user who ran attn has it.
Deno.mkdirSync(`${privateStateHome}/attn`, { recursive: true, mode: 0o700 });

globalThis.addEventListener("unload", () => {
  for (const [name, value] of previous) {
    if (value === undefined) Deno.env.delete(name);
    else Deno.env.set(name, value);
  }
  try {
    Deno.removeSync(privateHome, { recursive: true });
  } catch {
    // already gone
  }
});
