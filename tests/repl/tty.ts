/**
 * A pseudo-terminal for end-to-end REPL tests: runs a command inside a
 * private tmux server (its own socket, so tests never touch the user's
 * sessions), types keys into it and reads the screen back. startRepl and
 * withRepl start the attn> REPL in one the way a user does.
 */
import { denoDir, taskFlags } from "../support/run_attn.ts";
import { withTempHome } from "../support/state.ts";

const decoder = new TextDecoder();
const root = new URL("../../", import.meta.url).pathname;

/** A terminal of `columns` x `rows` running one command. */
export class Tty {
  readonly #socket: string;
  readonly #session = "attn";

  private constructor(socket: string) {
    this.#socket = socket;
  }

  /** Starts `argv` (a program and its arguments) with `env` in `cwd`. */
  static async start(
    argv: string[],
    options: { env: Record<string, string>; cwd: string; columns?: number; rows?: number },
  ): Promise<Tty> {
    const tty = new Tty(`attn-test-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`);
    const env = Object.entries(options.env).map(([k, v]) => `${k}=${quote(v)}`).join(" ");
    // After the program ends, its exit code stays on screen for the test to read.
    const script = `env ${env} ${argv.map(quote).join(" ")}; echo "[exited $?]"; sleep 600`;
    await tty.#tmux([
      "new-session",
      "-d",
      "-s",
      tty.#session,
      "-x",
      String(options.columns ?? 120),
      "-y",
      String(options.rows ?? 40),
      "-c",
      options.cwd,
      script,
    ]);
    return tty;
  }

  /** Types text literally (Korean included). */
  async type(text: string): Promise<void> {
    await this.#tmux(["send-keys", "-t", this.#session, "-l", text]);
  }

  /** Presses keys by tmux name: "Enter", "Tab", "Up", "C-c", "C-d". */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.#tmux(["send-keys", "-t", this.#session, key]);
      await delay(60); // readline handles each key before the next arrives
    }
  }

  /** Resizes the terminal, as a user dragging the window's edge does (the program gets SIGWINCH). */
  async resize(columns: number, rows = 40): Promise<void> {
    await this.#tmux([
      "resize-window",
      "-t",
      this.#session,
      "-x",
      String(columns),
      "-y",
      String(rows),
    ]);
  }

  /** The visible screen plus scrollback, as plain text (no escape codes). */
  async screen(): Promise<string> {
    return await this.#tmux(["capture-pane", "-p", "-J", "-S", "-2000", "-t", this.#session]);
  }

  /** The screen plus scrollback with the colors it shows, as SGR escape codes (capture-pane -e). */
  async screenWithEscapes(): Promise<string> {
    return await this.#tmux(["capture-pane", "-e", "-p", "-J", "-S", "-2000", "-t", this.#session]);
  }

  /** Waits until the screen matches `pattern`; throws with the screen after `timeoutMs`. */
  async waitFor(
    pattern: RegExp | ((screen: string) => boolean),
    timeoutMs = 20000,
  ): Promise<string> {
    const test = typeof pattern === "function" ? pattern : (s: string) => pattern.test(s);
    const deadline = Date.now() + timeoutMs;
    let screen = "";
    while (Date.now() < deadline) {
      screen = await this.screen();
      if (test(screen)) return screen;
      await delay(50);
    }
    throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen}`);
  }

  /**
   * The process id of the program started in the terminal (the pane's shell runs it as its
   * child), e.g. to watch what it reads in /proc.
   */
  async programPid(): Promise<number> {
    const shell = (await this.#tmux(["list-panes", "-t", this.#session, "-F", "#{pane_pid}"]))
      .trim();
    // Deno's test permissions keep /proc closed to the test itself: cat reads it.
    const out = await new Deno.Command("cat", {
      args: [`/proc/${shell}/task/${shell}/children`],
      stdout: "piped",
    }).output();
    const pid = Number(decoder.decode(out.stdout).trim().split(/\s+/)[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no program under pane ${shell}`);
    return pid;
  }

  /**
   * Writes `bytes` to the terminal itself, as another process sharing it does (Deno's download
   * progress bar on a first start): the program in the pane does not see them.
   */
  async writeToTerminal(bytes: string): Promise<void> {
    const tty = (await this.#tmux(["display-message", "-p", "-t", this.#session, "#{pane_tty}"]))
      .trim();
    // A device file needs --allow-all in Deno's eyes: a child process writes it.
    const child = new Deno.Command("sh", {
      args: ["-c", 'cat >> "$1"', "sh", tty],
      stdin: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(bytes));
    await writer.close();
    await child.status;
  }

  /**
   * Copies everything the program writes to the terminal, escape codes included and before tmux
   * interprets them, to `file` (tmux pipe-pane): what a terminal outside tmux would receive.
   */
  async recordOutput(file: string): Promise<void> {
    await this.#tmux(["pipe-pane", "-o", "-t", this.#session, `cat >> ${quote(file)}`]);
  }

  /** Ends the tmux server and everything in it. */
  async close(): Promise<void> {
    try {
      await this.#tmux(["kill-server"]);
    } catch {
      // already gone
    }
  }

  async #tmux(args: string[]): Promise<string> {
    const out = await new Deno.Command("tmux", {
      args: ["-L", this.#socket, "-f", "/dev/null", ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(`tmux ${args[0]} failed: ${decoder.decode(out.stderr)}`);
    return decoder.decode(out.stdout);
  }
}

/**
 * `deno task start` (its permission flags) in a terminal with HOME at `home`, so the state
 * directory is there, and `env` added (e.g. LANG); resolves once the prompt shows.
 */
/**
 * The environment of attn in a test terminal: HOME at `home` (the state directory there), a
 * private XDG_RUNTIME_DIR, the test run's Deno cache, a 256-colour TERM, and `env` added.
 */
export function terminalEnv(
  home: string,
  env: Record<string, string> = {},
): Record<string, string> {
  const runtime = `${home}/xdg-runtime`;
  Deno.mkdirSync(runtime, { recursive: true, mode: 0o700 });
  return {
    HOME: home,
    XDG_STATE_HOME: "",
    XDG_RUNTIME_DIR: runtime,
    DENO_DIR: denoDir(),
    TERM: "xterm-256color",
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    ...env,
  };
}

export async function startRepl(
  home: string,
  env: Record<string, string> = {},
  columns = 120,
): Promise<Tty> {
  const childEnv = terminalEnv(home, env);
  const tty = await Tty.start(
    [Deno.execPath(), "run", ...taskFlags("start", childEnv), "main.ts"],
    { env: childEnv, cwd: root, columns },
  );
  try {
    await tty.waitFor(/^attn> ?$/m, 30000);
  } catch (e) {
    await tty.close();
    throw e;
  }
  return tty;
}

/**
 * Runs fn on the REPL (startRepl) with a fresh temporary HOME and `env` added, then closes the
 * terminal and removes HOME.
 */
export async function withRepl(
  fn: (tty: Tty, home: string) => Promise<void>,
  env: Record<string, string> = {},
  columns = 120,
): Promise<void> {
  await withTempHome(async (home) => {
    const tty = await startRepl(home, env, columns);
    try {
      await fn(tty, home);
    } finally {
      await tty.close();
    }
  });
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
