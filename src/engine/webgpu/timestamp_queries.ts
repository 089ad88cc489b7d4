/**
 * Pairs of timestamp queries around compute passes, resolved into a mappable
 * buffer inside the same submit and mapped together with the runtime's next
 * awaited read or sync, so timing costs no extra round trip. Shared by the
 * stage timer and the kernel profiler, which differ only in what a span
 * means.
 */

/** One timed pass; ns (end - begin) is filled once its submit is mapped. */
export interface TimedSpan {
  ns: number | null;
}

interface PendingResolve<S extends TimedSpan> {
  serial: number;
  buffer: GPUBuffer;
  spans: S[];
}

/** A query set of `pairs` begin/end pairs per submit, and the spans waiting for their values. */
export class TimestampQueries<S extends TimedSpan> {
  readonly #device: GPUDevice;
  readonly #querySet: GPUQuerySet;
  readonly #pairs: number;
  readonly #label: string;
  #batch: S[] = [];
  #pending: PendingResolve<S>[] = [];

  constructor(device: GPUDevice, options: { pairs: number; label: string }) {
    this.#device = device;
    this.#pairs = options.pairs;
    this.#label = options.label;
    this.#querySet = device.createQuerySet({
      label: options.label,
      type: "timestamp",
      count: 2 * options.pairs,
    });
  }

  /** True when this submit's pairs are used up: the runtime must submit first. */
  get full(): boolean {
    return this.#batch.length === this.#pairs;
  }

  /** The timestampWrites for a pass timing `span`, or undefined when the pairs are used up. */
  next(span: S): GPUComputePassTimestampWrites | undefined {
    if (this.full) return undefined;
    const pair = this.#batch.length;
    this.#batch.push(span);
    return {
      querySet: this.#querySet,
      beginningOfPassWriteIndex: 2 * pair,
      endOfPassWriteIndex: 2 * pair + 1,
    };
  }

  /**
   * Records the resolve of this submit's queries into encoder (right before
   * finish). The next submit reuses the query slots: its writes are queued
   * after this resolve.
   */
  resolve(encoder: GPUCommandEncoder, serial: number): void {
    const count = this.#batch.length;
    if (count === 0) return;
    const bytes = count * 2 * 8; // two u64 timestamps per pass
    const resolveBuffer = this.#device.createBuffer({
      label: `${this.#label} resolve`,
      size: bytes,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    const readBuffer = this.#device.createBuffer({
      label: `${this.#label} read`,
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    encoder.resolveQuerySet(this.#querySet, 0, count * 2, resolveBuffer, 0);
    encoder.copyBufferToBuffer(resolveBuffer, 0, readBuffer, 0, bytes);
    this.#pending.push({ serial, buffer: readBuffer, spans: this.#batch });
    this.#batch = [];
    // Destroying after recording is fine: destruction waits for submitted work.
    queueMicrotask(() => resolveBuffer.destroy());
  }

  /**
   * Maps the timestamps of every submit up to serial (call with the batch's
   * other waits) and returns their spans. A failed map (device lost) leaves
   * those spans' ns null.
   */
  async collect(serial: number): Promise<S[]> {
    const ready = this.#pending.filter((p) => p.serial <= serial);
    this.#pending = this.#pending.filter((p) => p.serial > serial);
    await Promise.all(ready.map(async (p) => {
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
        // Device lost or mapping failed: these spans stay unknown.
      } finally {
        p.buffer.destroy();
      }
    }));
    return ready.flatMap((p) => p.spans);
  }

  /** Spans recorded but not collected yet. */
  get waiting(): S[] {
    return [...this.#pending.flatMap((p) => p.spans), ...this.#batch];
  }

  /** Frees the query set and the buffers of uncollected submits. */
  destroy(): void {
    for (const p of this.#pending) p.buffer.destroy();
    this.#pending = [];
    this.#batch = [];
    this.#querySet.destroy();
  }
}
