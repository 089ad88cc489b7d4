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

export const backendChoices: readonly BackendChoice[] = ["auto", "webgpu", "cpu"];

/** An open backend and, when the default fell back to cpu, why. */
export interface OpenedBackend {
  backend: Backend;
  /** Set when "auto" could not get an adapter and fell back to cpu. */
  fallbackReason?: string;
  /** fallbackReason in both languages. */
  fallbackMessage?: Bilingual;
}

let cpu: CpuBackend | null = null;
let webgpu: Promise<WebGpuBackend> | null = null;

/**
 * Opens (once per process) the backend the user chose. "auto" is webgpu when
 * an adapter exists, else cpu with a reason the caller shows as a notice. An
 * explicit "webgpu" with no adapter is an error: the user asked for it.
 */
export async function openBackend(choice: BackendChoice): Promise<OpenedBackend> {
  if (choice === "cpu") return { backend: cpuBackend() };
  try {
    return { backend: await webGpuBackend() };
  } catch (error) {
    const reason = messageOf(error);
    if (choice === "webgpu") throw new BilingualError(say("backend.useCpu", { reason }));
    return { backend: cpuBackend(), fallbackReason: reason.en, fallbackMessage: reason };
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
