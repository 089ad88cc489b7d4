/**
 * The WebGPU runtime: one device, one command encoder being recorded, and the
 * bookkeeping that makes a whole user-level operation cost one GPU round trip.
 *
 * - Kernels are recorded into one compute pass of one command encoder; a
 *   submit happens only on read/flush/sync (or early, without waiting, when
 *   the params arena or the timestamp queries run out).
 * - Every awaited map or onSubmittedWorkDone costs ~11 ms in Deno 2.9, so all
 *   reads requested in the same tick share one submit and one wait, which
 *   also maps the stage timestamps and collects the error scopes.
 * - Params, given by the field names of each kernel's WGSL params struct, are
 *   packed into a per-submit uniform arena (params.ts), buffers come from a
 *   size-bucketed pool (buffer_pool.ts), pipelines and bind groups are cached
 *   (pipeline_cache.ts).
 */

import { type AcquiredDevice, acquireDevice } from "./device.ts";
import { BufferPool, type PooledBuffer } from "./buffer_pool.ts";
import { type ParamValues, UniformArena } from "./params.ts";
import { BindGroupCache, type KernelSpec, PipelineCache } from "./pipeline_cache.ts";
import { StageTimer, type StageTiming } from "./stage_timer.ts";
import { type KernelProfile, KernelProfiler, shapeClass } from "./kernel_profiler.ts";

export type { KernelProfile, KernelSpec, ParamValues, StageTiming };

/**
 * A storage buffer handed out by the runtime. `length` is the logical float32
 * element count; the GPUBuffer may be larger (pooled size buckets), so
 * kernels take sizes from their params, never from arrayLength().
 */
export interface GpuBuffer {
  readonly buffer: GPUBuffer;
  readonly length: number;
  /** Identifies the underlying GPUBuffer (stable across pool reuse). */
  readonly id: number;
}

/** The runtime's GpuBuffer: also knows its pool slot and whether it was released. */
class RuntimeBuffer implements GpuBuffer {
  readonly pooled: PooledBuffer;
  readonly length: number;
  released = false;
  constructor(pooled: PooledBuffer, length: number) {
    this.pooled = pooled;
    this.length = length;
  }
  get buffer(): GPUBuffer {
    return this.pooled.buffer;
  }
  get id(): number {
    return this.pooled.id;
  }
}

/** Device limits kernels size themselves by. */
export interface RuntimeLimits {
  maxStorageBindingBytes: number;
  maxWorkgroupsPerDim: number;
  maxWorkgroupStorageBytes: number;
  maxInvocations: number;
}

/** Counters for tests and benchmarks. */
export interface RuntimeStats {
  /** Awaited GPU round trips (each batch of maps/onSubmittedWorkDone counts once). */
  roundTrips: number;
  /** Kernels dispatched so far. */
  dispatches: number;
  /** Bytes of live (not released) buffers, counted by logical length. */
  liveBytes: number;
  /** Bytes of upload staging buffers recorded but not submitted yet (freed at the submit). */
  pendingUploadBytes: number;
}

interface PendingRead {
  staging: GPUBuffer;
  length: number;
  resolve: (data: Float32Array) => void;
  reject: (e: Error) => void;
}

/** A submitted batch whose error scopes have not been looked at yet. */
interface SubmittedBatch {
  serial: number;
  errors: Promise<GPUError | null>[];
  kernels: string[];
  compiled: string[];
}

/**
 * Uploads recorded without a submit, in bytes and in count, beyond which
 * the batch is submitted early (without waiting). Each upload's staging
 * buffer lives until the submit that runs its copy; code that uploads and
 * then fails before any read (a model load refused half-way) would
 * otherwise keep them all: 3000 such loads grew the process by 2 GB.
 */
const MAX_PENDING_UPLOAD_BYTES = 64 * 1024 * 1024;
const MAX_PENDING_UPLOADS = 1024;

/** The largest grid dimension every WebGPU device supports. */
const MAX_GRID_DIM = 65535;

/**
 * Splits a number of workgroups into a 2-D grid with x, y <= 65535 and
 * x * y >= count. Kernels compute the flat workgroup index as
 * wid.x + wid.y * nwg.x and return early past the end.
 */
export function workgroupGrid(count: number): [number, number, number] {
  if (count <= MAX_GRID_DIM) return [Math.max(0, Math.ceil(count)), 1, 1];
  const y = Math.ceil(count / MAX_GRID_DIM);
  if (y > MAX_GRID_DIM) {
    throw new Error(`expected at most ${MAX_GRID_DIM ** 2} workgroups, got ${count}`);
  }
  return [Math.ceil(count / y), y, 1];
}

/** The device, the open encoder and everything cached for it. See the module comment. */
export class GpuRuntime {
  readonly device: GPUDevice;
  readonly adapterName: string;
  readonly features: string[];
  readonly hasTimestamps: boolean;
  readonly limits: RuntimeLimits;
  readonly stats: RuntimeStats = {
    roundTrips: 0,
    dispatches: 0,
    liveBytes: 0,
    pendingUploadBytes: 0,
  };

  readonly #pool: BufferPool;
  readonly #pipelines: PipelineCache;
  readonly #bindGroups: BindGroupCache;
  readonly #arena: UniformArena;
  readonly #timer: StageTimer;

  #encoder: GPUCommandEncoder | null = null;
  #pass: GPUComputePassEncoder | null = null;
  /** Serial of the batch being recorded = number of the next submit. */
  #serial = 0;
  #batchKernels = new Set<string>();
  #staging: GPUBuffer[] = [];
  #reads: PendingRead[] = [];
  #submitted: SubmittedBatch[] = [];
  #settleScheduled = false;
  #lostReason: string | null = null;
  #uncaptured: string[] = [];
  #profiler: KernelProfiler | null = null;

  /** Requests an adapter and device; throws with a one-line reason when there is none. */
  static async create(opts: { powerPreference?: GPUPowerPreference } = {}): Promise<GpuRuntime> {
    return new GpuRuntime(await acquireDevice(opts));
  }

  private constructor(acquired: AcquiredDevice) {
    const { device } = acquired;
    this.device = device;
    this.adapterName = acquired.adapterName;
    this.features = acquired.features;
    this.hasTimestamps = acquired.hasTimestamps;
    this.limits = {
      maxStorageBindingBytes: device.limits.maxStorageBufferBindingSize,
      maxWorkgroupsPerDim: device.limits.maxComputeWorkgroupsPerDimension,
      maxWorkgroupStorageBytes: device.limits.maxComputeWorkgroupStorageSize,
      maxInvocations: device.limits.maxComputeInvocationsPerWorkgroup,
    };
    this.#pool = new BufferPool(device);
    this.#pipelines = new PipelineCache(device);
    this.#bindGroups = new BindGroupCache(device);
    this.#arena = new UniformArena(device);
    this.#timer = new StageTimer(device, acquired.hasTimestamps);
    device.lost.then((info) => {
      const why = [info.reason, info.message].filter((s) => s).join(": ") || "unknown reason";
      this.#lostReason = why.split("\n")[0];
      const error = this.#lostError();
      for (const r of this.#reads) r.reject(error);
      this.#reads = [];
    });
    device.addEventListener("uncapturederror", (event) => {
      // Errors outside our scopes (rare: we scope every batch). Reported by the next settle.
      event.preventDefault();
      this.#uncaptured.push((event as GPUUncapturedErrorEvent).error.message.split("\n")[0]);
    });
  }

  /** True once the device is lost; every method then throws. */
  get lost(): boolean {
    return this.#lostReason !== null;
  }

  /** A buffer of `length` float32 elements from the pool; contents undefined. */
  alloc(length: number): GpuBuffer {
    this.#check();
    if (!Number.isInteger(length) || length < 0) {
      throw new Error(`expected a buffer length that is a non-negative integer, got ${length}`);
    }
    const bytes = length * 4;
    if (bytes > this.limits.maxStorageBindingBytes) {
      throw new Error(
        `expected a buffer of at most ${this.limits.maxStorageBindingBytes / 4} float32 ` +
          `(the device's storage binding limit), got ${length}`,
      );
    }
    this.#openBatch(); // buffer creation errors land in this batch's error scopes
    const b = new RuntimeBuffer(this.#pool.take(bytes), length);
    this.stats.liveBytes += bytes;
    return b;
  }

  /** Returns a buffer to the pool. Safe at once: later GPU work is ordered after earlier work. */
  release(b: GpuBuffer): void {
    const rb = this.#own(b);
    if (rb.released) throw new Error(`buffer #${rb.id} was released twice`);
    rb.released = true;
    this.stats.liveBytes -= rb.length * 4;
    this.#pool.give(rb.pooled);
  }

  /**
   * A new buffer holding data. The copy is recorded in the encoder from a
   * mapped staging buffer: queue.writeBuffer would run at submit time, before
   * the encoder's commands, and clobber a recycled buffer that recorded work
   * still reads.
   */
  upload(data: Float32Array): GpuBuffer {
    const b = this.alloc(data.length);
    if (data.length === 0) return b;
    const bytes = data.length * 4;
    const staging = this.device.createBuffer({
      label: "attn upload staging",
      size: bytes,
      usage: GPUBufferUsage.COPY_SRC,
      mappedAtCreation: true,
    });
    new Float32Array(staging.getMappedRange()).set(data);
    staging.unmap();
    this.#endPass();
    this.#encoder!.copyBufferToBuffer(staging, 0, b.buffer, 0, bytes);
    this.#staging.push(staging);
    this.stats.pendingUploadBytes += bytes;
    if (
      this.stats.pendingUploadBytes > MAX_PENDING_UPLOAD_BYTES ||
      this.#staging.length > MAX_PENDING_UPLOADS
    ) {
      this.#submit(); // order is kept: later work is recorded after this submit
    }
    return b;
  }

  /**
   * Records one kernel dispatch (nothing runs until a read, flush or sync). `params` holds the
   * kernel file's params struct by field name (see params.ts), e.g. `{ n, value }` for
   * `struct FillParams { n: u32, value: f32 }`; every field, and only those.
   */
  dispatch(spec: KernelSpec, p: {
    params?: ParamValues;
    inputs: GpuBuffer[];
    outputs: GpuBuffer[];
    workgroups: [number, number?, number?];
  }): void {
    this.#check();
    const started = this.#profiler ? performance.now() : 0;
    const where = `${spec.file}.wgsl:${spec.entry}`;
    if (p.inputs.length !== spec.inputs || p.outputs.length !== spec.outputs) {
      throw new Error(
        `${where}: expected ${spec.inputs} inputs and ${spec.outputs} outputs, ` +
          `got ${p.inputs.length} and ${p.outputs.length}`,
      );
    }
    const [x, y = 1, z = 1] = p.workgroups;
    for (const d of [x, y, z]) {
      if (!Number.isInteger(d) || d < 0 || d > this.limits.maxWorkgroupsPerDim) {
        throw new Error(
          `${where}: expected workgroup counts that are integers in ` +
            `[0, ${this.limits.maxWorkgroupsPerDim}], got [${x}, ${y}, ${z}]`,
        );
      }
    }
    const buffers = [...p.inputs, ...p.outputs].map((b) => this.#own(b));
    for (const b of buffers) {
      if (b.released) throw new Error(`${where}: buffer #${b.id} is used after release`);
    }
    for (const out of p.outputs) {
      if (p.inputs.includes(out)) {
        throw new Error(`${where}: buffer #${out.id} is bound both as an input and an output`);
      }
    }
    if (x * y * z === 0) return;
    if (this.#arena.full) this.#submit();
    this.#openBatch();
    const pipeline = this.#pipelines.get(spec);
    const offset = this.#arena.push(pipeline.params, p.params, where);
    const group = this.#bindGroups.get(pipeline, this.#arena.buffer, buffers);
    const pass = this.#profiler
      ? this.#openProfiledPass(
        `${spec.file}:${spec.entry}`,
        shapeClass(p.inputs, p.outputs, [x, y, z]),
      )
      : this.#openPass();
    pass.setPipeline(pipeline.pipeline);
    pass.setBindGroup(0, group, [offset]);
    pass.dispatchWorkgroups(x, y, z);
    this.#batchKernels.add(pipeline.label);
    this.stats.dispatches++;
    if (this.#profiler) {
      this.#endPass(); // one dispatch per timed pass
      this.#profiler.hostDispatchMs += performance.now() - started;
    }
  }

  /** Copies a buffer to the host. Reads requested in the same tick share one submit and round trip. */
  read(b: GpuBuffer): Promise<Float32Array> {
    this.#check();
    const rb = this.#own(b);
    if (rb.released) throw new Error(`buffer #${rb.id} is read after release`);
    if (rb.length === 0) return Promise.resolve(new Float32Array(0));
    this.#openBatch();
    this.#endPass();
    const bytes = rb.length * 4;
    const staging = this.device.createBuffer({
      label: "attn read staging",
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.#encoder!.copyBufferToBuffer(rb.buffer, 0, staging, 0, bytes);
    const promise = new Promise<Float32Array>((resolve, reject) => {
      this.#reads.push({ staging, length: rb.length, resolve, reject });
    });
    if (!this.#settleScheduled) {
      this.#settleScheduled = true;
      queueMicrotask(() => {
        this.#settleScheduled = false;
        // A sync() in the same tick may have taken the reads already.
        // Errors reach the callers through their read promises.
        if (this.#reads.length) this.#settle().catch(() => {});
      });
    }
    return promise;
  }

  /** Submits recorded work without waiting for it. */
  flush(): void {
    this.#check();
    this.#submit();
  }

  /** Submits recorded work and waits until all submitted work is done (one round trip). */
  async sync(): Promise<void> {
    this.#check();
    await this.#settle(true);
  }

  /**
   * Runs fn with its dispatches in separate compute pass(es), timed as `name`
   * (GPU timestamps when available, else wall time). If fn returns a promise
   * the stage ends when it settles. Results appear in takeTimings() after the
   * read or sync that completes the stage's work.
   */
  stage<T>(name: string, fn: () => T): T {
    this.#check();
    this.#endPass();
    const record = this.#timer.begin(name);
    const end = () => {
      this.#endPass();
      this.#timer.end(record, this.#serial);
    };
    let result: T;
    try {
      result = fn();
    } catch (e) {
      end();
      throw e;
    }
    if (result instanceof Promise) return result.finally(end) as T;
    end();
    return result;
  }

  /** Stages finished by the last read or sync, oldest first; clears them. */
  takeTimings(): StageTiming[] {
    return this.#timer.take();
  }

  /**
   * Starts the per-kernel profiler (kernel_profiler.ts): from now on every dispatch gets its
   * own timestamped compute pass. Needs timestamp-query; throws without it.
   */
  startProfiling(): void {
    this.#check();
    if (!this.hasTimestamps) {
      throw new Error(`expected an adapter with timestamp-query to profile kernels, got none`);
    }
    if (this.#profiler) return;
    this.#endPass();
    this.#profiler = new KernelProfiler(this.device);
  }

  /** Waits for recorded work, stops the profiler and returns what it measured. */
  async stopProfiling(): Promise<KernelProfile> {
    const profiler = this.#profiler;
    if (!profiler) throw new Error("expected the kernel profiler to be running, it is not");
    await this.sync();
    this.#profiler = null;
    const report = profiler.report();
    profiler.destroy();
    return report;
  }

  /** Destroys the device (the runtime is then lost) after dropping cached buffers. */
  destroy(): void {
    if (this.lost) return;
    this.#pool.trim();
    this.device.destroy();
  }

  // --- internals -----------------------------------------------------------

  #lostError(): Error {
    return new Error(
      `the GPU device was lost (${this.#lostReason}); the next command will create a new one`,
    );
  }

  #check(): void {
    if (this.#lostReason !== null) throw this.#lostError();
  }

  #own(b: GpuBuffer): RuntimeBuffer {
    if (!(b instanceof RuntimeBuffer)) {
      throw new Error(`expected a GpuBuffer from this runtime's alloc/upload, got ${typeof b}`);
    }
    return b;
  }

  /** Opens the encoder of a new batch, inside validation and out-of-memory error scopes. */
  #openBatch(): void {
    if (this.#encoder) return;
    this.device.pushErrorScope("out-of-memory");
    this.device.pushErrorScope("validation");
    this.#encoder = this.device.createCommandEncoder({ label: `attn batch ${this.#serial}` });
  }

  #openPass(): GPUComputePassEncoder {
    if (this.#pass) return this.#pass;
    if (this.#timer.needsSubmit) {
      this.#submit();
      this.#openBatch();
    }
    const timestampWrites = this.#timer.passTimestamps();
    this.#pass = this.#encoder!.beginComputePass(timestampWrites ? { timestampWrites } : {});
    return this.#pass;
  }

  /** A new pass for exactly one dispatch, timed by the kernel profiler. */
  #openProfiledPass(kernel: string, shape: string): GPUComputePassEncoder {
    this.#endPass();
    if (this.#profiler!.needsSubmit) {
      this.#submit();
      this.#openBatch();
    }
    const timestampWrites = this.#profiler!.next(kernel, shape);
    this.#pass = this.#encoder!.beginComputePass({ timestampWrites });
    return this.#pass;
  }

  #endPass(): void {
    if (!this.#pass) return;
    this.#pass.end();
    this.#pass = null;
  }

  /** Submits the batch being recorded (if any) without waiting. */
  #submit(): void {
    if (!this.#encoder) return;
    this.#endPass();
    this.#timer.resolve(this.#encoder, this.#serial);
    this.#profiler?.resolve(this.#encoder, this.#serial);
    this.#arena.upload(); // queued before the submit below, after every earlier submit
    this.device.queue.submit([this.#encoder.finish()]);
    const validation = this.device.popErrorScope();
    const outOfMemory = this.device.popErrorScope();
    this.#submitted.push({
      serial: this.#serial,
      errors: [validation, outOfMemory],
      kernels: [...this.#batchKernels],
      compiled: this.#pipelines.takeNewLabels(),
    });
    // Destruction is deferred by the implementation until the submitted copies ran.
    for (const s of this.#staging) s.destroy();
    this.#staging = [];
    this.stats.pendingUploadBytes = 0;
    this.#batchKernels.clear();
    this.#encoder = null;
    this.#serial++;
  }

  /**
   * Submits, then waits once for everything outstanding: pending reads, stage
   * timestamps, error scopes, and (for sync) the queue itself. One round trip.
   */
  async #settle(waitForQueue = false): Promise<void> {
    this.#submit();
    const reads = this.#reads;
    this.#reads = [];
    const batches = this.#submitted;
    this.#submitted = [];
    const lastSerial = this.#serial - 1;
    const waits: Promise<unknown>[] = [
      ...reads.map((r) => r.staging.mapAsync(GPUMapMode.READ)),
      this.#timer.collect(lastSerial),
    ];
    if (this.#profiler) waits.push(this.#profiler.collect(lastSerial));
    if (waitForQueue || reads.length === 0) waits.push(this.device.queue.onSubmittedWorkDone());
    this.stats.roundTrips++;
    const outcomes = await Promise.allSettled(waits);
    const error = await this.#batchError(batches) ??
      (this.#lostReason !== null ? this.#lostError() : null) ??
      this.#mapError(outcomes);
    for (const [i, r] of reads.entries()) {
      if (error || outcomes[i].status !== "fulfilled") {
        r.reject(error ?? new Error("reading a GPU buffer failed"));
      } else {
        r.resolve(new Float32Array(r.staging.getMappedRange(0, r.length * 4).slice(0)));
        r.staging.unmap();
      }
      r.staging.destroy();
    }
    this.#timer.finishUpTo(lastSerial);
    if (error) throw error;
  }

  async #batchError(batches: SubmittedBatch[]): Promise<Error | null> {
    for (const batch of batches) {
      const errors = await Promise.all(batch.errors.map((p) => p.catch(() => null)));
      const found = errors.find((e) => e !== null);
      if (!found) continue;
      const kind = found instanceof GPUOutOfMemoryError ? "out of memory" : "validation error";
      const culprits = batch.compiled.length
        ? `; kernels first compiled in it: ${batch.compiled.join(", ")}`
        : "";
      const kernels = batch.kernels.slice(0, 12).join(", ") || "none";
      return new Error(
        `GPU ${kind} in submit ${batch.serial} (kernels: ${kernels}${culprits}): ` +
          found.message.trim().split("\n").slice(0, 6).join(" | "),
      );
    }
    if (this.#uncaptured.length) {
      const message = this.#uncaptured.join(" | ");
      this.#uncaptured = [];
      return new Error(`GPU error: ${message}`);
    }
    return null;
  }

  #mapError(outcomes: PromiseSettledResult<unknown>[]): Error | null {
    const failed = outcomes.find((o) => o.status === "rejected") as
      | PromiseRejectedResult
      | undefined;
    if (!failed) return null;
    const why = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
    return new Error(`waiting for the GPU failed: ${why.split("\n")[0]}`);
  }
}

let shared: { promise: Promise<GpuRuntime>; runtime: GpuRuntime | null } | null = null;

/**
 * The process-wide runtime, created on first use. After the device is lost
 * the next call creates a new one. A failed creation is remembered (so a
 * machine without an adapter pays once) until resetRuntime().
 */
export function getRuntime(
  opts: { powerPreference?: GPUPowerPreference } = {},
): Promise<GpuRuntime> {
  if (shared?.runtime?.lost) shared = null;
  if (!shared) {
    const entry: { promise: Promise<GpuRuntime>; runtime: GpuRuntime | null } = {
      promise: GpuRuntime.create(opts),
      runtime: null,
    };
    entry.promise.then((rt) => (entry.runtime = rt), () => {});
    shared = entry;
  }
  return shared.promise;
}

/** Forgets the process-wide runtime (the next getRuntime() creates a new one). */
export function resetRuntime(): void {
  shared = null;
}
