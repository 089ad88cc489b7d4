/**
 * Which matmul kernel variant runs on which adapter, for which shape class.
 *
 * Order of precedence for a product:
 * 1. `setMatmulOverride(variant)` (tests, benchmarks);
 * 2. the environment: ATTN_MATMUL=blocked|tiled;
 * 3. this adapter's tuning: measured once by `tuneMatmul` (src/engine/webgpu/kernels/matmul.ts) and cached as
 *    JSON in the attn state dir ($XDG_STATE_HOME/attn or ~/.local/state/attn,
 *    `tuning-<adapter hash>.json`), so later processes read it instead of measuring;
 * 4. the default table, `defaultMatmulVariant`.
 */

import type { MatmulParams } from "../backend/contract.ts";
import { kernelSource } from "./pipeline_cache.ts";
import { fnv1a } from "../random.ts";
import type { GpuBuffer, GpuRuntime } from "./runtime.ts";
import { usableStateDir } from "../../platform/state_dir.ts";
import { asStateFileError, readStateFile, writeStateFile } from "../../platform/state_file.ts";
import { warnStateOnce } from "../../platform/state_warnings.ts";
import { messageOf } from "../../platform/i18n/bilingual_error.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { backendMessages } from "../backend/backend_messages.ts";

const say = messagesOf(backendMessages);

/**
 * The matmul kernels: kernels/matmul_blocked.wgsl, kernels/matmul_tiled.wgsl, and "wide":
 * kernels/matmul_wide.wgsl (16 x 16 outputs per invocation) for A @ B with vec4-aligned
 * operands, matmul_blocked for everything else.
 */
export type MatmulVariant = "blocked" | "tiled" | "wide";

/** Every variant, in a stable order. */
export const MATMUL_VARIANTS: readonly MatmulVariant[] = ["blocked", "tiled", "wide"];

/**
 * Products grouped by work (2 * batch * m * n * k FLOPs): "small" is dominated by dispatch
 * overhead (attention scores of short sentences), "medium" covers the model's projections,
 * "large" the benchmark cubes.
 */
export type ShapeClass = "small" | "medium" | "large";

export const SHAPE_CLASSES: readonly ShapeClass[] = ["small", "medium", "large"];

/** FLOPs below which a product is "small" / "medium". */
const SMALL_FLOPS = 2 ** 21;
const MEDIUM_FLOPS = 2 ** 25;

/** The shape class of a product. */
export function shapeClass(p: MatmulParams): ShapeClass {
  const flops = 2 * p.batch * p.m * p.n * p.k;
  return flops < SMALL_FLOPS ? "small" : flops < MEDIUM_FLOPS ? "medium" : "large";
}

/**
 * One representative product per class, timed by the tuning pass (sizes keep the whole pass
 * well under a second even for the slow variant on llvmpipe: ~0.3 s measured).
 */
const TUNING_SHAPES: Record<ShapeClass, { p: MatmulParams; reps: number }> = {
  small: { p: { batch: 32, m: 12, k: 16, n: 12 }, reps: 4 }, // attention scores, 8 x 4 heads
  medium: { p: { batch: 1, m: 768, k: 64, n: 256 }, reps: 2 }, // a model projection
  large: { p: { batch: 1, m: 256, k: 256, n: 256 }, reps: 1 },
};

/** Bumped when the tuning file's meaning changes; older files are measured again. */
const TUNING_VERSION = 2;

/**
 * The variant to use before (or without) tuning, by adapter name.
 *
 * CPU rasterizers (Mesa llvmpipe / lavapipe, SwiftShader) get "wide" (which is "blocked" for
 * the products it does not take): they run a workgroup as SIMD lanes of one core, so workgroup
 * memory is ordinary memory and a barrier is a synchronization of the lanes, and on llvmpipe a
 * storage load costs a loop over the lanes, so the most multiply-adds per load wins: "wide"
 * did 30-50% more GFLOP per CPU-second than "blocked" on every model shape and at 256^3 and
 * 512^3 (docs/LLVMPIPE.md, tools/matmul_variants.ts). Earlier, on llvmpipe (LLVM 15, 2 cores),
 * GFLOP/s:
 *
 * | kernel                         | 512^3 | 768x64 @ 64x256 |
 * | ------------------------------ | ----- | --------------- |
 * | blocked 8x8, vec4 loads        | 26-30 | 23-27           |
 * | blocked 8x8, scalar loads      | 14-15 | 12              |
 * | blocked 4x4, scalar loads      | 9     | 7.5-8           |
 * | tiled 16x16 (shared memory)    | 1.0   | 0.9             |
 * | tiled 8x8 (shared memory)      | 0.9   | 0.8             |
 *
 * Every other adapter is assumed to be a real GPU and gets "tiled", the layout GPUs are built
 * for (on-chip workgroup memory, cheap barriers); the tuning pass corrects the guess.
 */
export function defaultMatmulVariant(adapterName: string): MatmulVariant {
  return /llvmpipe|lavapipe|swiftshader|software/i.test(adapterName) ? "wide" : "tiled";
}

/** A tuning result: per shape class, the variant to use and what was measured. */
export interface MatmulTuning {
  version: number;
  adapter: string;
  /** Hash of the kernel sources the measurement was made with. */
  kernels: string;
  choice: Record<ShapeClass, MatmulVariant>;
  /** Best time (ms per product) of each variant on each class's representative shape. */
  measuredMs: Record<ShapeClass, Record<MatmulVariant, number>>;
  /** How the times were taken: GPU timestamps or wall clock around a sync. */
  timing: "gpu" | "wall";
  /** Where this result came from in this process. */
  source: "measured" | "file";
}

/** Options of the tuning pass. */
export interface TuneOptions {
  /** Where the JSON lives; null: keep it in memory only. Default: the attn state dir. */
  stateDir?: string | null;
  /** Measure again even when a result is cached (memory or file). */
  force?: boolean;
}

/** Records one product with a given variant (src/engine/webgpu/kernels/matmul.ts matmulWithVariant). */
export type MatmulRecorder = (
  rt: GpuRuntime,
  a: GpuBuffer,
  b: GpuBuffer,
  p: MatmulParams,
  variant: MatmulVariant,
) => GpuBuffer;

let override: MatmulVariant | null = null;
let envVariant: MatmulVariant | null | undefined; // undefined: not read yet
const tunings = new Map<string, MatmulTuning>();
const fileLooked = new Set<string>();
const tuningRuns = new Map<string, Promise<MatmulTuning>>();

/**
 * Forces every matmul to one variant (null: back to the normal choice), for tests and
 * benchmarks. Returns the previous forced variant, so callers can restore it.
 */
export function setMatmulOverride(variant: MatmulVariant | null): MatmulVariant | null {
  if (variant !== null) checkVariant(variant, "setMatmulOverride");
  const previous = override;
  override = variant;
  return previous;
}

/** The forced variant, if any (setMatmulOverride first, then ATTN_MATMUL). */
export function matmulOverride(): MatmulVariant | null {
  return override ?? readEnvVariant();
}

function checkVariant(v: string, where: string): asserts v is MatmulVariant {
  if (!(MATMUL_VARIANTS as readonly string[]).includes(v)) {
    throw new Error(`${where}: expected one of ${MATMUL_VARIANTS.join(", ")}, got "${v}"`);
  }
}

function envGet(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env
  }
}

function readEnvVariant(): MatmulVariant | null {
  if (envVariant === undefined) {
    const v = envGet("ATTN_MATMUL")?.trim() || null;
    if (v !== null) checkVariant(v, "ATTN_MATMUL");
    envVariant = v;
  }
  return envVariant;
}

/** The variant for a product on an adapter (see the module comment for the precedence). */
export function matmulVariantFor(adapterName: string, p: MatmulParams): MatmulVariant {
  const forced = matmulOverride();
  if (forced) return forced;
  const tuning = cachedTuning(adapterName, defaultStateDir());
  return tuning ? tuning.choice[shapeClass(p)] : defaultMatmulVariant(adapterName);
}

/** The tuning known for an adapter in this process (measured or read from the state dir), if any. */
export function cachedTuning(adapterName: string, stateDir: string | null): MatmulTuning | null {
  const known = tunings.get(adapterName);
  if (known) return known;
  const key = `${stateDir}\u0000${adapterName}`;
  if (stateDir === null || fileLooked.has(key)) return null;
  fileLooked.add(key);
  const fromFile = readTuningFile(stateDir, adapterName);
  if (fromFile) tunings.set(adapterName, fromFile);
  return fromFile;
}

/** Forgets in-memory tunings (tests). */
export function clearMatmulTunings(): void {
  tunings.clear();
  fileLooked.clear();
  tuningRuns.clear();
  handsOff.clear();
}

/**
 * The attn state directory when it is usable (src/platform/state_dir.ts: $XDG_STATE_HOME/attn where attn
 * may write, else ~/.local/state/attn), else null: the tuning is then kept in memory only.
 */
export function defaultStateDir(): string | null {
  // Once per process: matmulVariantFor asks at every product. No warning: the tuning is a
  // cache, and attn works without it.
  if (stateDirMemo === undefined) stateDirMemo = usableStateDir();
  return stateDirMemo;
}

let stateDirMemo: string | null | undefined; // undefined: not looked up yet

/** FNV-1a as 8 hex digits: names files after adapters, fingerprints kernel sources. */
function fnv1aHex(text: string): string {
  return fnv1a(text).toString(16).padStart(8, "0");
}

/** The tuning file of an adapter inside stateDir. */
export function tuningPath(stateDir: string, adapterName: string): string {
  return `${stateDir}/tuning-${fnv1aHex(adapterName)}.json`;
}

let kernelsHashMemo: string | null = null;
function kernelsHash(): string {
  kernelsHashMemo ??= fnv1aHex(
    ["matmul_blocked", "matmul_tiled", "matmul_wide"].map(kernelSource).join(""),
  );
  return kernelsHashMemo;
}

/**
 * The largest tuning file read: one is about 450 bytes (a choice and six times per adapter);
 * anything larger is not attn's.
 */
const TUNING_MAX_BYTES = 64 * 1024;

/** Tuning files attn must not replace this process (refused: not regular, too large). */
const handsOff = new Set<string>();

function readTuningFile(stateDir: string, adapterName: string): MatmulTuning | null {
  const path = tuningPath(stateDir, adapterName);
  let bytes: Uint8Array | null;
  try {
    bytes = readStateFile(path, TUNING_MAX_BYTES);
  } catch (e) {
    handsOff.add(path);
    const reason = messageOf(e);
    warnStateOnce(`tuning-read:${path}`, say("backend.tuning.ignoring", { path, reason }));
    return null;
  }
  if (bytes === null) return null;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes));
    if (
      parsed?.version !== TUNING_VERSION || parsed.adapter !== adapterName ||
      parsed.kernels !== kernelsHash()
    ) return null;
    for (const c of SHAPE_CLASSES) {
      if (!(MATMUL_VARIANTS as readonly unknown[]).includes(parsed.choice?.[c])) return null;
    }
    return { ...parsed, source: "file" } as MatmulTuning;
  } catch {
    return null; // not JSON, or not ours: measured again and replaced
  }
}

function writeTuningFile(stateDir: string, tuning: MatmulTuning): void {
  const path = tuningPath(stateDir, tuning.adapter);
  if (handsOff.has(path)) return;
  const { source: _source, ...stored } = tuning;
  try {
    Deno.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    writeStateFile(path, JSON.stringify(stored, null, 2) + "\n"); // readers never see half a file
  } catch (e) {
    const failure = asStateFileError(e);
    const reason = messageOf(failure);
    warnStateOnce(
      `tuning-save:${failure.kind}`,
      say("backend.tuning.cannotSave", { path, reason }),
    );
  }
}

/**
 * The tuning pass (public entry: tuneMatmul in src/engine/webgpu/kernels/matmul.ts). Each variant runs each
 * class's representative product: one warm-up, then `reps` timed repetitions, each in its own
 * timed stage; everything goes into one submit, read back with one sync. Without timestamp
 * queries it falls back to a sync around each (class, variant) batch (6 round trips). The
 * fastest variant per class wins.
 *
 * Note: it takes the runtime's pending stage timings; run it before recording timed work.
 */
export function runMatmulTuning(
  rt: GpuRuntime,
  record: MatmulRecorder,
  options: TuneOptions = {},
): Promise<MatmulTuning> {
  const stateDir = options.stateDir === undefined ? defaultStateDir() : options.stateDir;
  if (!options.force) {
    const cached = cachedTuning(rt.adapterName, stateDir);
    if (cached) return Promise.resolve(cached);
    const running = tuningRuns.get(rt.adapterName);
    if (running) return running;
  }
  const run = measure(rt, record).then((tuning) => {
    tunings.set(rt.adapterName, tuning);
    if (stateDir !== null) writeTuningFile(stateDir, tuning);
    return tuning;
  });
  tuningRuns.set(rt.adapterName, run);
  run.catch(() => tuningRuns.delete(rt.adapterName));
  return run;
}

async function measure(rt: GpuRuntime, record: MatmulRecorder): Promise<MatmulTuning> {
  const stageName = (c: ShapeClass, v: MatmulVariant) => `attn:matmul-tuning:${c}:${v}`;
  const best = Object.fromEntries(
    SHAPE_CLASSES.map((c) => [c, Object.fromEntries(MATMUL_VARIANTS.map((v) => [v, Infinity]))]),
  ) as Record<ShapeClass, Record<MatmulVariant, number>>;
  const timing: "gpu" | "wall" = rt.hasTimestamps ? "gpu" : "wall";

  for (const c of SHAPE_CLASSES) {
    const { p, reps } = TUNING_SHAPES[c];
    const a = rt.upload(filled(p.batch * p.m * p.k, 0.25));
    const b = rt.upload(filled(p.batch * p.k * p.n, 0.5));
    for (const v of MATMUL_VARIANTS) {
      rt.release(record(rt, a, b, p, v)); // warm-up: compiles the pipeline, warms the caches
      if (timing === "wall") {
        await rt.sync();
        const start = performance.now();
        for (let i = 0; i < reps; i++) rt.release(record(rt, a, b, p, v));
        await rt.sync();
        best[c][v] = (performance.now() - start) / reps;
      } else {
        for (let i = 0; i < reps; i++) {
          rt.stage(stageName(c, v), () => rt.release(record(rt, a, b, p, v)));
        }
      }
    }
    rt.release(a);
    rt.release(b);
  }
  if (timing === "gpu") {
    await rt.sync();
    for (const t of rt.takeTimings()) {
      const [, , c, v] = t.name.split(":") as [string, string, ShapeClass, MatmulVariant];
      if (!t.name.startsWith("attn:matmul-tuning:") || t.gpuMs === undefined) continue;
      best[c][v] = Math.min(best[c][v], t.gpuMs);
    }
  }
  const choice = Object.fromEntries(SHAPE_CLASSES.map((c) => {
    const times = best[c];
    const winner = MATMUL_VARIANTS.reduce((x, y) => (times[y] < times[x] ? y : x));
    return [c, Number.isFinite(times[winner]) ? winner : defaultMatmulVariant(rt.adapterName)];
  })) as Record<ShapeClass, MatmulVariant>;
  return {
    version: TUNING_VERSION,
    adapter: rt.adapterName,
    kernels: kernelsHash(),
    choice,
    measuredMs: best,
    timing,
    source: "measured",
  };
}

function filled(n: number, value: number): Float32Array {
  return new Float32Array(n).fill(value);
}
