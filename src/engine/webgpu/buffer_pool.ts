/**
 * A pool of storage buffers in size buckets, so that the many short-lived
 * intermediates of a forward or backward pass reuse a few GPU allocations.
 *
 * Recycling is immediate: a buffer released while recorded work still reads
 * it may be handed out at once, because any later GPU work that writes it is
 * ordered after the earlier reads in the same queue. (Host writes are the
 * exception; see GpuRuntime.upload.)
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

/** Size-bucketed free lists of storage buffers. */
export class BufferPool {
  readonly #device: GPUDevice;
  readonly #free = new Map<number, PooledBuffer[]>();
  #nextId = 1;
  /** Bytes held by all buffers this pool created and has not destroyed. */
  allocatedBytes = 0;

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** A buffer of at least `bytes` bytes (contents undefined). */
  take(bytes: number): PooledBuffer {
    const size = bucketBytes(bytes);
    const list = this.#free.get(size);
    const reused = list?.pop();
    if (reused) return reused;
    const buffer = this.#device.createBuffer({
      label: `attn pool ${size}B #${this.#nextId}`,
      size,
      usage: POOL_USAGE,
    });
    this.allocatedBytes += size;
    return { buffer, bytes: size, id: this.#nextId++ };
  }

  /** Returns a buffer to its bucket. */
  give(b: PooledBuffer): void {
    let list = this.#free.get(b.bytes);
    if (!list) this.#free.set(b.bytes, list = []);
    list.push(b);
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
  }
}
