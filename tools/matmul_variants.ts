/**
 * Times the engine's matmul kernel variants against each other on the bench's matmul cases, in
 * one process, rounds interleaved (every case with blocked, then wide, ...; again), and prints per
 * variant the median over rounds of two rates:
 * - wall GFLOP/s (what a user gets on this machine now, other processes included);
 * - GFLOP per CPU-second of this process (user + system time, all threads): the work the
 *   kernel needs, which other processes sharing the cores change much less than wall time.
 *   With llvmpipe's threads all busy it is about wall GFLOP/s divided by the cores used.
 * The A/B tool behind docs/LLVMPIPE.md; `deno task bench:matmul` is the benchmark users run.
 *
 * Usage:
 *   export XDG_RUNTIME_DIR=$(mktemp -d)
 *   deno run --allow-read --allow-env --allow-sys tools/matmul_variants.ts \
 *     [--rounds 3] [--variants blocked,wide] [--cases "matmul 512,ffn"]
 */

import process from "node:process";
import { openBackend } from "../src/engine/open_backend.ts";
import { MATMUL_CASES } from "../src/bench/matmul_suite.ts";
import {
  MATMUL_VARIANTS,
  type MatmulVariant,
  setMatmulOverride,
} from "../src/engine/webgpu/matmul_tuning.ts";
import { measureOp } from "../src/measure/measure_op.ts";

function argValue(name: string, fallback: string): string {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : fallback;
}

/** CPU milliseconds this process has used so far, all threads (llvmpipe's included). */
function cpuMs(): number {
  const { user, system } = process.cpuUsage(); // microseconds
  return (user + system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rounds = Number(argValue("--rounds", "3"));
const variants = argValue("--variants", "blocked,wide").split(",") as MatmulVariant[];
for (const v of variants) {
  if (!MATMUL_VARIANTS.includes(v)) {
    throw new Error(`expected variants among ${MATMUL_VARIANTS.join(", ")}, got ${v}`);
  }
}
const prefixes = argValue("--cases", "").split(",").filter((s) => s !== "");
const cases = MATMUL_CASES.filter((c) =>
  !prefixes.length || prefixes.some((p) => c.name.startsWith(p))
);
const { backend } = await openBackend("webgpu");
const wall = new Map<string, number[]>();
const perCpu = new Map<string, number[]>();
const REPS = 3;
for (let r = 0; r < rounds; r++) {
  for (const { name, p } of cases) {
    const a = backend.upload(new Float32Array(p.batch * p.m * p.k).fill(0.5));
    const b = backend.upload(new Float32Array(p.batch * p.k * p.n).fill(0.25));
    const flops = 2 * p.batch * p.m * p.n * p.k;
    const batch = Math.max(1, Math.ceil(5e8 / flops)); // ~50 ms of work at 10 GFLOP/s
    for (const v of variants) {
      const previous = setMatmulOverride(v);
      try {
        const before = cpuMs();
        const m = await measureOp(backend, () => backend.release(backend.matmul(a, b, p)), {
          reps: REPS,
          batch,
        });
        const cpuPerOp = (cpuMs() - before) / (batch * (REPS + 1)); // + the warm-up repetition
        const key = `${name} (${v})`;
        wall.set(key, [...(wall.get(key) ?? []), flops / (m.wallMedianMs * 1e6)]);
        perCpu.set(key, [...(perCpu.get(key) ?? []), flops / (cpuPerOp * 1e6)]);
      } finally {
        setMatmulOverride(previous);
      }
    }
    backend.release(a);
    backend.release(b);
  }
}
const load = Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
console.log(`load ${load}; median of ${rounds} rounds; GFLOP/s wall | GFLOP per CPU-second`);
for (const [key, xs] of wall) {
  const c = perCpu.get(key)!;
  console.log(
    `${key.padEnd(46)} ${median(xs).toFixed(1).padStart(6)} | ${median(c).toFixed(1).padStart(6)}`,
  );
}
