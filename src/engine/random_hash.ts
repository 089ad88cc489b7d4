/**
 * The counter-based hash both backends use for dropout masks, so that cpu and
 * webgpu (kernels/dropout.wgsl mirrors this exactly) draw the same mask from
 * the same seed, and the backward pass can redraw it instead of storing it.
 * PCG-RXS-M-XS 32 (O'Neill 2014), as used for GPU hashing by Jarzynski & Olano 2020.
 */
export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** A uniform number in [0, 1) for element i under seed: 24 bits of hash(i ^ hash(seed)). */
export function uniformAt(seed: number, i: number): number {
  return (pcgHash((i ^ pcgHash(seed)) >>> 0) >>> 8) / 16777216;
}
