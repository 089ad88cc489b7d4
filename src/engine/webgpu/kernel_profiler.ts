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

import { type TimedSpan, TimestampQueries } from "./timestamp_queries.ts";

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

interface Span extends TimedSpan {
  key: string;
  kernel: string;
  shape: string;
}

/** Query pairs per submit; the runtime submits early when they run out. */
const PAIRS_PER_SUBMIT = 2048;

/** Collects per-dispatch timestamps; owned by a GpuRuntime (see runtime.startProfiling). */
export class KernelProfiler {
  readonly #queries: TimestampQueries<Span>;
  #done: Span[] = [];
  hostDispatchMs = 0;

  constructor(device: GPUDevice) {
    this.#queries = new TimestampQueries<Span>(device, {
      pairs: PAIRS_PER_SUBMIT,
      label: "attn kernel profiler",
    });
  }

  /** True when this submit's query pairs are used up (the runtime must submit first). */
  get needsSubmit(): boolean {
    return this.#queries.full;
  }

  /** The timestamp writes of the pass holding the next dispatch. */
  next(kernel: string, shape: string): GPUComputePassTimestampWrites | undefined {
    return this.#queries.next({ key: `${kernel}|${shape}`, kernel, shape, ns: null });
  }

  /** Records the resolve of this batch's queries into encoder (right before finish). */
  resolve(encoder: GPUCommandEncoder, serial: number): void {
    this.#queries.resolve(encoder, serial);
  }

  /** Maps the timestamps of every submit up to serial (call with the batch's other waits). */
  async collect(serial: number): Promise<void> {
    this.#done.push(...await this.#queries.collect(serial));
  }

  /** The aggregated profile of every dispatch collected so far (call after a sync). */
  report(): KernelProfile {
    const spans = [...this.#done, ...this.#queries.waiting];
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
    this.#queries.destroy();
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
