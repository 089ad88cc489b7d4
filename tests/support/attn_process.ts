/**
 * attn as a child process that a test watches while it runs: how much memory it took at
 * its peak (/proc/PID/status VmHWM), how many bytes it has read (/proc/PID/io rchar), and,
 * for the REPL fed by a script on stdin, commands sent one at a time with the test waiting
 * for their output, and Ctrl-C (SIGINT) at a chosen moment. Same flags and environment as
 * run_attn.ts (the deno.json task's permissions). Linux only (/proc).
 */
import { attnCommand, type AttnRun } from "./run_attn.ts";

/** A finished run with what it cost. */
export interface MeasuredRun extends AttnRun {
  /** Peak resident memory of the attn process, bytes. */
  peakRssBytes: number;
  /** Wall time from spawn to exit, ms. */
  ms: number;
}

/** What /proc says about a process: memory and bytes read. */
export interface ProcSample {
  /** Peak resident memory so far (VmHWM), bytes. */
  peakRss: number;
  /** Resident memory now (VmRSS), bytes. */
  rss: number;
  /** Bytes read so far, files and pipes (rchar). */
  read: number;
}

/**
 * Samples /proc/PID/{status,io} about every 10 ms until the process is gone. Deno's test
 * permissions do not open /proc to the test itself, so a small shell loop reads it.
 */
export class ProcWatch {
  /** The latest sample (zeros before the first). */
  latest: ProcSample = { peakRss: 0, rss: 0, read: 0 };
  readonly #child: Deno.ChildProcess;
  readonly #done: Promise<void>;

  private constructor(pid: number) {
    const loop = "while [ -e /proc/$0 ]; do cat /proc/$0/status /proc/$0/io 2>/dev/null | " +
      'grep -E "^(VmHWM|VmRSS|rchar):"; echo .; sleep 0.01; done';
    this.#child = new Deno.Command("sh", {
      args: ["-c", loop, String(pid)],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    this.#done = this.#read();
  }

  /** Starts watching `pid`. */
  static start(pid: number): ProcWatch {
    return new ProcWatch(pid);
  }

  async #read(): Promise<void> {
    let buffered = "";
    let sample: ProcSample = { ...this.latest };
    for await (const text of this.#child.stdout.pipeThrough(new TextDecoderStream())) {
      buffered += text;
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const match = /^(\w+):\s+(\d+)/.exec(line);
        if (line === ".") {
          this.latest = { ...sample, peakRss: Math.max(sample.peakRss, this.latest.peakRss) };
          sample = { ...this.latest };
        } else if (match) {
          const value = Number(match[2]);
          if (match[1] === "VmHWM") sample.peakRss = value * 1024; // kB
          else if (match[1] === "VmRSS") sample.rss = value * 1024;
          else sample.read = value;
        }
      }
    }
  }

  /** Waits for the next complete sample; throws once the process is gone. */
  async next(): Promise<ProcSample> {
    const before = this.latest;
    let ended = false;
    this.#done.then(() => (ended = true));
    while (this.latest === before) {
      if (ended) throw new Error("the watched process is gone");
      await new Promise((r) => setTimeout(r, 2));
    }
    return this.latest;
  }

  /** Stops watching (the loop also ends by itself when the process is gone). */
  async stop(): Promise<void> {
    try {
      this.#child.kill();
    } catch {
      // already ended
    }
    await this.#done;
    await this.#child.status;
  }
}

/** Runs `deno task attn <args>` like runAttn, sampling its peak memory until it exits. */
export async function runAttnMeasured(
  args: string[],
  options: { env?: Record<string, string> } = {},
): Promise<MeasuredRun> {
  const started = performance.now();
  const child = attnCommand(args, { env: options.env }).spawn();
  const watch = ProcWatch.start(child.pid);
  const out = await child.output();
  await watch.stop();
  if (watch.latest.peakRss === 0) throw new Error("no /proc sample of attn was taken");
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
    timedOut: false,
    peakRssBytes: watch.latest.peakRss,
    ms: performance.now() - started,
  };
}

/**
 * attn running as a child, fed on stdin: the REPL reading a script (`task: "start"`, no
 * arguments) or a one-liner (`task: "attn"` with arguments). Output is collected as it
 * comes, so a test can wait for a line before it sends the next command or a signal.
 */
export class AttnChild {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  #stdout = "";
  #stderr = "";
  readonly #pumps: Promise<void>[];
  readonly status: Promise<Deno.CommandStatus>;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#pumps = [
      pump(child.stdout, (text) => (this.#stdout += text)),
      pump(child.stderr, (text) => (this.#stderr += text)),
    ];
    this.status = child.status;
  }

  /** Starts attn: the REPL on a script (no args, task "start") or a one-liner. */
  static start(
    args: string[] = [],
    options: { env?: Record<string, string>; task?: "attn" | "start" } = {},
  ): AttnChild {
    const command = attnCommand(args, { ...options, task: options.task ?? "start", stdin: true });
    return new AttnChild(command.spawn());
  }

  get pid(): number {
    return this.#child.pid;
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Sends one line (a command) on stdin. */
  async send(line: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(`${line}\n`));
  }

  /** Waits until `test` holds (polled every 10 ms); throws with the output after `timeoutMs`. */
  async waitFor(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
    const deadline = performance.now() + timeoutMs;
    while (!(await test())) {
      if (performance.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}; stdout:\n${this.#stdout}\nstderr:\n${this.#stderr}`,
        );
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Sends SIGINT (what Ctrl-C sends). */
  interrupt(): void {
    this.#child.kill("SIGINT");
  }

  /** Closes stdin (end of the script) and waits for the exit; returns the exit code. */
  async finish(): Promise<number> {
    await this.#writer.close().catch(() => {});
    const { code } = await this.status;
    await Promise.all(this.#pumps);
    return code;
  }

  /** Kills the child if it still runs (for finally blocks). */
  async kill(): Promise<void> {
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await this.#writer.close().catch(() => {});
    await this.status;
    await Promise.all(this.#pumps);
  }
}

async function pump(stream: ReadableStream<Uint8Array>, take: (text: string) => void) {
  for await (const text of stream.pipeThrough(new TextDecoderStream())) take(text);
}
