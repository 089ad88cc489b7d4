/**
 * Compute pipelines built from kernels/<file>.wgsl with explicit bind group
 * layouts, and the bind groups that feed them.
 *
 * Layout convention (every kernel follows it): binding 0 is the params
 * uniform (dynamic offset into the params arena), bindings 1..inputs are
 * read-only storage, the next `outputs` bindings are read_write storage.
 * The params uniform's struct is read from the same source (params.ts), once per file.
 */

import { PARAMS_SLOT_BYTES, ParamsLayout } from "./params.ts";

/** Which kernel to run: a WGSL file, an entry point and its override constants. */
export interface KernelSpec {
  /** "softmax" -> kernels/softmax.wgsl */
  file: string;
  /** Entry point name, e.g. "softmax_forward". */
  entry: string;
  /** Read-only storage buffers, bindings 1..inputs. */
  inputs: number;
  /** read_write storage buffers, bindings inputs+1..inputs+outputs. */
  outputs: number;
  /** WGSL override constants (e.g. { WG: 64 }). */
  constants?: Record<string, number>;
}

/** A pipeline and the layout its bind groups are made with. */
export interface CachedPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly layoutKey: string;
  readonly label: string;
  /** The kernel file's params struct (null: it binds none). */
  readonly params: ParamsLayout | null;
}

const KERNEL_DIR = new URL("./kernels/", import.meta.url);

/** The WGSL source of kernels/<file>.wgsl. */
export function kernelSource(file: string): string {
  const url = new URL(`${file}.wgsl`, KERNEL_DIR);
  try {
    return Deno.readTextFileSync(url);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`expected a kernel file at ${url.pathname}, could not read it: ${why}`);
  }
}

/** The params struct of kernels/<file>.wgsl (null when it binds none), for tests and tools. */
export function kernelParams(file: string): ParamsLayout | null {
  return ParamsLayout.parse(kernelSource(file), `${file}.wgsl`);
}

/** A kernel file as the cache keeps it: its compiled module and its params struct. */
interface KernelModule {
  module: GPUShaderModule;
  params: ParamsLayout | null;
}

/** Pipelines, shader modules and bind group layouts, created once each. */
export class PipelineCache {
  readonly #device: GPUDevice;
  readonly #modules = new Map<string, KernelModule>();
  readonly #layouts = new Map<string, { bind: GPUBindGroupLayout; pipeline: GPUPipelineLayout }>();
  readonly #pipelines = new Map<string, CachedPipeline>();
  /** Labels of pipelines created since the last call to takeNewLabels (for error messages). */
  #newLabels: string[] = [];

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** The pipeline for spec, compiled on first use. */
  get(spec: KernelSpec): CachedPipeline {
    const constKey = spec.constants
      ? Object.keys(spec.constants).sort().map((k) => `${k}=${spec.constants![k]}`).join(",")
      : "";
    const key = `${spec.file}:${spec.entry}:${spec.inputs}:${spec.outputs}:${constKey}`;
    const hit = this.#pipelines.get(key);
    if (hit) return hit;
    const layoutKey = `${spec.inputs}:${spec.outputs}`;
    const layout = this.#layout(spec.inputs, spec.outputs, layoutKey);
    const label = `${spec.file}.wgsl:${spec.entry}${constKey ? `(${constKey})` : ""}`;
    const kernel = this.#module(spec.file);
    const pipeline = this.#device.createComputePipeline({
      label,
      layout: layout.pipeline,
      compute: {
        module: kernel.module,
        entryPoint: spec.entry,
        constants: spec.constants,
      },
    });
    const cached = { pipeline, layout: layout.bind, layoutKey, label, params: kernel.params };
    this.#pipelines.set(key, cached);
    this.#newLabels.push(label);
    return cached;
  }

  /** Labels of pipelines compiled since the last call. */
  takeNewLabels(): string[] {
    const labels = this.#newLabels;
    this.#newLabels = [];
    return labels;
  }

  #module(file: string): KernelModule {
    let kernel = this.#modules.get(file);
    if (!kernel) {
      const code = kernelSource(file);
      kernel = {
        module: this.#device.createShaderModule({ label: `${file}.wgsl`, code }),
        params: ParamsLayout.parse(code, `${file}.wgsl`),
      };
      this.#modules.set(file, kernel);
    }
    return kernel;
  }

  #layout(inputs: number, outputs: number, key: string) {
    let layout = this.#layouts.get(key);
    if (!layout) {
      const entries: GPUBindGroupLayoutEntry[] = [{
        binding: 0,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: "uniform", hasDynamicOffset: true },
      }];
      for (let i = 0; i < inputs + outputs; i++) {
        entries.push({
          binding: 1 + i,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: i < inputs ? "read-only-storage" : "storage" },
        });
      }
      const bind = this.#device.createBindGroupLayout({ label: `attn layout ${key}`, entries });
      const pipeline = this.#device.createPipelineLayout({
        label: `attn layout ${key}`,
        bindGroupLayouts: [bind],
      });
      layout = { bind, pipeline };
      this.#layouts.set(key, layout);
    }
    return layout;
  }
}

/**
 * Bind groups keyed by layout and buffer ids, with a bounded LRU (a Map
 * keeps insertion order; a hit moves the entry to the end). Whole buffers
 * are bound, so a pooled buffer reused for another tensor hits the cache.
 */
export class BindGroupCache {
  readonly #device: GPUDevice;
  readonly #cache = new Map<string, GPUBindGroup>();
  readonly #capacity: number;
  /** Bind groups created so far (for tests and benchmarks). */
  created = 0;

  constructor(device: GPUDevice, capacity = 4096) {
    this.#device = device;
    this.#capacity = capacity;
  }

  /** The bind group for (params arena, buffers...) under a pipeline's layout. */
  get(
    pipeline: CachedPipeline,
    arena: GPUBuffer,
    buffers: readonly { buffer: GPUBuffer; id: number }[],
  ): GPUBindGroup {
    let key = pipeline.layoutKey;
    for (const b of buffers) key += `,${b.id}`;
    const hit = this.#cache.get(key);
    if (hit) {
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    const entries: GPUBindGroupEntry[] = [
      { binding: 0, resource: { buffer: arena, offset: 0, size: PARAMS_SLOT_BYTES } },
    ];
    buffers.forEach((b, i) => entries.push({ binding: i + 1, resource: { buffer: b.buffer } }));
    const group = this.#device.createBindGroup({ layout: pipeline.layout, entries });
    this.created++;
    this.#cache.set(key, group);
    if (this.#cache.size > this.#capacity) {
      this.#cache.delete(this.#cache.keys().next().value!);
    }
    return group;
  }
}
