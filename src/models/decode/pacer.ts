/**
 * How a greedy decode is cut into GPU submits.
 *
 * One submit for the whole decode is the fast way (each awaited round trip costs ~11 ms on
 * webgpu in Deno 2.9, docs/ARCHITECTURE.md), and every decode of the toy tasks is short enough for it.
 * But while a submit runs, nothing else can: in Deno 2.9 a pending GPU wait (mapAsync,
 * onSubmittedWorkDone) blocks the event loop until the device is idle (measured: a 10 s
 * submit held a 50 ms interval timer for 10 s), and recording is plain JavaScript too. A
 * checkpoint with max_len 4096 fed 1000 characters decoded for 52 s as one submit, with
 * Ctrl-C unseen until the end. So a long decode goes in chunks of steps, each recorded,
 * submitted and waited for, with the abort signal checked between them; chunk sizes follow
 * the measured time per step (a Transformer's step grows with its prefix) so that one chunk
 * stays near `targetMs`.
 */

/** A decode of at most this many steps is one submit (every toy task's decode is). */
export const ONE_SUBMIT_STEPS = 64;

/**
 * The first chunk of a longer decode, which also measures how long a step takes: as many
 * steps as a decode that is never cut, so a decode a little over that costs two round trips,
 * not a handful (a 4-step probe cost a 128-step GRU decode 86 -> 125 ms).
 */
export const PROBE_STEPS = ONE_SUBMIT_STEPS;

/** How many times larger than the last one a chunk may be. */
export const MAX_GROWTH = 8;

/** Wall time aimed at per chunk (recording + GPU), well under a second on llvmpipe. */
export const CHUNK_TARGET_MS = 200;

/** Plans the chunks of a decode of `total` steps. */
export class DecodePacer {
  readonly total: number;
  readonly targetMs: number;
  #next: number;

  constructor(total: number, options: { targetMs?: number } = {}) {
    this.total = total;
    this.targetMs = options.targetMs ?? CHUNK_TARGET_MS;
    this.#next = total <= ONE_SUBMIT_STEPS ? total : PROBE_STEPS;
  }

  /** True when the decode takes more than one chunk (so it pays a round trip per chunk). */
  get chunked(): boolean {
    return this.total > ONE_SUBMIT_STEPS;
  }

  /** Steps of the next chunk, starting after `done` steps. */
  next(done: number): number {
    return Math.min(this.#next, this.total - done);
  }

  /**
   * Records that a chunk of `steps` took `ms`: the next chunk aims at targetMs from that
   * rate, and is at least 1 step. It grows at most MAX_GROWTH-fold: a Transformer's step gets
   * slower as its prefix grows, so a rate measured on a short prefix overestimates how many
   * steps fit. (Twofold growth cost a 128-step GRU decode six round trips, 86 -> 170 ms.)
   */
  record(steps: number, ms: number): void {
    const perStep = Math.max(ms, 0.01) / steps;
    this.#next = Math.max(1, Math.min(MAX_GROWTH * steps, Math.floor(this.targetMs / perStep)));
  }
}
