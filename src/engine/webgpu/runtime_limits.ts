/** What the runtime tells about its device (limits) and about its own work (counters). */

/** Device limits kernels size themselves by. */
export interface RuntimeLimits {
  maxStorageBindingBytes: number;
  maxWorkgroupsPerDim: number;
  maxWorkgroupStorageBytes: number;
  maxInvocations: number;
}

/** Counters for tests and benchmarks. */
export interface RuntimeStats {
  /** Awaited GPU round trips (each batch of maps/onSubmittedWorkDone counts once). */
  roundTrips: number;
  /** Kernels dispatched so far. */
  dispatches: number;
  /** Bytes of live (not released) buffers, counted by logical length. */
  liveBytes: number;
  /** Bytes of upload staging buffers recorded but not submitted yet (freed at the submit). */
  pendingUploadBytes: number;
  /**
   * High-water mark of liveBytes since the runtime started or a caller last set it (a benchmark
   * sets it to liveBytes before a case and reads the case's peak after).
   */
  peakLiveBytes: number;
  /**
   * Bytes the buffer pool holds on the device: live buffers in their buckets plus free ones kept
   * for reuse (buffer_pool.ts). What the device really holds, above liveBytes.
   */
  poolBytes: number;
}

/** The limits of `device` that kernels size themselves by. */
export function runtimeLimits(device: GPUDevice): RuntimeLimits {
  return {
    maxStorageBindingBytes: device.limits.maxStorageBufferBindingSize,
    maxWorkgroupsPerDim: device.limits.maxComputeWorkgroupsPerDimension,
    maxWorkgroupStorageBytes: device.limits.maxComputeWorkgroupStorageSize,
    maxInvocations: device.limits.maxComputeInvocationsPerWorkgroup,
  };
}

/** Counters at zero, for a new runtime. */
export function emptyStats(): RuntimeStats {
  return {
    roundTrips: 0,
    dispatches: 0,
    liveBytes: 0,
    pendingUploadBytes: 0,
    peakLiveBytes: 0,
    poolBytes: 0,
  };
}

/** Counts a new live buffer of `bytes`: liveBytes, its high-water mark and the pool's bytes. */
export function countAlloc(stats: RuntimeStats, bytes: number, poolBytes: number): void {
  stats.liveBytes += bytes;
  stats.peakLiveBytes = Math.max(stats.peakLiveBytes, stats.liveBytes);
  stats.poolBytes = poolBytes;
}
