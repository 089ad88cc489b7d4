/**
 * The buffer pool's bound on free bytes (buffer_pool.ts): a long session runs many shapes, and
 * the pool must not keep every bucket it ever used. Counted in bytes, not timed.
 */
import assert from "node:assert/strict";
import {
  BufferPool,
  DEFAULT_MAX_FREE_BYTES,
  KEEP_RECENT_SUBMITS,
} from "../../src/engine/webgpu/buffer_pool.ts";
import { gpuTest, webgpuOrThrow } from "../support/gpu.ts";

const KiB = 1024;

Deno.test(
  "BufferPool.bound() destroys the buckets taken least recently, down to the bound",
  gpuTest,
  () => {
    const pool = new BufferPool(webgpuOrThrow().rt.device);
    const sizes = [64 * KiB, 128 * KiB, 256 * KiB, 512 * KiB]; // buckets, oldest first
    const taken = sizes.map((s) => pool.take(s));
    taken.forEach((b) => pool.give(b));
    assert.equal(pool.freeBytes, 960 * KiB);
    pool.give(pool.take(64 * KiB)); // the 64 KiB bucket is now the most recent
    assert.equal(pool.allocatedBytes, 960 * KiB, "reused, not created");
    assert.equal(pool.bound(600 * KiB), 0, "every bucket was taken during the recent submits");
    const destroyed = pool.bound(600 * KiB, 0);
    // Oldest first: 128 KiB, then 256 KiB; 576 KiB (64 + 512) fits the bound.
    assert.equal(destroyed, 384 * KiB);
    assert.equal(pool.freeBytes, 576 * KiB);
    assert.equal(pool.allocatedBytes, 576 * KiB);
    assert.equal(pool.peakAllocatedBytes, 960 * KiB);
    const again = pool.take(64 * KiB);
    assert.equal(pool.allocatedBytes, 576 * KiB, "the recent bucket was kept");
    pool.take(128 * KiB);
    assert.equal(pool.allocatedBytes, 704 * KiB, "the old bucket is created again");
    pool.give(again);
    pool.trim();
    assert.equal(pool.freeBytes, 0);
  },
);

Deno.test("the runtime keeps at most the default free bytes after a submit", gpuTest, () => {
  const gpu = webgpuOrThrow();
  // 40 distinct buckets of 4 MiB and more, all released: 200+ MiB free before the submit.
  const buffers = Array.from({ length: 40 }, (_, i) => gpu.rt.alloc((4 + i / 8) * 2 ** 18));
  for (const b of buffers) gpu.rt.release(b);
  gpu.rt.flush();
  const stats = gpu.rt.stats;
  assert.ok(stats.poolBytes - stats.liveBytes > DEFAULT_MAX_FREE_BYTES, "just used: all kept");
  for (let i = 0; i < KEEP_RECENT_SUBMITS; i++) { // later submits that use other, small buffers
    gpu.rt.release(gpu.rt.alloc(4));
    gpu.rt.flush();
  }
  assert.ok(
    stats.poolBytes - stats.liveBytes <= DEFAULT_MAX_FREE_BYTES,
    `${stats.poolBytes - stats.liveBytes} free bytes kept`,
  );
  assert.ok(stats.peakLiveBytes >= 40 * 4 * 2 ** 20, "the high-water mark saw them all");
});
