/**
 * Tools some tests need beyond Deno: each is probed once when this module loads, and a test
 * that needs a missing one is reported as *ignored* (`Deno.test({ ignore: !needs.torch, ... })`),
 * never as passed. `.ci/run` installs all of them, so CI ignores nothing.
 */

async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(command, { args, stdout: "null", stderr: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** Debian's python3 (not a pyenv shim) with the packages the comparisons import. */
export const python = "/usr/bin/python3";

/** True when python can find the module; find_spec does not import it (torch takes ~1.5 s). */
function hasModule(name: string): Promise<boolean> {
  const script =
    `import importlib.util, sys; sys.exit(importlib.util.find_spec("${name}") is None)`;
  return succeeds(python, ["-c", script]);
}

/** Debian's Chromium (apt package chromium), for opening the HTML figures headless. */
export const chromiumPath = "/usr/bin/chromium";

/** True when `path` is a file (no process started: `chromium --version` takes a while). */
async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

const [torch, numpy, tmux, unshare, chromium] = await Promise.all([
  hasModule("torch"),
  hasModule("numpy"),
  succeeds("tmux", ["-V"]),
  succeeds("unshare", ["-rm", "true"]),
  isFile(chromiumPath),
]);

/** Which optional tools this machine has. */
export const needs = { torch, numpy, tmux, unshare, chromium } as const;
