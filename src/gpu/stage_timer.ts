/**
 * Named stage timings. Each compute pass opened while a stage is active gets
 * a pair of timestamp queries (beginning and end of the pass) when the device
 * has timestamp-query; the queries are resolved into a mappable buffer inside
 * the same submit, and mapped together with the next awaited read or sync,
 * so timing costs no extra round trip. Without timestamp-query a stage only
 * has wall time (the time spent in its function).
 */

/** A named span of GPU work and how long it took. */
export interface StageTiming {
  name: string;
  wallMs: number;
  gpuMs?: number;
}

/** One timestamped compute pass; ns is filled once its submit is mapped. */
interface PassSpan {
  ns: number | null;
}

interface StageRecord {
  name: string;
  startMs: number;
  wallMs: number;
  passes: PassSpan[];
  /** Serial of the last submit holding this stage's work; null while running. */
  endSerial: number | null;
}

interface PendingResolve {
  serial: number;
  buffer: GPUBuffer;
  spans: PassSpan[];
}

/** Query pairs per submit; the runtime submits early when they run out. */
const PAIRS_PER_SUBMIT = 1024;

/** Tracks stages, their pass timestamps and their completion. */
export class StageTimer {
  readonly #device: GPUDevice;
  readonly #querySet: GPUQuerySet | null;
  #active: StageRecord[] = [];
  #running: StageRecord[] = [];
  /** Spans of passes recorded in the batch being built (index = pair). */
  #batchSpans: PassSpan[] = [];
  #pending: PendingResolve[] = [];
  #finished: StageTiming[] = [];

  constructor(device: GPUDevice, hasTimestamps: boolean) {
    this.#device = device;
    this.#querySet = hasTimestamps
      ? device.createQuerySet({
        label: "attn stage timestamps",
        type: "timestamp",
        count: 2 * PAIRS_PER_SUBMIT,
      })
      : null;
  }

  /** True when a stage is active and the next pass cannot get timestamps in this submit. */
  get needsSubmit(): boolean {
    return this.#querySet !== null && this.#active.length > 0 &&
      this.#batchSpans.length === PAIRS_PER_SUBMIT;
  }

  /** Starts a stage (stages may nest; a pass counts for every active stage). */
  begin(name: string): StageRecord {
    const record: StageRecord = {
      name,
      startMs: performance.now(),
      wallMs: 0,
      passes: [],
      endSerial: null,
    };
    this.#active.push(record);
    this.#running.push(record);
    return record;
  }

  /** Ends a stage whose last work goes into the submit numbered serial. */
  end(record: StageRecord, serial: number): void {
    record.wallMs = performance.now() - record.startMs;
    record.endSerial = serial;
    this.#active = this.#active.filter((r) => r !== record);
  }

  /** The timestampWrites for a pass being opened now, or undefined when none is timed. */
  passTimestamps(): GPUComputePassTimestampWrites | undefined {
    if (!this.#querySet || this.#active.length === 0) return undefined;
    if (this.#batchSpans.length === PAIRS_PER_SUBMIT) return undefined; // runtime submits first
    const pair = this.#batchSpans.length;
    const span: PassSpan = { ns: null };
    this.#batchSpans.push(span);
    for (const r of this.#active) r.passes.push(span);
    return {
      querySet: this.#querySet,
      beginningOfPassWriteIndex: 2 * pair,
      endOfPassWriteIndex: 2 * pair + 1,
    };
  }

  /**
   * Records the resolve of this batch's queries into encoder (call right
   * before finish). Query slots are reused by the next submit: its writes
   * are queued after this resolve.
   */
  resolve(encoder: GPUCommandEncoder, serial: number): void {
    const count = this.#batchSpans.length;
    if (!this.#querySet || count === 0) return;
    const bytes = count * 2 * 8;
    const resolveBuffer = this.#device.createBuffer({
      label: "attn timestamp resolve",
      size: bytes,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    const readBuffer = this.#device.createBuffer({
      label: "attn timestamp read",
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    encoder.resolveQuerySet(this.#querySet, 0, count * 2, resolveBuffer, 0);
    encoder.copyBufferToBuffer(resolveBuffer, 0, readBuffer, 0, bytes);
    this.#pending.push({ serial, buffer: readBuffer, spans: this.#batchSpans });
    this.#batchSpans = [];
    // Destroying after recording is fine: destruction waits for submitted work.
    queueMicrotask(() => resolveBuffer.destroy());
  }

  /** Maps the resolved timestamps of every submit up to serial; call with the batch's other waits. */
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
        // Device lost or mapping failed: the spans stay unknown (gpuMs omitted).
      } finally {
        p.buffer.destroy();
      }
    })).then(() => undefined);
  }

  /** Moves stages whose work was all in submits up to serial to the finished list. */
  finishUpTo(serial: number): void {
    const still: StageRecord[] = [];
    for (const r of this.#running) {
      if (r.endSerial === null || r.endSerial > serial) {
        still.push(r);
        continue;
      }
      const timing: StageTiming = { name: r.name, wallMs: r.wallMs };
      if (this.#querySet) {
        if (r.passes.every((s) => s.ns !== null)) {
          timing.gpuMs = r.passes.reduce((sum, s) => sum + (s.ns ?? 0), 0) / 1e6;
        }
      }
      this.#finished.push(timing);
    }
    this.#running = still;
  }

  /** Stages finished by the last awaited read or sync, oldest first; clears them. */
  take(): StageTiming[] {
    const out = this.#finished;
    this.#finished = [];
    return out;
  }
}
