/**
 * Runs attn as a user would through `deno task attn` / `deno task start`:
 * the same permission flags (read from deno.json), a child process, and
 * captured output. The deno binary is the one running the tests.
 *
 * The child gets a fresh temporary HOME (removed afterwards) unless the test passes HOME, so
 * it never reads or writes the user's real ~/.local/state/attn; DENO_DIR keeps pointing at the
 * test process's cache, so nothing is downloaded.
 */
import "./private_state.ts";
import { denoDir } from "./child_env.ts";
import { makeTempHome } from "./state.ts";

export interface AttnRun {
  code: number;
  stdout: string;
  stderr: string;
}

const root = new URL("../../", import.meta.url).pathname;

/** The `deno run ...` flags of a deno.json task, with $HOME expanded. */
export function taskFlags(task: "attn" | "start", env: Record<string, string> = {}): string[] {
  const config = JSON.parse(Deno.readTextFileSync(`${root}deno.json`));
  const words = (config.tasks[task] as string).split(/\s+/);
  const home = env.HOME ?? Deno.env.get("HOME") ?? "";
  return words
    .slice(2, words.indexOf("main.ts"))
    .map((w) => w.replaceAll("$HOME", home));
}

/**
 * Runs `deno task attn <args>` (or the REPL with stdin when task is "start"). Without
 * `env.HOME` the child's HOME is a new temporary directory, removed when it exits.
 */
export async function runAttn(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; task?: "attn" | "start" } = {},
): Promise<AttnRun> {
  const ownHome = options.env?.HOME === undefined ? makeTempHome() : null;
  // XDG_STATE_HOME is cleared: the task grants $HOME/.local/state/attn, which is where a
  // user's attn keeps its state.
  const env = {
    NO_COLOR: "1",
    XDG_STATE_HOME: "",
    DENO_DIR: denoDir(),
    ...(ownHome ? { HOME: ownHome } : {}),
    ...options.env,
  };
  try {
    const command = new Deno.Command(Deno.execPath(), {
      args: ["run", ...taskFlags(options.task ?? "attn", env), "main.ts", ...args],
      cwd: root,
      env,
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    });
    const child = command.spawn();
    if (options.stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(options.stdin));
      await writer.close();
    }
    const out = await child.output();
    const decoder = new TextDecoder();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
    };
  } finally {
    if (ownHome) await Deno.remove(ownHome, { recursive: true }).catch(() => {});
  }
}
