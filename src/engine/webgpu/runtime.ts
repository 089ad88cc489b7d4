/**
 * The WebGPU runtime: one device, one command encoder being recorded, and the bookkeeping that
 * makes a whole user-level operation cost one GPU round trip.
 *
 * - Kernels are recorded into one compute pass of one command encoder; a submit happens only on
 *   read/flush/sync (or early, without waiting, when the params arena or timestamp queries end).
 * - Every awaited map or onSubmittedWorkDone costs ~11 ms in Deno 2.9, so all reads requested in
 *   the same tick share one submit and one wait, which also maps the stage timestamps and
 *   collects the error scopes.
 * - Params (by the field names of each kernel's WGSL params struct) are packed into a per-submit
 *   uniform arena (params.ts); buffers come from a size-bucketed pool, its free bytes bounded
 *   after each submit (buffer_pool.ts); pipelines and bind groups are cached (pipeline_cache.ts).
 */

import { type AcquiredDevice, acquireDevice } from "./device.ts";
import { BufferPool } from "./buffer_pool.ts";
import { type ParamValues, UniformArena } from "./params.ts";
import { BindGroupCache, type KernelSpec, PipelineCache } from "./pipeline_cache.ts";
import { runThen, StageTimer, type StageTiming } from "./stage_timer.ts";
import { type KernelProfile, KernelProfiler, shapeClass } from "./kernel_profiler.ts";
import { bufferBytes, type GpuBuffer, ownBuffer, RuntimeBuffer } from "./gpu_buffer.ts";
import { watchDevice } from "./device_events.ts";
import {
  countAlloc,
  emptyStats,
  type RuntimeLimits,
  runtimeLimits,
  type RuntimeStats,
} from "./runtime_limits.ts";
import { batchError, mapError, type SubmittedBatch } from "./batch_errors.ts";
import { checkDispatch, type DispatchRequest } from "./dispatch_checks.ts";
import {
  finishReads,
  type PendingRead,
  readStaging,
  uploadsOverflow,
  uploadStaging,
} from "./staging.ts";

export type { GpuBuffer, KernelProfile, KernelSpec, ParamValues };
export type { RuntimeLimits, RuntimeStats, StageTiming };
export { workgroupGrid } from "./workgroup_grid.ts";

/** The device, the open encoder and everything cached for it. See the module comment. */
export class GpuRuntime {
  readonly device: GPUDevice;
  readonly adapterName: string;
  readonly features: string[];
  readonly hasTimestamps: boolean;
  readonly limits: RuntimeLimits;
  readonly stats: RuntimeStats = emptyStats();

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
    this.limits = runtimeLimits(device);
    this.#pool = new BufferPool(device);
    this.#pipelines = new PipelineCache(device);
    this.#bindGroups = new BindGroupCache(device);
    this.#arena = new UniformArena(device);
    this.#timer = new StageTimer(device, acquired.hasTimestamps);
    watchDevice(device, {
      lost: (reason) => {
        this.#lostReason = reason;
        const error = this.#lostError();
        for (const r of this.#reads) r.reject(error);
        this.#reads = [];
      },
      // Errors outside our scopes (rare: we scope every batch). Reported by the next settle.
      uncaptured: (message) => this.#uncaptured.push(message),
    });
  }

  /** True once the device is lost; every method then throws. */
  get lost(): boolean {
    return this.#lostReason !== null;
  }

  /** A buffer of `length` float32 elements from the pool; contents undefined. */
  alloc(length: number): GpuBuffer {
    this.#check();
    const bytes = bufferBytes(length, this.limits.maxStorageBindingBytes);
    this.#openBatch(); // buffer creation errors land in this batch's error scopes
    const b = new RuntimeBuffer(this.#pool.take(bytes), length);
    countAlloc(this.stats, bytes, this.#pool.allocatedBytes);
    return b;
  }

  /** Returns a buffer to the pool. Safe at once: later GPU work is ordered after earlier work. */
  release(b: GpuBuffer): void {
    const rb = ownBuffer(b);
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
    const staging = uploadStaging(this.device, data);
    this.#endPass();
    this.#encoder!.copyBufferToBuffer(staging, 0, b.buffer, 0, bytes);
    this.#staging.push(staging);
    this.stats.pendingUploadBytes += bytes;
    if (uploadsOverflow(this.stats.pendingUploadBytes, this.#staging.length)) {
      this.#submit(); // order is kept: later work is recorded after this submit
    }
    return b;
  }

  /**
   * Records one kernel dispatch (nothing runs until a read, flush or sync). `params` holds the
   * kernel file's params struct by field name (see params.ts), e.g. `{ n, value }` for
   * `struct FillParams { n: u32, value: f32 }`; every field, and only those.
   */
  dispatch(spec: KernelSpec, p: DispatchRequest & { params?: ParamValues }): void {
    this.#check();
    const started = this.#profiler ? performance.now() : 0;
    const where = `${spec.file}.wgsl:${spec.entry}`;
    const { grid, buffers } = checkDispatch(spec, p, where, this.limits.maxWorkgroupsPerDim);
    const [x, y, z] = grid;
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
    const rb = ownBuffer(b);
    if (rb.released) throw new Error(`buffer #${rb.id} is read after release`);
    if (rb.length === 0) return Promise.resolve(new Float32Array(0));
    this.#openBatch();
    this.#endPass();
    const bytes = rb.length * 4;
    const staging = readStaging(this.device, bytes);
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
    return runThen(fn, end);
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
    this.stats.poolBytes -= this.#pool.bound(); // no encoder open: free buffers may go
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
    const error = await batchError(batches, this.#uncaptured) ??
      (this.#lostReason !== null ? this.#lostError() : null) ??
      mapError(outcomes);
    finishReads(reads, outcomes, error);
    this.#timer.finishUpTo(lastSerial);
    if (error) throw error;
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
