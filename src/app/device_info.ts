/** What the compute backend in use is and what its adapter offers: the use case behind `device`. */
import {
  type BackendChoice,
  type OpenedBackend,
  SMALL_WORK_MAX_WEIGHT_BYTES,
} from "../engine/open_backend.ts";
import { WebGpuBackend } from "../engine/webgpu/backend.ts";

/** `device --json` (docs/CONTRACT.md): the backend in use and what the adapter offers. */
export interface DeviceInfo {
  backend: "webgpu" | "cpu";
  adapter: string | null;
  features: string[];
  fallbackReason?: string;
  hasTimestamps?: boolean;
  limits?: Record<string, number>;
  /**
   * With the default backend (no --backend): small work runs on the cpu instead, e.g. `run` of
   * one sentence through a model whose checkpoint is at most `maxWeightBytes`.
   */
  smallWork?: { backend: "cpu"; maxWeightBytes: number };
}

/**
 * Describes an opened backend: adapter, features and limits on webgpu; the fallback's reason;
 * and, when the user chose no backend (`choice` "auto"), which work the default runs on the cpu.
 */
export function deviceInfo(
  { backend, fallbackReason }: OpenedBackend,
  choice: BackendChoice = "auto",
): DeviceInfo {
  const info: DeviceInfo = backend instanceof WebGpuBackend
    ? {
      backend: "webgpu",
      adapter: backend.rt.adapterName,
      features: [...backend.rt.features].sort(),
      hasTimestamps: backend.rt.hasTimestamps,
      limits: { ...backend.rt.limits },
    }
    : { backend: "cpu", adapter: null, features: [] };
  if (fallbackReason) info.fallbackReason = fallbackReason;
  if (choice === "auto" && info.backend === "webgpu") {
    info.smallWork = { backend: "cpu", maxWeightBytes: SMALL_WORK_MAX_WEIGHT_BYTES };
  }
  return info;
}
