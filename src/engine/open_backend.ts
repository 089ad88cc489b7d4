import type { Backend } from "./backend/contract.ts";
import { CpuBackend } from "./cpu/backend.ts";
import { WebGpuBackend } from "./webgpu/backend.ts";
import { GpuRuntime } from "./webgpu/runtime.ts";
import { tuneMatmul } from "./webgpu/kernels/matmul.ts";
import { BilingualError, messageOf } from "../platform/i18n/bilingual_error.ts";
import { type Bilingual, messagesOf } from "../platform/i18n/messages.ts";
import { backendMessages } from "./backend/backend_messages.ts";

const say = messagesOf(backendMessages);

/** What the user asked for: a backend by name, or the default. */
export type BackendChoice = "auto" | "webgpu" | "cpu";

/** Every BackendChoice, for --backend's choices and validation. */
export const backendChoices: readonly BackendChoice[] = ["auto", "webgpu", "cpu"];

/**
 * Why a command runs on the backend it runs on (`run --json`'s `backendReason`):
 * - "asked": `--backend` or `set backend` named it;
 * - "default": the default, webgpu, with an adapter found;
 * - "small-work": the default, but the work is too small to pay for the GPU (see {@link isSmallWork});
 * - "no-adapter": the default, but there is no WebGPU adapter.
 */
export type BackendReason = "asked" | "default" | "small-work" | "no-adapter";

/**
 * The size of the work a command is about to do, when it knows it: a single sentence through a
 * model whose checkpoint has `weightBytes` bytes (run, step, compare, generate).
 */
export interface WorkSize {
  weightBytes: number;
}

/**
 * Work up to this checkpoint size (1 Mi float32 weights, about 5x the shipped models) runs on
 * the cpu by default. Measured on llvmpipe (docs/ARCHITECTURE.md, "Start-up"): a sentence through
 * ko-en-transformer (0.87 MB) took 130 ms on the cpu against 590 ms on webgpu in a fresh process
 * (pipelines compiled on first use) and 25 ms against 85 ms warm (each GPU round trip costs ~11
 * ms); the cpu's time grows with the weights, the round trips do not.
 */
export const SMALL_WORK_MAX_WEIGHT_BYTES = 4 * 1024 * 1024;

/** True when `work` is small enough that the default backend for it is the cpu. */
export function isSmallWork(work: WorkSize | undefined): boolean {
  return work !== undefined && work.weightBytes <= SMALL_WORK_MAX_WEIGHT_BYTES;
}

/** An open backend and why it is the one (when the default fell back to cpu, the reason). */
export interface OpenedBackend {
  backend: Backend;
  /** Why this backend: asked for, the default, small work, or no adapter. */
  reason: BackendReason;
  /** Set when "auto" could not get an adapter and fell back to cpu. */
  fallbackReason?: string;
  /** fallbackReason in both languages. */
  fallbackMessage?: Bilingual;
}

let cpu: CpuBackend | null = null;
let webgpu: Promise<WebGpuBackend> | null = null;

/**
 * Opens (once per process) the backend the user chose. "auto" is the cpu for small work (see
 * {@link isSmallWork}; no adapter is asked for), else webgpu when an adapter exists, else cpu
 * with a reason the caller shows as a notice. An explicit "webgpu" with no adapter is an error:
 * the user asked for it.
 */
export async function openBackend(choice: BackendChoice, work?: WorkSize): Promise<OpenedBackend> {
  if (choice === "cpu") return { backend: cpuBackend(), reason: "asked" };
  if (choice === "auto" && isSmallWork(work)) {
    return { backend: cpuBackend(), reason: "small-work" };
  }
  try {
    return { backend: await webGpuBackend(), reason: choice === "webgpu" ? "asked" : "default" };
  } catch (error) {
    const reason = messageOf(error);
    if (choice === "webgpu") throw new BilingualError(say("backend.useCpu", { reason }));
    return {
      backend: cpuBackend(),
      reason: "no-adapter",
      fallbackReason: reason.en,
      fallbackMessage: reason,
    };
  }
}

function cpuBackend(): CpuBackend {
  cpu ??= new CpuBackend();
  return cpu;
}

function webGpuBackend(): Promise<WebGpuBackend> {
  if (webgpu) return webgpu;
  const opening = GpuRuntime.create().then(async (rt) => {
    rt.device.lost.then(() => {
      webgpu = null; // the next command creates a new device
    });
    // Picks the matmul variant for this adapter: measured once (~0.3 s), then
    // read from the state directory's cache.
    await tuneMatmul(rt);
    return new WebGpuBackend(rt);
  });
  opening.catch(() => {
    webgpu = null; // no adapter now; ask again next time
  });
  webgpu = opening;
  return opening;
}
