/**
 * Runs attn as a user would through `deno task attn` / `deno task start`:
 * the same permission flags (read from deno.json), a child process, and
 * captured output. The deno binary is the one running the tests.
 */
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

/** Runs `deno task attn <args>` (or the REPL with stdin when task is "start"). */
export async function runAttn(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; task?: "attn" | "start" } = {},
): Promise<AttnRun> {
  const env = { NO_COLOR: "1", XDG_STATE_HOME: "", DENO_DIR: denoDir(), ...options.env };
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
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** The test process's Deno cache, so a child with another HOME reuses it instead of downloading. */
function denoDir(): string {
  const explicit = Deno.env.get("DENO_DIR");
  if (explicit) return explicit;
  const cacheHome = Deno.env.get("XDG_CACHE_HOME") || `${Deno.env.get("HOME")}/.cache`;
  return `${cacheHome}/deno`;
}
