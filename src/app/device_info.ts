/** What the compute backend in use is and what its adapter offers: the use case behind `device`. */
import type { OpenedBackend } from "../engine/open_backend.ts";
import { WebGpuBackend } from "../engine/webgpu/backend.ts";

/** `device --json` (docs/CONTRACT.md): the backend in use and what the adapter offers. */
export interface DeviceInfo {
  backend: "webgpu" | "cpu";
  adapter: string | null;
  features: string[];
  fallbackReason?: string;
  hasTimestamps?: boolean;
  limits?: Record<string, number>;
}

/** Describes an opened backend: adapter, features and limits on webgpu; the fallback's reason. */
export function deviceInfo({ backend, fallbackReason }: OpenedBackend): DeviceInfo {
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
  return info;
}
