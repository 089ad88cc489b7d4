/**
 * Issue #14 M7 at the level of the model registry: a load that fails on webgpu after some
 * parameters were uploaded leaves no upload staging waiting for a submit. Here the failure
 * is a generator beyond the device's largest storage buffer (128 MiB on llvmpipe): every
 * check of the file passes, and the upload of its last parameter fails.
 */
import assert from "node:assert/strict";
import { loadModel } from "../../src/models/weights/registry.ts";
import { writeSparseCheckpoint } from "../support/hostile_checkpoints.ts";
import { gpuTest, webgpu, webgpuOrThrow } from "../support/gpu.ts";

/** Largest device buffer a checkpoint can exceed: 65,536 tokens x 4096 wide, in bytes. */
const LARGEST_GENERATOR = 65_536 * 4096 * 4;

Deno.test(
  "a model load that fails after uploads on webgpu submits them, freeing their staging",
  {
    ...gpuTest,
    ignore: webgpu === null ||
      webgpu.rt.limits.maxStorageBindingBytes >= LARGEST_GENERATOR,
  },
  async () => {
    const backend = webgpuOrThrow();
    const dir = await Deno.makeTempDir({ prefix: "attn-load-gpu-" });
    try {
      // generator.weight [65536, H] just beyond the device's limit; E = 8 keeps the rest small.
      const limit = backend.rt.limits.maxStorageBindingBytes;
      const width = Math.floor(limit / 4 / 65_536) + 1;
      const file = `${dir}/too-wide.safetensors`;
      await writeSparseCheckpoint(file, { width, embed: 8, layers: 1, tgtVocab: 65_536 });
      await assert.rejects(
        loadModel(file, backend),
        /too-wide\.safetensors: expected a buffer of at most \d+ float32 \(the device's storage binding limit\)/,
      );
      assert.equal(backend.rt.stats.pendingUploadBytes, 0, "no upload left unsubmitted");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);
