/**
 * A pool of storage buffers in size buckets, so that the many short-lived
 * intermediates of a forward or backward pass reuse a few GPU allocations.
 *
 * Recycling is immediate: a buffer released while recorded work still reads
 * it may be handed out at once, because any later GPU work that writes it is
 * ordered after the earlier reads in the same queue. (Host writes are the
 * exception; see GpuRuntime.upload.)
 *
 * Free buffers are bounded (`bound`): a long session runs many shapes (an experiment sweeps
 * attention up to n = 4096, the next trains a small model), and keeping every bucket it ever
 * used held ~280 MiB of free buffers after one round of the experiments, device memory that on
 * llvmpipe is the process's own. Over the bound, the buckets taken least recently are
 * destroyed first, and only those not taken during the last few submits: a loop that reuses
 * its buckets every step or repetition keeps them whatever their size (a benchmark of n = 4096
 * attention re-creating its 64 MiB buffers each repetition would time the allocation).
 */

/** Usage of every pooled buffer: bound as storage, copied from and to. */
const POOL_USAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/**
 * Bucket size in bytes for a request: powers of two from 16 bytes to 4 KiB,
 * then quarter steps between powers of two (at most 25% waste).
 */
export function bucketBytes(bytes: number): number {
  if (bytes <= 16) return 16;
  const pow = 2 ** Math.ceil(Math.log2(bytes));
  if (pow <= 4096) return pow;
  const step = pow / 8; // quarter steps of the lower power of two
  return Math.ceil(bytes / step) * step;
}

/** A physical GPU buffer with a stable id (the key for bind-group caching). */
export interface PooledBuffer {
  readonly buffer: GPUBuffer;
  readonly bytes: number;
  readonly id: number;
}

/**
 * Default bound on the pool's free bytes: above the working set of the shipped models' training
 * steps (a Transformer step at batch 64 frees ~30 MiB at its end, measured with `bench train`),
 * well below what a session of experiments leaves behind.
 */
export const DEFAULT_MAX_FREE_BYTES = 64 * 2 ** 20;

/** Buckets taken during this many of the latest bound() calls (submits) are never destroyed. */
export const KEEP_RECENT_SUBMITS = 8;

/** Size-bucketed free lists of storage buffers. */
export class BufferPool {
  readonly #device: GPUDevice;
  /** Free lists by bucket size; a Map keeps insertion order, refreshed on take: oldest first. */
  readonly #free = new Map<number, PooledBuffer[]>();
  #nextId = 1;
  /** Bytes held by all buffers this pool created and has not destroyed. */
  allocatedBytes = 0;
  /** Bytes of the buffers in the free lists (part of allocatedBytes). */
  freeBytes = 0;
  /** Most allocatedBytes ever held at once. */
  peakAllocatedBytes = 0;
  /** bound() calls so far, and at which one each bucket was last taken. */
  #epoch = 0;
  readonly #lastTaken = new Map<number, number>();

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** A buffer of at least `bytes` bytes (contents undefined). */
  take(bytes: number): PooledBuffer {
    const size = bucketBytes(bytes);
    this.#lastTaken.set(size, this.#epoch);
    const list = this.#free.get(size);
    if (list) { // most recently used bucket last: bound() destroys from the front
      this.#free.delete(size);
      this.#free.set(size, list);
    }
    const reused = list?.pop();
    if (reused) {
      this.freeBytes -= reused.bytes;
      return reused;
    }
    const buffer = this.#device.createBuffer({
      label: `attn pool ${size}B #${this.#nextId}`,
      size,
      usage: POOL_USAGE,
    });
    this.allocatedBytes += size;
    this.peakAllocatedBytes = Math.max(this.peakAllocatedBytes, this.allocatedBytes);
    return { buffer, bytes: size, id: this.#nextId++ };
  }

  /** Returns a buffer to its bucket. */
  give(b: PooledBuffer): void {
    let list = this.#free.get(b.bytes);
    if (!list) this.#free.set(b.bytes, list = []);
    list.push(b);
    this.freeBytes += b.bytes;
  }

  /**
   * Destroys free buffers, whole buckets taken least recently first, until at most `maxFreeBytes`
   * are free, sparing the buckets taken during the last `keepRecent` calls (counting this one).
   * Only when no recorded work is left unsubmitted: the implementation defers a destroy until
   * submitted work that uses the buffer has run, but a buffer recorded in an open encoder would
   * fail that encoder's submit. Returns the bytes destroyed.
   */
  bound(maxFreeBytes = DEFAULT_MAX_FREE_BYTES, keepRecent = KEEP_RECENT_SUBMITS): number {
    const epoch = this.#epoch++;
    let destroyed = 0;
    for (const [size, list] of this.#free) {
      if (this.freeBytes <= maxFreeBytes) break;
      if (epoch - (this.#lastTaken.get(size) ?? -Infinity) < keepRecent) break; // the rest are newer
      for (const b of list) b.buffer.destroy();
      const bytes = list.length * size;
      destroyed += bytes;
      this.freeBytes -= bytes;
      this.allocatedBytes -= bytes;
      this.#free.delete(size);
    }
    return destroyed;
  }

  /** Destroys every free buffer (live ones are untouched). */
  trim(): void {
    for (const list of this.#free.values()) {
      for (const b of list) {
        b.buffer.destroy();
        this.allocatedBytes -= b.bytes;
      }
    }
    this.#free.clear();
    this.freeBytes = 0;
  }
}
