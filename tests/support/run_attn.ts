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

/** How to start attn: its environment, stdin for the REPL, which deno.json task. */
export interface AttnOptions {
  env?: Record<string, string>;
  stdin?: string;
  task?: "attn" | "start";
  /**
   * Close the reading end of attn's stdout before attn writes anything, as `| head -0`
   * would: attn's writes then fail with a broken pipe. stdout comes back empty.
   */
  closeStdout?: boolean;
}

/**
 * The `deno run ...` command of `deno task attn <args>` (or `deno task start`), all three
 * streams piped (stdin "null" unless `stdin` is wanted), for tests that drive the child
 * themselves (signals, partial reads).
 */
export function attnCommand(
  args: string[],
  options: Omit<AttnOptions, "stdin" | "closeStdout"> & { stdin?: boolean } = {},
): Deno.Command {
  const env = { NO_COLOR: "1", XDG_STATE_HOME: "", DENO_DIR: denoDir(), ...options.env };
  return new Deno.Command(Deno.execPath(), {
    args: ["run", ...taskFlags(options.task ?? "attn", env), "main.ts", ...args],
    cwd: root,
    env,
    stdin: options.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/** Runs `deno task attn <args>` (or the REPL with stdin when task is "start"). */
export async function runAttn(args: string[], options: AttnOptions = {}): Promise<AttnRun> {
  const child = attnCommand(args, { ...options, stdin: options.stdin !== undefined }).spawn();
  if (options.closeStdout) await child.stdout.cancel();
  const writing = options.stdin === undefined
    ? Promise.resolve()
    : writeStdin(child, options.stdin);
  const [stdout, stderr] = await Promise.all([
    options.closeStdout ? "" : new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  const { code } = await child.status;
  await writing;
  return { code, stdout, stderr };
}

/** Writes `text` to the child's stdin and closes it; a child that left early is not an error. */
async function writeStdin(child: Deno.ChildProcess, text: string): Promise<void> {
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(text));
    await writer.close();
  } catch (e) {
    if (!(e instanceof Deno.errors.BrokenPipe)) throw e;
  }
}

/** The test process's Deno cache, so a child with another HOME reuses it instead of downloading. */
function denoDir(): string {
  const explicit = Deno.env.get("DENO_DIR");
  if (explicit) return explicit;
  const cacheHome = Deno.env.get("XDG_CACHE_HOME") || `${Deno.env.get("HOME")}/.cache`;
  return `${cacheHome}/deno`;
}
