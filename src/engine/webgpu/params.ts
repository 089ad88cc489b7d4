/**
 * Kernel parameters: a WGSL uniform struct made only of 4-byte scalars, and the
 * per-submit "arena" that holds the parameters of every dispatch in one buffer.
 */

/** Bytes reserved for one dispatch's parameters: WebGPU's minUniformBufferOffsetAlignment. */
export const PARAMS_SLOT_BYTES = 256;
/** The largest struct a slot holds: 64 scalars. */
const MAX_SCALARS = PARAMS_SLOT_BYTES / 4;

type ScalarKind = 0 | 1 | 2; // u32, i32, f32

/**
 * Packs a WGSL uniform struct of 4-byte scalars (u32, i32, f32), in
 * declaration order. Vector types are not supported: WGSL would align them to
 * 8 or 16 bytes, and spelling them out as scalars keeps the layout obvious.
 *
 * ```ts
 * // struct P { n: u32, alpha: f32 }
 * new Params().u32(n).f32(alpha)
 * ```
 */
export class Params {
  readonly #kinds: ScalarKind[] = [];
  readonly #values: number[] = [];

  /** Appends a u32 (wraps modulo 2^32, like `>>> 0`). */
  u32(v: number): this {
    return this.#push(0, v);
  }
  /** Appends an i32 (wraps modulo 2^32, like `| 0`). */
  i32(v: number): this {
    return this.#push(1, v);
  }
  /** Appends an f32 (rounded from the float64 value). */
  f32(v: number): this {
    return this.#push(2, v);
  }

  /** Size of the packed struct in bytes. */
  get byteLength(): number {
    return this.#values.length * 4;
  }

  /** Writes the packed struct (little-endian) at byteOffset. */
  writeTo(view: DataView, byteOffset: number): void {
    for (let i = 0; i < this.#values.length; i++) {
      const at = byteOffset + 4 * i;
      const v = this.#values[i];
      switch (this.#kinds[i]) {
        case 0:
          view.setUint32(at, v >>> 0, true);
          break;
        case 1:
          view.setInt32(at, v | 0, true);
          break;
        default:
          view.setFloat32(at, v, true);
      }
    }
  }

  #push(kind: ScalarKind, v: number): this {
    if (this.#values.length === MAX_SCALARS) {
      throw new Error(`expected a params struct of at most ${MAX_SCALARS} scalars, got more`);
    }
    if (!Number.isFinite(v) && kind !== 2) {
      throw new Error(`expected a finite integer for a u32/i32 param, got ${v}`);
    }
    this.#kinds.push(kind);
    this.#values.push(v);
    return this;
  }
}

/**
 * One uniform buffer holding the params of every dispatch recorded into the
 * current command encoder, each in its own 256-byte slot bound with a dynamic
 * offset. The slots are filled on the CPU and copied with one
 * queue.writeBuffer right before the submit.
 *
 * Why one GPU buffer is enough (no ring): queue operations run in queue order.
 * The writeBuffer for submit N+1 is issued after submit N was queued, so it
 * takes effect only after submit N's commands have read their params; and it
 * is issued before submit N+1, so those commands see it. When the slots run
 * out the runtime submits early (without waiting) and starts over, which keeps
 * exactly that order.
 */
export class UniformArena {
  readonly buffer: GPUBuffer;
  readonly slots: number;
  readonly #bytes: ArrayBuffer;
  readonly #view: DataView;
  readonly #device: GPUDevice;
  #used = 0;

  constructor(device: GPUDevice, slots = 4096) {
    this.#device = device;
    this.slots = slots;
    this.#bytes = new ArrayBuffer(slots * PARAMS_SLOT_BYTES);
    this.#view = new DataView(this.#bytes);
    this.buffer = device.createBuffer({
      label: "attn params arena",
      size: slots * PARAMS_SLOT_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  /** True when no slot is left for another dispatch. */
  get full(): boolean {
    return this.#used === this.slots;
  }

  /** Stores params in the next slot and returns its byte offset (the dynamic offset). */
  push(params: Params | undefined): number {
    if (this.full) throw new Error("the params arena is full; submit before pushing more");
    const offset = this.#used * PARAMS_SLOT_BYTES;
    params?.writeTo(this.#view, offset);
    this.#used++;
    return offset;
  }

  /** Copies the used slots to the GPU buffer (queued before the next submit) and empties the arena. */
  upload(): void {
    if (this.#used === 0) return;
    const bytes = this.#used * PARAMS_SLOT_BYTES;
    this.#device.queue.writeBuffer(this.buffer, 0, this.#bytes, 0, bytes);
    new Uint8Array(this.#bytes, 0, bytes).fill(0);
    this.#used = 0;
  }
}
