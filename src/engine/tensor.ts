import type { Backend } from "./backend/contract.ts";
import type { TapeNode } from "./tape.ts";

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** "[2, 3, 4]": shapes in error messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * Where a tensor's elements sit in its storage: element [i0, i1, ...] is at
 * offset + i0 * strides[0] + i1 * strides[1] + ... (in float32 elements).
 */
export interface Layout {
  readonly offset: number;
  readonly strides: readonly number[];
}

/** The row-major strides of a contiguous tensor of this shape. */
export function denseStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

/** True when a layout is the contiguous row-major one of `shape` from offset 0. */
export function isDenseLayout(shape: readonly number[], layout: Layout): boolean {
  if (layout.offset !== 0) return false;
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && layout.strides[d] !== step) return false;
    step *= shape[d];
  }
  return true;
}

/**
 * A float32 tensor: a shape, the backend that holds its data, and (when it
 * was computed under a Tape) the tape node that produced it.
 *
 * Most tensors are dense: row-major from the start of their storage. A tensor can also be a
 * strided view of another tensor's storage (a slice, a transpose, one attention head's
 * columns of a packed projection): `layout` says where its elements are. Views cost nothing
 * to make. Ops that understand layouts (matmul, attention, the recurrent cells) read a view
 * where it lies; every other op reads `data`, which for a view is a dense copy made on first
 * use (and freed with the view).
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly backend: Backend;
  /** The backend storage holding the elements (shared by views). */
  readonly storage: unknown;
  /** Where the elements sit in `storage`. */
  readonly layout: Layout;
  /**
   * For a view: the dense tensor whose storage it shares, so that ops that read views in
   * place can send gradients straight to it. Null for a dense tensor.
   */
  readonly root: Tensor | null;
  /** Set on parameters: gradients flow to it. */
  requiresGrad = false;
  /** The tape node that produced this tensor, when recorded. */
  node: TapeNode | null = null;
  /** A name for error messages and checkpoints (parameters). */
  name = "";
  #disposed = false;
  /** A view's dense copy, made by the first read of `data`. */
  #dense: unknown = null;

  /**
   * A dense tensor over `data` (a storage of exactly size(shape) elements), or, with
   * `view`, a strided view of `view.root`'s storage.
   */
  constructor(
    backend: Backend,
    data: unknown,
    shape: readonly number[],
    view?: { layout: Layout; root: Tensor },
  ) {
    const n = sizeOf(shape);
    const length = backend.length(data);
    if (view === undefined && length !== n) {
      throw new Error(
        `tensor of shape ${shapeText(shape)} needs ${n} elements, storage has ${length}`,
      );
    }
    if (view !== undefined) checkExtent(shape, view.layout, length);
    this.backend = backend;
    this.storage = data;
    this.shape = Object.freeze([...shape]);
    this.layout = view?.layout ?? { offset: 0, strides: denseStrides(shape) };
    this.root = view?.root ?? null;
    storageRefs.set(data, (storageRefs.get(data) ?? 0) + 1);
    trackInScope(this);
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** True when the elements are contiguous and row-major from the start of the storage. */
  get isDense(): boolean {
    return this.root === null;
  }

  /**
   * The elements as a dense storage of exactly `size` floats: the storage itself for a dense
   * tensor; for a view, a contiguous copy made once (Backend.gather) and kept until dispose.
   */
  get data(): unknown {
    this.assertLive();
    if (this.root === null) return this.storage;
    if (this.#dense === null) {
      this.#dense = this.backend.gather(this.storage, {
        shape: [...this.shape],
        strides: [...this.layout.strides],
        offset: this.layout.offset,
      });
      storageRefs.set(this.#dense, 1); // a dense tensor over it (ops.contiguous) may share it
    }
    return this.#dense;
  }

  /** True when gradients must flow through this tensor. */
  get needsGrad(): boolean {
    return this.requiresGrad || this.node !== null;
  }

  /** Copies the data to the host. */
  async toArray(): Promise<Float32Array> {
    this.assertLive();
    return await this.backend.read(this.data);
  }

  /** Nested arrays in the tensor's shape, for tests and JSON. */
  async toNested(): Promise<unknown> {
    const flat = await this.toArray();
    const build = (dim: number, offset: number): unknown => {
      if (dim === this.shape.length) return flat[offset];
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** A tensor sharing nothing with this one but the values. */
  static from(backend: Backend, values: ArrayLike<number>, shape: readonly number[]): Tensor {
    return new Tensor(backend, backend.upload(Float32Array.from(values)), shape);
  }

  static full(backend: Backend, shape: readonly number[], value: number): Tensor {
    return new Tensor(backend, backend.full(sizeOf(shape), value), shape);
  }

  static zeros(backend: Backend, shape: readonly number[]): Tensor {
    return Tensor.full(backend, shape, 0);
  }

  /**
   * The same data under another shape of equal size, sharing the dense storage (no copy; a
   * view's dense copy is made first). Not differentiable by itself: ops/shape.ts `reshape`
   * records it.
   */
  view(shape: readonly number[]): Tensor {
    this.assertLive();
    return new Tensor(this.backend, this.data, shape);
  }

  /**
   * A strided view of this tensor's storage (no copy): `layout` says where the view's
   * elements sit in that storage (compose it from this.layout: ops/view_layouts.ts). Not
   * differentiable by itself: the view ops of ops/shape.ts record it. A view that turns out to
   * cover its root densely is the root itself (same shape) or a dense tensor over its storage.
   */
  strided(shape: readonly number[], layout: Layout): Tensor {
    this.assertLive();
    const root = this.root ?? this;
    if (isDenseLayout(shape, layout) && sizeOf(shape) === root.size) {
      // Back to the root's own elements (mergeHeads of splitHeads): the root itself, so that
      // gradients reach it directly, or a dense tensor over its storage in another shape.
      const same = shape.length === root.rank && shape.every((d, i) => d === root.shape[i]);
      return same ? root : new Tensor(this.backend, this.storage, shape);
    }
    return new Tensor(this.backend, this.storage, shape, { layout, root });
  }

  /**
   * Frees the storage once no other tensor (a view) shares it (webgpu: back
   * to the buffer pool). Idempotent.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.node = null;
    release(this.backend, this.storage);
    if (this.#dense !== null) {
      release(this.backend, this.#dense);
      this.#dense = null;
    }
    untrack(this);
  }

  assertLive(): void {
    if (this.#disposed) {
      throw new Error(`tensor ${this.name || shapeText(this.shape)} was used after dispose()`);
    }
  }
}

/** Drops one reference to a storage and frees it with the last one. */
function release(backend: Backend, storage: unknown): void {
  const refs = (storageRefs.get(storage) ?? 1) - 1;
  if (refs > 0) storageRefs.set(storage, refs);
  else {
    storageRefs.delete(storage);
    backend.release(storage);
  }
}

/** Throws unless every element of a view lies inside a storage of `length` floats. */
function checkExtent(shape: readonly number[], layout: Layout, length: number): void {
  let lo = layout.offset;
  let hi = layout.offset;
  shape.forEach((d, i) => {
    const reach = (d - 1) * layout.strides[i];
    if (reach < 0) lo += reach;
    else hi += reach;
  });
  if (layout.strides.length !== shape.length || lo < 0 || (sizeOf(shape) > 0 && hi >= length)) {
    throw new Error(
      `view of shape ${shapeText(shape)} (offset ${layout.offset}, strides [${
        layout.strides.join(", ")
      }]) reaches outside a storage of ${length} elements`,
    );
  }
}

/** How many live tensors share each storage (views share their base's). */
const storageRefs = new Map<unknown, number>();

// --- scopes ----------------------------------------------------------------
// A scope owns every tensor created while it is open; `tidy` disposes them at
// the end except those it returns. Tensors created outside any scope (model
// parameters, optimizer state) live until disposed explicitly.

const scopes: Set<Tensor>[] = [];

function trackInScope(t: Tensor): void {
  scopes.at(-1)?.add(t);
}

function untrack(t: Tensor): void {
  for (const s of scopes) s.delete(t);
}

/** Tensors found in a (possibly nested) result: arrays, plain objects, Maps. */
function collectTensors(value: unknown, out: Set<Tensor>): void {
  if (value instanceof Tensor) out.add(value);
  else if (Array.isArray(value)) { for (const v of value) collectTensors(v, out); }
  else if (value instanceof Map) { for (const v of value.values()) collectTensors(v, out); }
  else if (
    value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype
  ) {
    for (const v of Object.values(value)) collectTensors(v, out);
  }
}

/**
 * Runs fn and disposes every tensor it created, except the tensors in its
 * result, which move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Tensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  const kept = new Set<Tensor>();
  collectTensors(result, kept);
  for (const t of scope) {
    if (kept.has(t)) trackInScope(t);
    else t.dispose();
  }
  return result;
}

/** Removes a tensor from every open scope, so no tidy() disposes it. */
export function keep<T extends Tensor>(t: T): T {
  untrack(t);
  return t;
}
