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
 * A float32 tensor: a shape, the backend that holds its data, and (when it
 * was computed under a Tape) the tape node that produced it. Data is always
 * contiguous and row-major; ops that change the layout (permute, slice)
 * produce a new tensor.
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly backend: Backend;
  /** The backend's storage handle. */
  readonly data: unknown;
  /** Set on parameters: gradients flow to it. */
  requiresGrad = false;
  /** The tape node that produced this tensor, when recorded. */
  node: TapeNode | null = null;
  /** A name for error messages and checkpoints (parameters). */
  name = "";
  #disposed = false;

  constructor(backend: Backend, data: unknown, shape: readonly number[]) {
    const n = sizeOf(shape);
    if (backend.length(data) !== n) {
      throw new Error(
        `tensor of shape ${shapeText(shape)} needs ${n} elements, storage has ${
          backend.length(data)
        }`,
      );
    }
    this.backend = backend;
    this.data = data;
    this.shape = Object.freeze([...shape]);
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
   * The same data under another shape of equal size, sharing the storage
   * (no copy). Not differentiable by itself: ops/shape.ts `reshape` records it.
   */
  view(shape: readonly number[]): Tensor {
    this.assertLive();
    return new Tensor(this.backend, this.data, shape);
  }

  /**
   * Frees the storage once no other tensor (a view) shares it (webgpu: back
   * to the buffer pool). Idempotent.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.node = null;
    const refs = (storageRefs.get(this.data) ?? 1) - 1;
    if (refs > 0) storageRefs.set(this.data, refs);
    else {
      storageRefs.delete(this.data);
      this.backend.release(this.data);
    }
    untrack(this);
  }

  assertLive(): void {
    if (this.#disposed) {
      throw new Error(`tensor ${this.name || shapeText(this.shape)} was used after dispose()`);
    }
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
