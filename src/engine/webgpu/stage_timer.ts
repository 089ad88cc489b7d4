/**
 * Named stage timings. Each compute pass opened while a stage is active gets
 * a pair of timestamp queries (beginning and end of the pass) when the device
 * has timestamp-query; the queries are resolved into a mappable buffer inside
 * the same submit, and mapped together with the next awaited read or sync,
 * so timing costs no extra round trip. Without timestamp-query a stage only
 * has wall time.
 *
 * A stage's wall time runs from its start until its GPU work was seen finished (the read or
 * sync that completed its last submit), not just until its function returned: the GPU runs a
 * stage's passes after they are recorded, so only this span contains them. GPU time (the sum
 * of the stage's pass timestamps; passes of one queue run one after the other) is then never
 * more than the wall time of the same stage, by construction.
 */

import { type TimedSpan, TimestampQueries } from "./timestamp_queries.ts";

/** A named span of GPU work and how long it took. */
export interface StageTiming {
  name: string;
  wallMs: number;
  gpuMs?: number;
}

/** One timestamped compute pass; ns is filled once its submit is mapped. */
type PassSpan = TimedSpan;

interface StageRecord {
  name: string;
  startMs: number;
  wallMs: number;
  passes: PassSpan[];
  /** Serial of the last submit holding this stage's work; null while running. */
  endSerial: number | null;
}

/** Query pairs per submit; the runtime submits early when they run out. */
const PAIRS_PER_SUBMIT = 1024;

/** Tracks stages, their pass timestamps and their completion. */
export class StageTimer {
  readonly #queries: TimestampQueries<PassSpan> | null;
  #active: StageRecord[] = [];
  #running: StageRecord[] = [];
  #finished: StageTiming[] = [];

  constructor(device: GPUDevice, hasTimestamps: boolean) {
    this.#queries = hasTimestamps
      ? new TimestampQueries<PassSpan>(device, {
        pairs: PAIRS_PER_SUBMIT,
        label: "attn stage timestamps",
      })
      : null;
  }

  /** True when a stage is active and the next pass cannot get timestamps in this submit. */
  get needsSubmit(): boolean {
    return this.#queries !== null && this.#active.length > 0 && this.#queries.full;
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

  /** Ends a stage whose last work goes into the submit numbered serial (wall time runs on). */
  end(record: StageRecord, serial: number): void {
    record.endSerial = serial;
    this.#active = this.#active.filter((r) => r !== record);
  }

  /** The timestampWrites for a pass being opened now, or undefined when none is timed. */
  passTimestamps(): GPUComputePassTimestampWrites | undefined {
    if (!this.#queries || this.#active.length === 0) return undefined;
    const span: PassSpan = { ns: null };
    const writes = this.#queries.next(span); // undefined when full: the runtime submits first
    if (writes) { for (const r of this.#active) r.passes.push(span); }
    return writes;
  }

  /** Records the resolve of this submit's queries into encoder (right before finish). */
  resolve(encoder: GPUCommandEncoder, serial: number): void {
    this.#queries?.resolve(encoder, serial);
  }

  /** Maps the resolved timestamps of every submit up to serial; call with the batch's other waits. */
  async collect(serial: number): Promise<void> {
    await this.#queries?.collect(serial);
  }

  /**
   * Moves stages whose work was all in submits up to serial to the finished list; call once
   * those submits are seen finished: their wall time ends now.
   */
  finishUpTo(serial: number): void {
    const now = performance.now();
    const still: StageRecord[] = [];
    for (const r of this.#running) {
      if (r.endSerial === null || r.endSerial > serial) {
        still.push(r);
        continue;
      }
      r.wallMs = now - r.startMs;
      const timing: StageTiming = { name: r.name, wallMs: r.wallMs };
      if (this.#queries) {
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

/** Runs `fn`, then `end` once it returned, threw, or (for a promise) settled. */
export function runThen<T>(fn: () => T, end: () => void): T {
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
