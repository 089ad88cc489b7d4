/**
 * What every cpu backend method stands on: storages are Float32Arrays this backend allocated
 * and has not released (checked on every use), counters, stage timings, and reads that let
 * the event loop turn now and then so that Ctrl-C is heard during long cpu work.
 */
import type { BackendStats, Timing } from "../backend/contract.ts";

/** A cpu storage is a plain Float32Array owned by one CpuBackend. */
export type CpuStorage = Float32Array;

/** How long cpu work may run between two turns of the event loop (signals, timers), in ms. */
const YIELD_EVERY_MS = 50;

/** Memory, timing and storage bookkeeping of the cpu backend (its kernels are subclasses'). */
export abstract class CpuMemory {
  readonly stats: BackendStats = { roundTrips: 0, dispatches: 0, liveBytes: 0 };
  /** Storages allocated here and not yet released. */
  #live = new WeakSet<Float32Array>();
  #timings: Timing[] = [];
  /** When an awaited read or sync last let the event loop turn (see #letEventsIn). */
  #lastTurn = performance.now();

  upload(data: Float32Array): CpuStorage {
    return this.adopt(data.slice());
  }

  full(n: number, value: number): CpuStorage {
    this.stats.dispatches++;
    return this.adopt(new Float32Array(n).fill(value));
  }

  alloc(n: number): CpuStorage {
    return this.adopt(new Float32Array(n));
  }

  length(s: CpuStorage): number {
    return this.use(s, "length").length;
  }

  async read(s: CpuStorage): Promise<Float32Array> {
    const copy = this.use(s, "read").slice();
    await this.#letEventsIn();
    return copy;
  }

  release(s: CpuStorage): void {
    if (!(s instanceof Float32Array) || !this.#live.has(s)) {
      throw new Error(
        "release: expected a live storage of this cpu backend, " +
          "got one that was already released or never allocated here",
      );
    }
    this.#live.delete(s);
    this.stats.liveBytes -= s.byteLength;
  }

  flush(): void {}

  sync(): Promise<void> {
    return this.#letEventsIn();
  }

  /**
   * The cpu backend computes synchronously, so an awaited read or sync resolves as a
   * microtask and the event loop never turns: a Ctrl-C (a signal listener, a macrotask) would
   * wait for the whole benchmark, experiment or training to end. So a read or sync that comes
   * more than YIELD_EVERY_MS after the last turn waits one macrotask, where pending signals
   * are delivered; the pause (~0.1 ms) is paid at most 20 times a second.
   */
  #letEventsIn(): Promise<void> {
    const now = performance.now();
    if (now - this.#lastTurn < YIELD_EVERY_MS) return Promise.resolve();
    this.#lastTurn = now;
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  stage<T>(name: string, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.#timings.push({ name, wallMs: performance.now() - start });
    }
  }

  takeTimings(): Timing[] {
    const timings = this.#timings;
    this.#timings = [];
    return timings;
  }

  // --- bookkeeping --------------------------------------------------------

  /** Registers a freshly computed array as a live storage of this backend. */
  protected adopt(data: Float32Array): CpuStorage {
    this.#live.add(data);
    this.stats.liveBytes += data.byteLength;
    return data;
  }

  /** Counts one kernel run and adopts its result. */
  protected run(out: Float32Array): CpuStorage {
    this.stats.dispatches++;
    return this.adopt(out);
  }

  /** Returns s if it is a live storage of this backend, else throws naming the primitive. */
  protected use(s: CpuStorage, where: string): Float32Array {
    if (!(s instanceof Float32Array) || !this.#live.has(s)) {
      throw new Error(
        `${where}: expected a live storage of this cpu backend, got ${
          s instanceof Float32Array ? "a released or foreign Float32Array" : typeof s
        }`,
      );
    }
    return s;
  }
}
