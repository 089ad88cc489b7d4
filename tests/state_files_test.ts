/**
 * The state directory's files through the commands users type (`deno task attn ...` with a
 * temporary HOME): special files never hang or flood attn (a FIFO, a link to /dev/zero, a huge
 * file), two processes keep each other's lesson progress, links never carry a save outside the
 * state directory, the Vulkan loader stays quiet whatever the state directory, stale temporary
 * files are swept, and a corrupt lessons.json is kept aside.
 *
 * A test of something that used to hang runs its child with a timeout (runAttn kills it), so a
 * regression fails instead of hanging the suite.
 */
import assert from "node:assert/strict";
import { denoDir, runAttn } from "./support/run_attn.ts";
import { makeTempHome } from "./support/state.ts";
import { gpuTest } from "./support/gpu.ts";
import { needs } from "./support/needs.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const HANG_MS = 30_000;

/** A temporary HOME with its state directory created, a private runtime dir, and cleanup. */
async function withHome(
  fn: (h: { home: string; state: string; env: Record<string, string> }) => Promise<void>,
): Promise<void> {
  const home = makeTempHome();
  const state = `${home}/.local/state/attn`;
  Deno.mkdirSync(state, { recursive: true, mode: 0o700 });
  const runtime = Deno.makeTempDirSync({ prefix: "attn-run-" });
  try {
    await fn({ home, state, env: { HOME: home, XDG_RUNTIME_DIR: runtime } });
  } finally {
    await Deno.remove(home, { recursive: true }).catch(() => {});
    await Deno.remove(runtime, { recursive: true }).catch(() => {});
  }
}

function mkfifo(path: string): void {
  const out = new Deno.Command("mkfifo", { args: [path] }).outputSync();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}

Deno.test({
  name: "a FIFO as tuning-*.json: GPU commands warn in one line instead of hanging",
  ...gpuTest,
  async fn() {
    await withHome(async ({ state, env }) => {
      const first = await runAttn(["device", "--json"], { env, timeoutMs: HANG_MS });
      assert.equal(first.code, 0, first.stderr);
      const tuning = [...Deno.readDirSync(state)].find((e) => /^tuning-.*\.json$/.test(e.name));
      assert.ok(tuning, "the first GPU command saved its matmul tuning");
      const path = `${state}/${tuning.name}`;
      Deno.removeSync(path);
      mkfifo(path);
      const run = await runAttn(["device"], { env, timeoutMs: HANG_MS });
      assert.ok(!run.timedOut, "device hung on the FIFO");
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /adapter/);
      assert.deepEqual(lines(run.stderr), [
        `attn: warning: ignoring ${path}: it is a named pipe (FIFO), not a regular file; the matmul kernels are measured in each process`,
      ]);
      assert.ok(Deno.lstatSync(path).isFifo, "the FIFO is left as it is");
    });
  },
});

Deno.test(
  "lessons.json as a FIFO: `lesson` warns in one line instead of hanging",
  opts,
  async () => {
    await withHome(async ({ state, env }) => {
      mkfifo(`${state}/lessons.json`);
      const run = await runAttn(["lesson", "--list", "--lang", "en"], { env, timeoutMs: HANG_MS });
      assert.ok(!run.timedOut, "lesson hung on the FIFO");
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /01-rnn-limits/);
      assert.deepEqual(lines(run.stderr), [
        `attn: warning: ignoring ${state}/lessons.json: it is a named pipe (FIFO), not a regular file; lesson progress is kept for this session only`,
      ]);
      assert.ok(Deno.lstatSync(`${state}/lessons.json`).isFifo);
    });
  },
);

Deno.test(
  "lessons.json as a link to /dev/zero: `lesson` warns in one line instead of filling memory",
  opts,
  async () => {
    await withHome(async ({ state, env }) => {
      Deno.symlinkSync("/dev/zero", `${state}/lessons.json`);
      const run = await runAttn(["lesson", "--list", "--lang", "en"], { env, timeoutMs: HANG_MS });
      assert.ok(!run.timedOut, "lesson kept reading /dev/zero");
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(lines(run.stderr), [
        `attn: warning: ignoring ${state}/lessons.json: it is a symbolic link, not a regular file; lesson progress is kept for this session only`,
      ]);
      assert.equal(Deno.readLinkSync(`${state}/lessons.json`), "/dev/zero", "the link is kept");
    });
  },
);

Deno.test(
  "a lessons.json over 256 KB is left alone (one warning) instead of rewritten at every step",
  opts,
  async () => {
    await withHome(async ({ state, env }) => {
      const path = `${state}/lessons.json`;
      const big = { "en/99-padding": { done: 0, steps: 1, updated: "x".repeat(1024 * 1024) } };
      Deno.writeTextFileSync(path, JSON.stringify(big));
      const before = Deno.statSync(path);
      const run = await runAttn(["lesson", "3", "--auto", "--lang", "en"], {
        env,
        timeoutMs: 120_000,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(lines(run.stderr), [
        `attn: warning: ignoring ${path}: it is 1 MB, more than the 256 KB attn reads there; lesson progress is kept for this session only`,
      ]);
      const after = Deno.statSync(path);
      assert.equal(after.ino, before.ino, "not replaced");
      assert.equal(after.mtime?.getTime(), before.mtime?.getTime(), "not rewritten");
    });
  },
);

Deno.test(
  "two lessons playing at once (two processes) both keep their progress",
  opts,
  async () => {
    await withHome(async ({ state, env }) => {
      const [en, ko] = await Promise.all([
        runAttn(["lesson", "3", "--auto", "--lang", "en"], { env, timeoutMs: 120_000 }),
        runAttn(["lesson", "3", "--auto", "--lang", "ko"], { env, timeoutMs: 120_000 }),
      ]);
      assert.equal(en.code, 0, en.stderr);
      assert.equal(ko.code, 0, ko.stderr);
      const saved = JSON.parse(Deno.readTextFileSync(`${state}/lessons.json`));
      for (const key of ["en/03-rnn-attention", "ko/03-rnn-attention"]) {
        assert.ok(saved[key], `${key} is kept: ${JSON.stringify(saved)}`);
        assert.equal(saved[key].done, saved[key].steps, `${key} is finished`);
      }
    });
  },
);

Deno.test(
  "export --out through a link in the state directory is refused; the file outside is intact",
  opts,
  async () => {
    await withHome(async ({ home, state, env }) => {
      const outside = `${home}/shipped`;
      Deno.mkdirSync(outside);
      const shipped = `${outside}/reverse-gru.safetensors`;
      Deno.copyFileSync("weights/reverse-gru.safetensors", shipped);
      const original = Deno.readFileSync(shipped);
      Deno.symlinkSync(outside, `${state}/w`);
      const out = `${state}/w/reverse-gru.safetensors`;
      const run = await runAttn([
        "export",
        "--model",
        "dates-gru",
        "--out",
        out,
        "--backend",
        "cpu",
      ], { env });
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.equal(
        run.stderr.trim(),
        `attn: --out ${out}: ${state}/w leads to ${
          Deno.realPathSync(outside)
        } through a symbolic link; attn may not write there (it writes only inside ${state})`,
      );
      assert.deepEqual(Deno.readFileSync(shipped), original, "the file outside is unchanged");
      // A link as the file itself: refused too (a save would replace the link, not follow it).
      Deno.symlinkSync(shipped, `${state}/link.safetensors`);
      const linked = await runAttn([
        "export",
        "--model",
        "dates-gru",
        "--out",
        `${state}/link.safetensors`,
        "--backend",
        "cpu",
      ], { env });
      assert.equal(linked.code, 2, linked.stdout + linked.stderr);
      assert.equal(
        linked.stderr.trim(),
        `attn: --out ${state}/link.safetensors: it is a symbolic link; give the path of the file it points to`,
      );
      assert.equal(Deno.readLinkSync(`${state}/link.safetensors`), shipped);
      // Inside the state directory, a save still works.
      const ok = await runAttn(
        ["export", "--model", "dates-gru", "--out", `${state}/d.safetensors`, "--backend", "cpu"],
        { env },
      );
      assert.equal(ok.code, 0, ok.stderr);
    });
  },
);

Deno.test({
  name:
    "GPU commands print no Vulkan-loader lines with XDG_STATE_HOME set, and keep the tuning in the granted state directory",
  ...gpuTest,
  async fn() {
    await withHome(async ({ state, env }) => {
      const xdg = Deno.makeTempDirSync({ prefix: "attn-xdg-" }); // not granted by the task
      try {
        const vars = { ...env, XDG_STATE_HOME: xdg, XDG_RUNTIME_DIR: "" };
        const run = await runAttn(["device"], { env: vars, timeoutMs: HANG_MS });
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stderr, "");
        const names = [...Deno.readDirSync(state)].map((e) => e.name);
        assert.ok(names.some((n) => /^tuning-.*\.json$/.test(n)), `tuning saved: ${names}`);
      } finally {
        Deno.removeSync(xdg, { recursive: true });
      }
    });
  },
});

Deno.test({
  name: "GPU commands print no Vulkan-loader lines when the state directory is unusable",
  ...gpuTest,
  async fn() {
    await withHome(async ({ state, env }) => {
      Deno.removeSync(state);
      Deno.writeTextFileSync(state, "a file where the state directory should be");
      const run = await runAttn(["device"], {
        env: { ...env, XDG_RUNTIME_DIR: "" },
        timeoutMs: HANG_MS,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, "");
      // A command that keeps state says once that it cannot.
      const listed = await runAttn(["lesson", "--list"], { env, timeoutMs: HANG_MS });
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(lines(listed.stderr), [
        `attn: warning: not using the state directory ${state}: it is a file, not a directory; history, lesson progress and kernel tuning are kept for this session only`,
      ]);
    });
  },
});

Deno.test(
  "attn's own stale temporary files are removed at start; fresh ones and others are kept",
  opts,
  async () => {
    await withHome(async ({ state, env }) => {
      Deno.mkdirSync(`${state}/models`);
      const stale = [
        ".lessons.json.tmp-123-abc",
        "history.tmp-456",
        "lessons.json.tmp-457",
        "tuning-0123abcd.json.789.tmp",
        "models/.mine.safetensors.tmp-42-zz",
      ];
      const kept = [".lessons.json.tmp-124-abd", "notes.tmp-1", "models/mine.safetensors"];
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
      for (const name of [...stale, ...kept]) {
        Deno.writeTextFileSync(`${state}/${name}`, "x");
        if (name !== kept[0]) Deno.utimeSync(`${state}/${name}`, twoHoursAgo, twoHoursAgo);
      }
      const run = await runAttn(["lesson", "--list"], { env });
      assert.equal(run.code, 0, run.stderr);
      for (const name of stale) {
        assert.throws(() => Deno.lstatSync(`${state}/${name}`), Deno.errors.NotFound, name);
      }
      for (const name of kept) assert.ok(Deno.lstatSync(`${state}/${name}`).isFile, name);
    });
  },
);

Deno.test(
  "a corrupt lessons.json is kept as lessons.json.corrupt-<time>, said in one line",
  opts,
  async () => {
    await withHome(async ({ state, env }) => {
      const corrupt = '{"en/01-rnn-limits": {"done": 2, "st';
      Deno.writeTextFileSync(`${state}/lessons.json`, corrupt);
      const run = await runAttn(["lesson", "--list", "--lang", "en"], { env });
      assert.equal(run.code, 0, run.stderr);
      const warning = lines(run.stderr);
      assert.equal(warning.length, 1, run.stderr);
      const aside = /kept it as (\S+) and started afresh$/.exec(warning[0])?.[1];
      assert.ok(aside, warning[0]);
      assert.equal(
        warning[0],
        `attn: warning: ${state}/lessons.json was not a lesson progress file; kept it as ${aside} and started afresh`,
      );
      assert.match(aside, /lessons\.json\.corrupt-\d{8}T\d{6}Z$/);
      assert.equal(Deno.readTextFileSync(aside), corrupt, "the corrupt file is kept whole");
    });
  },
);

Deno.test({
  name: "save failures of another kind after the first warning are reported too (full disk)",
  ...opts,
  ignore: !needs.unshare,
  async fn() {
    await withHome(async ({ home, state }) => {
      // A 64 KB tmpfs as the state directory, in a private mount namespace, filled up.
      const deno = Deno.execPath();
      const flags = `--no-prompt --allow-read=.,${state} --allow-write=${state} --allow-env`;
      const script = [
        `mount -t tmpfs -o size=64k tmpfs ${state} || exit 10`,
        `printf 'not json' > ${state}/lessons.json`,
        `dd if=/dev/zero of=${state}/fill bs=4k count=64 2>/dev/null`,
        `${deno} run ${flags} main.ts lesson 3 --auto --lang en --backend cpu > /dev/null`,
        `echo "code=$?" >&2`,
      ].join("\n");
      const out = await new Deno.Command("unshare", {
        args: ["-rm", "sh", "-c", script],
        cwd: new URL("../", import.meta.url).pathname,
        env: {
          NO_COLOR: "1",
          HOME: home,
          XDG_STATE_HOME: "",
          XDG_RUNTIME_DIR: home,
          DENO_DIR: denoDir(),
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      const about = lines(stderr).filter((l) =>
        l.includes("lessons.json") || l.startsWith("code=")
      );
      assert.equal(about.length, 3, stderr);
      assert.match(
        about[0],
        /^attn: warning: .*lessons\.json was not a lesson progress file; kept it as .*lessons\.json\.corrupt-\S+ and started afresh$/,
      );
      assert.equal(
        about[1],
        `attn: warning: cannot save lesson progress to ${state}/lessons.json: the disk is full (no space left on device); it is kept for this session only`,
      );
      assert.equal(about[2], "code=0");
    });
  },
});
