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
import { taskCommand } from "./deno_tasks.ts";

export { denoDir };

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

/** The deno.json tasks that run attn's main.ts. */
export type AttnTask = "attn" | "start" | "train:all";

/** A deno.json task's words (its `deno task run` resolved) with $HOME expanded. */
function taskWords(task: AttnTask, env: Record<string, string>): string[] {
  const home = env.HOME ?? Deno.env.get("HOME") ?? "";
  return shellWords(taskCommand(task), { HOME: home });
}

/** The `deno run ...` flags of a deno.json task, with $HOME expanded. */
export function taskFlags(task: AttnTask, env: Record<string, string> = {}): string[] {
  const words = taskWords(task, env);
  return words.slice(2, words.indexOf("main.ts"));
}

/** The words a task passes to main.ts itself (`train --all` for train:all, none for attn). */
export function taskArgs(task: AttnTask): string[] {
  const words = taskWords(task, {});
  return words.slice(words.indexOf("main.ts") + 1);
}

/** How to start attn: its environment, stdin for the REPL, which deno.json task. */
export interface AttnOptions {
  env?: Record<string, string>;
  stdin?: string;
  task?: AttnTask;
  /**
   * Close the reading end of attn's stdout before attn writes anything, as `| head -0`
   * would: attn's writes then fail with a broken pipe. stdout comes back empty.
   */
  closeStdout?: boolean;
  /**
   * Kill the child (SIGKILL) when it runs longer, and say `timedOut`: a test of something that
   * used to hang fails instead of hanging the suite.
   */
  timeoutMs?: number;
}

/**
 * The `deno run ...` command of `deno task attn <args>` (or `deno task start`, or `deno task
 * train:all <args>`), all three streams piped (stdin "null" unless `stdin` is wanted), for tests
 * that drive the child themselves (signals, partial reads).
 */
export function attnCommand(
  args: string[],
  options: Omit<AttnOptions, "stdin" | "closeStdout" | "timeoutMs"> & { stdin?: boolean } = {},
): Deno.Command {
  const env = { NO_COLOR: "1", XDG_STATE_HOME: "", DENO_DIR: denoDir(), ...options.env };
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...taskFlags(options.task ?? "attn", env),
      "main.ts",
      ...taskArgs(options.task ?? "attn"),
      ...args,
    ],
    cwd: root,
    env,
    stdin: options.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  });
}

/**
 * Runs `deno task attn <args>` (or the REPL with stdin when task is "start", or `deno task
 * train:all <args>`). Without
 * `env.HOME` the child's HOME is a new temporary directory, removed when it exits.
 */
export async function runAttn(args: string[], options: AttnOptions = {}): Promise<AttnRun> {
  const ownHome = options.env?.HOME === undefined ? makeTempHome() : null;
  const env = ownHome ? { ...options.env, HOME: ownHome } : options.env;
  try {
    return await runChild(args, { ...options, env });
  } finally {
    if (ownHome) await Deno.remove(ownHome, { recursive: true }).catch(() => {});
  }
}

async function runChild(args: string[], options: AttnOptions): Promise<AttnRun> {
  const child = attnCommand(args, { ...options, stdin: options.stdin !== undefined }).spawn();
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
    return { code, stdout, stderr, timedOut };
  } finally {
    clearTimeout(timer);
  }
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

/** A running `deno task attn ...` child that a test can watch and send signals to. */
export interface AttnChild {
  /** Resolves once `stream` has shown text matching `pattern`; rejects after `timeoutMs`. */
  waitFor(
    pattern: RegExp,
    options?: { stream?: "stdout" | "stderr"; timeoutMs?: number },
  ): Promise<void>;
  /** Sends a signal to the child. */
  kill(signal: Deno.Signal): void;
  /** Stops reading the child's stdout and stderr, as a closed terminal does: its writes then fail. */
  closeOutput(): Promise<void>;
  /** The outcome, with the moment (performance.now()) the child ended and the signal that killed it. */
  done: Promise<AttnRun & { signal: Deno.Signal | null; endedAt: number }>;
}

/** Spawns `deno task attn <args>` (no stdin) and collects its output while it runs. */
export function spawnAttn(
  args: string[],
  options: { env?: Record<string, string> } = {},
): AttnChild {
  const child = attnCommand(args, options).spawn();
  const text = { stdout: "", stderr: "" };
  const listeners = new Set<() => void>();
  const readers = {
    stdout: child.stdout.pipeThrough(new TextDecoderStream()).getReader(),
    stderr: child.stderr.pipeThrough(new TextDecoderStream()).getReader(),
  };
  const pump = async (name: "stdout" | "stderr") => {
    try {
      for (;;) {
        const { value, done } = await readers[name].read();
        if (done) return;
        text[name] += value;
        for (const l of listeners) l();
      }
    } catch {
      // cancelled by closeOutput
    }
  };
  const pumped = Promise.all([pump("stdout"), pump("stderr")]);
  const done = (async () => {
    const status = await child.status;
    const endedAt = performance.now();
    await pumped;
    return { code: status.code, signal: status.signal, endedAt, timedOut: false, ...text };
  })();
  return {
    waitFor(pattern, { stream = "stderr", timeoutMs = 60_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text[stream])) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} on ${stream} within ${timeoutMs} ms:\n${text[stream]}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        done.then(() => {
          if (!listeners.has(check)) return;
          cleanup();
          if (pattern.test(text[stream])) resolve();
          else {reject(
              new Error(`the child ended without ${pattern} on ${stream}:\n${text[stream]}`),
            );}
        });
        check();
      });
    },
    kill(signal) {
      child.kill(signal);
    },
    async closeOutput() {
      await Promise.all([readers.stdout.cancel(), readers.stderr.cancel()]);
    },
    done,
  };
}
