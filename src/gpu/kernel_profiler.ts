/**
 * An opt-in per-kernel profiler. While it is on, the runtime gives every dispatch its own
 * compute pass with a pair of timestamp queries, so the GPU time of each kernel launch is known;
 * the report aggregates time and launch count by kernel (file:entry) and by shape class (the
 * element counts of its buffers and its workgroup grid). Host time spent recording dispatches
 * is measured too. One pass per dispatch costs a little extra, so the totals are an upper bound
 * of what the same work costs unprofiled; the proportions are what the profile is for.
 *
 * Timestamps are resolved into a mappable buffer inside each submit and mapped together with
 * the runtime's next awaited read or sync, like the stage timer's (no extra round trip).
 */

/** Per kernel and shape class: launches and GPU time. */
export interface KernelProfileRow {
  /** "file:entry". */
  kernel: string;
  /** "in a,b -> out c @ x,y,z": buffer lengths (float32 elements) and workgroup grid. */
  shape: string;
  count: number;
  gpuMs: number;
}

/** What a profiling session measured (JSON-friendly). */
export interface KernelProfile {
  /** Dispatches recorded while profiling. */
  dispatches: number;
  /** Sum of every dispatch's GPU time (each alone in its pass). */
  gpuMs: number;
  /** Host time spent inside runtime.dispatch() (validation, caches, encoding). */
  hostDispatchMs: number;
  /** By kernel, largest GPU time first. */
  byKernel: { kernel: string; count: number; gpuMs: number; meanUs: number }[];
  /** By kernel and shape class, largest GPU time first. */
  byShape: KernelProfileRow[];
  /** Dispatches whose timestamps never arrived (device lost, mapping failed). */
  missing: number;
}

interface Span {
  key: string;
  kernel: string;
  shape: string;
  ns: number | null;
}

interface PendingResolve {
  serial: number;
  buffer: GPUBuffer;
  spans: Span[];
}

/** Query pairs per submit; the runtime submits early when they run out. */
const PAIRS_PER_SUBMIT = 2048;

/** Collects per-dispatch timestamps; owned by a GpuRuntime (see runtime.startProfiling). */
export class KernelProfiler {
  readonly #device: GPUDevice;
  readonly #querySet: GPUQuerySet;
  #batch: Span[] = [];
  #pending: PendingResolve[] = [];
  #done: Span[] = [];
  hostDispatchMs = 0;

  constructor(device: GPUDevice) {
    this.#device = device;
    this.#querySet = device.createQuerySet({
      label: "attn kernel profiler",
      type: "timestamp",
      count: 2 * PAIRS_PER_SUBMIT,
    });
  }

  /** True when this submit's query pairs are used up (the runtime must submit first). */
  get needsSubmit(): boolean {
    return this.#batch.length === PAIRS_PER_SUBMIT;
  }

  /** The timestamp writes of the pass holding the next dispatch. */
  next(kernel: string, shape: string): GPUComputePassTimestampWrites {
    const pair = this.#batch.length;
    this.#batch.push({ key: `${kernel}|${shape}`, kernel, shape, ns: null });
    return {
      querySet: this.#querySet,
      beginningOfPassWriteIndex: 2 * pair,
      endOfPassWriteIndex: 2 * pair + 1,
    };
  }

  /** Records the resolve of this batch's queries into encoder (right before finish). */
  resolve(encoder: GPUCommandEncoder, serial: number): void {
    const count = this.#batch.length;
    if (count === 0) return;
    const bytes = count * 16;
    const resolveBuffer = this.#device.createBuffer({
      label: "attn profiler resolve",
      size: bytes,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    const readBuffer = this.#device.createBuffer({
      label: "attn profiler read",
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    encoder.resolveQuerySet(this.#querySet, 0, count * 2, resolveBuffer, 0);
    encoder.copyBufferToBuffer(resolveBuffer, 0, readBuffer, 0, bytes);
    this.#pending.push({ serial, buffer: readBuffer, spans: this.#batch });
    this.#batch = [];
    queueMicrotask(() => resolveBuffer.destroy());
  }

  /** Maps the timestamps of every submit up to serial (call with the batch's other waits). */
  collect(serial: number): Promise<void> {
    const ready = this.#pending.filter((p) => p.serial <= serial);
    this.#pending = this.#pending.filter((p) => p.serial > serial);
    return Promise.all(ready.map(async (p) => {
      try {
        await p.buffer.mapAsync(GPUMapMode.READ);
        const stamps = new BigUint64Array(p.buffer.getMappedRange());
        p.spans.forEach((span, i) => {
          const begin = stamps[2 * i];
          const end = stamps[2 * i + 1];
          span.ns = end > begin ? Number(end - begin) : 0;
        });
        p.buffer.unmap();
      } catch {
        // Device lost or mapping failed: these spans stay unknown (counted as missing).
      } finally {
        p.buffer.destroy();
        this.#done.push(...p.spans);
      }
    })).then(() => undefined);
  }

  /** The aggregated profile of every dispatch collected so far (call after a sync). */
  report(): KernelProfile {
    const spans = [...this.#done, ...this.#pending.flatMap((p) => p.spans), ...this.#batch];
    const byShape = new Map<string, KernelProfileRow>();
    const byKernel = new Map<string, { kernel: string; count: number; gpuMs: number }>();
    let missing = 0;
    let gpuMs = 0;
    for (const s of spans) {
      if (s.ns === null) missing++;
      const ms = (s.ns ?? 0) / 1e6;
      gpuMs += ms;
      const row = byShape.get(s.key) ?? { kernel: s.kernel, shape: s.shape, count: 0, gpuMs: 0 };
      row.count++;
      row.gpuMs += ms;
      byShape.set(s.key, row);
      const k = byKernel.get(s.kernel) ?? { kernel: s.kernel, count: 0, gpuMs: 0 };
      k.count++;
      k.gpuMs += ms;
      byKernel.set(s.kernel, k);
    }
    const desc = (a: { gpuMs: number }, b: { gpuMs: number }) => b.gpuMs - a.gpuMs;
    return {
      dispatches: spans.length,
      gpuMs,
      hostDispatchMs: this.hostDispatchMs,
      byKernel: [...byKernel.values()].sort(desc).map((k) => ({
        ...k,
        meanUs: (k.gpuMs / k.count) * 1000,
      })),
      byShape: [...byShape.values()].sort(desc),
      missing,
    };
  }

  /** Frees the query set and any unread buffers. */
  destroy(): void {
    for (const p of this.#pending) p.buffer.destroy();
    this.#pending = [];
    this.#querySet.destroy();
  }
}

/** A shape class for the profile: buffer lengths and the workgroup grid. */
export function shapeClass(
  inputs: readonly { length: number }[],
  outputs: readonly { length: number }[],
  grid: readonly number[],
): string {
  const lens = (bs: readonly { length: number }[]) => bs.map((b) => b.length).join(",");
  return `in ${lens(inputs)} -> out ${lens(outputs)} @ ${grid.join("x")}`;
}
