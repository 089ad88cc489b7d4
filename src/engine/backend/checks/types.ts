/**
 * The types the parameter checks are written against: a storage is anything with a length,
 * and each checked primitive of the Backend contract has a check taking the same arguments.
 */
import type { Backend } from "../contract.ts";

/** What the checks need of a storage: its element count (Float32Array and GpuBuffer have it). */
export interface Sized {
  readonly length: number;
}

export type Checkable = Backend<Sized>;

/** Backend members that take no params to check: identity, memory bookkeeping, timing. */
export type Unchecked =
  | "name"
  | "deviceName"
  | "stats"
  | "upload"
  | "length"
  | "read"
  | "release"
  | "flush"
  | "sync"
  | "stage"
  | "takeTimings"
  | "sequenceSupported";

/** The primitives that are checked: every other member of the contract. */
export type CheckedPrimitive = Exclude<keyof Checkable, Unchecked>;

/** A primitive's check: the primitive's own arguments, throwing instead of computing. */
export type Check<K extends CheckedPrimitive> = Checkable[K] extends (...args: infer A) => unknown
  ? (...args: A) => void
  : never;

/** Every check, one per checked primitive (validate.ts assembles it from the groups). */
export type Checks = { readonly [K in CheckedPrimitive]: Check<K> };

/** A group of checks: some primitives' checks, contextually typed by the contract. */
export type CheckGroup = Partial<Checks>;
