/**
 * A laboratory for matmul kernel shapes on the WebGPU adapter (written for Mesa llvmpipe; see
 * docs/LLVMPIPE.md). It generates small WGSL kernels of several families, runs each on a few
 * shapes (contiguous operands, no epilogue), checks a sample of the result against a CPU product
 * before and after timing (output zeroed first), and prints GFLOP/s medians of interleaved
 * repetitions (wall clock around one submit of about 0.2 s of dispatches).
 *
 * Families (the per-invocation work is spelled out, not looped over private arrays, as the
 * engine's kernels do):
 * - `blk TMxTN`: every invocation owns a TM x TN block and loads its A rows and B columns itself
 *   (the engine's matmul_blocked, vec4 loads along k for A and along n for B).
 * - `rows TN`: one output row per invocation (so the 8 SIMD lanes hold 8 rows) and TN columns
 *   shared by the whole workgroup: the B values are the same for every invocation, a uniform load.
 * - `rows2 TN`: the same with two rows per invocation (r and r + WG), sharing the B loads.
 * - `blkT`: blk reading A and B from rgba32float textures (textureLoad) instead of storage buffers.
 * - `blkU`, `rowsU`: B bound as a uniform buffer (only when B fits in 64 KiB).
 * - `blk-noload`: blk with the loads hoisted out of the k loop (wrong results; an FMA ceiling).
 *
 * The kernels are generated in tools/matmul_lab_kernels.ts.
 *
 * Usage (LP_NUM_THREADS picks llvmpipe's thread count, read when the driver loads):
 *   export XDG_RUNTIME_DIR=$(mktemp -d)
 *   deno run --allow-env --allow-read --allow-sys=loadavg tools/matmul_lab.ts [--reps 7]
 *     [--shapes 512,768x64x256] [--only "blk 8x8|rowsU"] [--per-pass N]
 */

import { allVariants, type Variant } from "./matmul_lab_kernels.ts";

function parseShape(s: string): [number, number, number] {
  const parts = s.split("x").map(Number);
  return parts.length === 1 ? [parts[0], parts[0], parts[0]] : parts as [number, number, number];
}

function argValue(name: string, fallback: string): string {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

/** The device, with validation errors printed (a failed command buffer is dropped whole). */
async function openDevice(): Promise<GPUDevice> {
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error("expected a WebGPU adapter, found none");
  const device = await adapter.requestDevice();
  // A validation error drops the work silently (and the time looks like a miracle): say it.
  device.addEventListener("uncapturederror", (e) => {
    console.log(`  GPU error: ${(e as GPUUncapturedErrorEvent).error.message.slice(0, 600)}`);
  });
  const info = adapter.info;
  console.log(`adapter: ${info.description || info.device || info.vendor}`);
  console.log(`LP_NUM_THREADS=${Deno.env.get("LP_NUM_THREADS") ?? "(unset)"}`);
  return device;
}

/** Operands of one shape as buffers and textures, and each variant's bind group. */
function bindShape(
  device: GPUDevice,
  variants: Variant[],
  pipelines: GPUComputePipeline[],
  [m, k, n]: [number, number, number],
) {
  const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7) % 13) / 13 - 0.5);
  const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 5) % 11) / 11 - 0.5);
  const buf = (
    data: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>,
    usage: number,
    size = data.byteLength,
  ) => {
    const g = device.createBuffer({
      size: Math.max(16, size),
      usage: usage | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(g, 0, data);
    return g;
  };
  const ga = buf(a, GPUBufferUsage.STORAGE);
  const bFits = b.byteLength <= 65536;
  const gb = bFits
    ? buf(b, GPUBufferUsage.STORAGE | GPUBufferUsage.UNIFORM, 65536)
    : buf(b, GPUBufferUsage.STORAGE);
  const texture = (data: Float32Array<ArrayBuffer>, rows: number, cols: number) => {
    const t = device.createTexture({
      size: [cols / 4, rows],
      format: "rgba32float",
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
    });
    device.queue.writeTexture({ texture: t }, data, { bytesPerRow: cols * 4 }, [cols / 4, rows]);
    return t;
  };
  const texA = texture(a, m, k);
  const texB = texture(b, k, n);
  const active = variants.map((v) => !v.ubo || bFits);
  const gp = buf(new Uint32Array([m, k, n, 0]), GPUBufferUsage.UNIFORM);
  const gout = device.createBuffer({
    size: m * n * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const groups = pipelines.map((pl, vi) =>
    !active[vi] ? null : device.createBindGroup({
      layout: pl.getBindGroupLayout(0),
      entries: variants[vi].tex
        ? [
          { binding: 0, resource: { buffer: gp } },
          { binding: 1, resource: texA.createView() },
          { binding: 2, resource: texB.createView() },
          { binding: 3, resource: { buffer: gout } },
        ]
        : [ga, gb, gout].map((buffer, i) => ({ binding: i + 1, resource: { buffer } }))
          .concat([{ binding: 0, resource: { buffer: gp } }]),
    })
  );
  const release = () => [ga, gb, gp, gout].forEach((g) => g.destroy());
  return { a, b, gout, groups, active, release };
}

/** Runs variant vi once: checked (zeroed output, read back; max error) or timed (ms a product). */
function runner(
  device: GPUDevice,
  variants: Variant[],
  pipelines: GPUComputePipeline[],
  shape: [number, number, number],
  bound: ReturnType<typeof bindShape>,
  perPass: number,
) {
  const [m, k, n] = shape;
  const read = device.createBuffer({
    size: m * n * 4,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  return async (vi: number, timed: boolean): Promise<number> => {
    // Zeros first, so a kernel that writes nothing cannot pass on an earlier variant's output.
    if (!timed) device.queue.writeBuffer(bound.gout, 0, new Float32Array(m * n));
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipelines[vi]);
    pass.setBindGroup(0, bound.groups[vi]!);
    const [gx, gy] = variants[vi].grid(m, n);
    // A batch of dispatches per submit, so Deno's ~10 ms completion polling stays small.
    for (let i = 0; i < (timed ? perPass : 1); i++) pass.dispatchWorkgroups(gx, gy);
    pass.end();
    if (!timed) {
      enc.copyBufferToBuffer(bound.gout, 0, read, 0, m * n * 4);
      device.queue.submit([enc.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const got = new Float32Array(read.getMappedRange().slice(0));
      read.unmap();
      return check(got, bound.a, bound.b, m, k, n);
    }
    // Wall clock around one submit of ~0.2 s of work. (A command buffer that fails validation,
    // e.g. an invalid pipeline, is dropped whole: it then "runs" in the polling time, and a
    // timestamp read-back would show the previous values. The error listener says so.)
    const start = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return (performance.now() - start) / perPass;
  };
}

/** Checks every variant, times them interleaved, checks again, prints the table for one shape. */
async function measureShape(
  device: GPUDevice,
  variants: Variant[],
  pipelines: GPUComputePipeline[],
  shape: [number, number, number],
  reps: number,
) {
  const [m, k, n] = shape;
  const bound = bindShape(device, variants, pipelines, shape);
  const flops = 2 * m * n * k;
  // About 0.2 s of work per timed submit at 10 GFLOP/s.
  const perPass = Number(argValue("--per-pass", "0")) || Math.max(1, Math.round(2e9 / flops));
  const run = runner(device, variants, pipelines, shape, bound, perPass);
  const live = variants.map((_, vi) => vi).filter((vi) => bound.active[vi]);
  const checkAll = async (when: string) => {
    for (const vi of live) {
      const err = await run(vi, false);
      if (err > 1e-3) console.log(`  ${variants[vi].name}: WRONG ${when} (max error ${err})`);
    }
  };
  await checkAll("before timing"); // also the warm-up
  const times: number[][] = variants.map(() => []);
  for (let r = 0; r < reps; r++) for (const vi of live) times[vi].push(await run(vi, true));
  await checkAll("after timing"); // a kernel that stops early shows here
  console.log(
    `\n[${m},${k}]x[${k},${n}]  load ${Deno.loadavg().map((x) => x.toFixed(2)).join(" ")}`,
  );
  for (const vi of live) {
    const ms = median(times[vi]);
    const rate = (flops / ms / 1e6).toFixed(1).padStart(7);
    console.log(
      `  ${variants[vi].name.padEnd(18)} ${ms.toFixed(3).padStart(8)} ms ${rate} GFLOP/s`,
    );
  }
  bound.release();
}

async function main() {
  const reps = Number(argValue("--reps", "7"));
  const shapes = argValue("--shapes", "512,768x64x256,768x256x64,768x64x64").split(",").map(
    parseShape,
  );
  const only = argValue("--only", "");
  const variants = allVariants().filter((v) =>
    only === "" || only.split("|").some((o) => v.name.startsWith(o))
  );
  const device = await openDevice();
  const pipelines = variants.map((v) =>
    device.createComputePipeline({
      layout: "auto",
      compute: { module: device.createShaderModule({ code: v.wgsl }), entryPoint: "main" },
    })
  );
  for (const shape of shapes) await measureShape(device, variants, pipelines, shape, reps);
}

/** Largest relative error of a sample of outputs against a CPU product. */
function check(
  got: Float32Array,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
): number {
  let worst = 0;
  for (let s = 0; s < 64; s++) {
    const i = (s * 7919) % m;
    const j = (s * 104729) % n;
    let want = 0;
    for (let q = 0; q < k; q++) want += a[i * k + q] * b[q * n + j];
    worst = Math.max(worst, Math.abs(got[i * n + j] - want) / (1 + Math.abs(want)));
  }
  return worst;
}

await main();
