/**
 * Runs attn as a user would through `deno task attn` / `deno task start`:
 * the same permission flags (read from deno.json), a child process, and
 * captured output. The deno binary is the one running the tests.
 */
export interface AttnRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The child was still running after `timeoutMs` and was killed. */
  timedOut: boolean;
}

const root = new URL("../../", import.meta.url).pathname;

/**
 * The words of a task command as deno task's shell reads them: split at unquoted white space,
 * with `$NAME` expanded from `vars` outside single quotes and the quotes removed.
 */
export function shellWords(command: string, vars: Record<string, string> = {}): string[] {
  const words: string[] = [];
  for (const match of command.matchAll(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g)) {
    words.push(
      match[0].replace(
        /"([^"]*)"|'([^']*)'|([^"']+)/g,
        (_all, double, single, bare) =>
          single !== undefined
            ? single
            : (double ?? bare).replace(/\$(\w+)/g, (_: string, name: string) => vars[name] ?? ""),
      ),
    );
  }
  return words;
}

/** The `deno run ...` flags of a deno.json task, with $HOME expanded. */
export function taskFlags(task: "attn" | "start", env: Record<string, string> = {}): string[] {
  const config = JSON.parse(Deno.readTextFileSync(`${root}deno.json`));
  const home = env.HOME ?? Deno.env.get("HOME") ?? "";
  const words = shellWords(config.tasks[task] as string, { HOME: home });
  return words.slice(2, words.indexOf("main.ts"));
}

/**
 * Runs `deno task attn <args>` (or the REPL with stdin when task is "start"). With `timeoutMs`
 * the child is killed (SIGKILL) when it runs longer, and the result says `timedOut`: a test of
 * something that used to hang fails instead of hanging the suite.
 */
export async function runAttn(
  args: string[],
  options: {
    env?: Record<string, string>;
    stdin?: string;
    task?: "attn" | "start";
    timeoutMs?: number;
  } = {},
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
  let timedOut = false;
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }, options.timeoutMs);
  try {
    if (options.stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(options.stdin)).catch(() => {});
      await writer.close().catch(() => {});
    }
    const out = await child.output();
    const decoder = new TextDecoder();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
      timedOut,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The test process's Deno cache, so a child with another HOME reuses it instead of downloading. */
export function denoDir(): string {
  const explicit = Deno.env.get("DENO_DIR");
  if (explicit) return explicit;
  const cacheHome = Deno.env.get("XDG_CACHE_HOME") || `${Deno.env.get("HOME")}/.cache`;
  return `${cacheHome}/deno`;
}
