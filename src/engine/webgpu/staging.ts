/**
 * Host <-> GPU copies go through staging buffers: a mapped one written at creation for an
 * upload, a mappable one copied into for a read. Reads wait in a queue until the submit that
 * runs their copies has been waited for, then resolve together.
 */

/** A read whose copy is recorded; resolved once its staging buffer is mapped. */
export interface PendingRead {
  staging: GPUBuffer;
  length: number;
  resolve: (data: Float32Array) => void;
  reject: (e: Error) => void;
}

/**
 * Uploads recorded without a submit, in bytes and in count, beyond which
 * the batch is submitted early (without waiting). Each upload's staging
 * buffer lives until the submit that runs its copy; code that uploads and
 * then fails before any read (a model load refused half-way) would
 * otherwise keep them all: 3000 such loads grew the process by 2 GB.
 */
export const MAX_PENDING_UPLOAD_BYTES = 64 * 1024 * 1024;
export const MAX_PENDING_UPLOADS = 1024;

/** Whether that many recorded uploads must be submitted now (see MAX_PENDING_UPLOAD_BYTES). */
export function uploadsOverflow(pendingBytes: number, pendingUploads: number): boolean {
  return pendingBytes > MAX_PENDING_UPLOAD_BYTES || pendingUploads > MAX_PENDING_UPLOADS;
}

/** A staging buffer holding `data`, ready to be copied from. */
export function uploadStaging(device: GPUDevice, data: Float32Array): GPUBuffer {
  const staging = device.createBuffer({
    label: "attn upload staging",
    size: data.length * 4,
    usage: GPUBufferUsage.COPY_SRC,
    mappedAtCreation: true,
  });
  new Float32Array(staging.getMappedRange()).set(data);
  staging.unmap();
  return staging;
}

/** A staging buffer of `bytes` to copy into and map for reading. */
export function readStaging(device: GPUDevice, bytes: number): GPUBuffer {
  return device.createBuffer({
    label: "attn read staging",
    size: bytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
}

/**
 * Resolves each read from its mapped staging buffer (`outcomes[i]` is read i's map), or
 * rejects it with `error`; destroys every staging buffer.
 */
export function finishReads(
  reads: readonly PendingRead[],
  outcomes: readonly PromiseSettledResult<unknown>[],
  error: Error | null,
): void {
  for (const [i, r] of reads.entries()) {
    if (error || outcomes[i].status !== "fulfilled") {
      r.reject(error ?? new Error("reading a GPU buffer failed"));
    } else {
      r.resolve(new Float32Array(r.staging.getMappedRange(0, r.length * 4).slice(0)));
      r.staging.unmap();
    }
    r.staging.destroy();
  }
}
