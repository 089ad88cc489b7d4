/** The storage buffers the runtime hands out, and how it recognizes its own. */
import type { PooledBuffer } from "./buffer_pool.ts";

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
export class RuntimeBuffer implements GpuBuffer {
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

/** `b` as the runtime's own buffer; throws for any other object. */
export function ownBuffer(b: GpuBuffer): RuntimeBuffer {
  if (!(b instanceof RuntimeBuffer)) {
    throw new Error(`expected a GpuBuffer from this runtime's alloc/upload, got ${typeof b}`);
  }
  return b;
}

/**
 * The bytes of a buffer of `length` float32 elements; throws unless `length` is a whole number
 * whose bytes fit the device's storage binding limit `maxBytes`.
 */
export function bufferBytes(length: number, maxBytes: number): number {
  if (!Number.isInteger(length) || length < 0) {
    throw new Error(`expected a buffer length that is a non-negative integer, got ${length}`);
  }
  const bytes = length * 4;
  if (bytes > maxBytes) {
    throw new Error(
      `expected a buffer of at most ${maxBytes / 4} float32 ` +
        `(the device's storage binding limit), got ${length}`,
    );
  }
  return bytes;
}
