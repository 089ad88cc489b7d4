/**
 * A private state directory for a test, so the suite never reads or writes the user's real
 * ~/.local/state/attn (history, lesson progress, kernel tuning, exported models).
 *
 * Every test file already runs with a private temporary HOME and XDG_STATE_HOME
 * (tests/support/private_state.ts, imported here). A test that writes state gets one of its
 * own, empty and not shared with the file's other tests: `await withTempState(async (dir) =>
 * { ... })` points XDG_STATE_HOME at a fresh directory for the duration of fn (`dir` is the
 * `attn` directory inside it, which attn's stateDir() then returns) and restores every variable
 * it changed, even when fn throws. Child processes (tests/support/run_attn.ts) get a temporary
 * HOME instead (`withTempHome`), because the task permissions grant exactly
 * `$HOME/.local/state/attn`.
 */
import "./private_state.ts";

/** Sets env variables for the duration of fn and restores their previous values (or absence). */
export async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T> | T,
): Promise<T> {
  const before = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(vars)) {
    before.set(name, Deno.env.get(name));
    if (value === undefined) Deno.env.delete(name);
    else Deno.env.set(name, value);
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of before) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  }
}

/**
 * Runs fn with XDG_STATE_HOME at a new temporary directory (removed afterwards). fn receives
 * the directory attn will use, `${XDG_STATE_HOME}/attn` (not created yet).
 */
export async function withTempState<T>(fn: (attnStateDir: string) => Promise<T> | T): Promise<T> {
  const xdg = await Deno.makeTempDir({ prefix: "attn-state-" });
  try {
    return await withEnv({ XDG_STATE_HOME: xdg }, () => fn(`${xdg}/attn`));
  } finally {
    await Deno.remove(xdg, { recursive: true }).catch(() => {});
  }
}

/** A fresh temporary HOME for a child process (the caller removes it). */
export function makeTempHome(): string {
  return Deno.makeTempDirSync({ prefix: "attn-home-" });
}

/** Runs fn with a fresh temporary HOME directory (for child processes), removed afterwards. */
export async function withTempHome<T>(fn: (home: string) => Promise<T> | T): Promise<T> {
  const home = makeTempHome();
  try {
    return await fn(home);
  } finally {
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
}

/**
 * Runs fn with a fresh temporary HOME and its attn state directory `dir` created (both removed
 * afterwards): `deno task attn` may write only there, so a test's model files go in `dir`.
 */
export async function withTaskHome<T>(
  fn: (home: string, dir: string) => Promise<T>,
): Promise<T> {
  return await withTempHome(async (home) => {
    const dir = `${home}/.local/state/attn`;
    await Deno.mkdir(dir, { recursive: true });
    return await fn(home, dir);
  });
}
