import type { CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { WebGpuBackend } from "../../engine/webgpu/backend.ts";
import { renderDevice } from "../../render/device_view.ts";

/** `device --json` (docs/CONTRACT.md): the backend in use and what the adapter offers. */
export interface DeviceInfo {
  backend: "webgpu" | "cpu";
  adapter: string | null;
  features: string[];
  fallbackReason?: string;
  hasTimestamps?: boolean;
  limits?: Record<string, number>;
}

export const deviceCommand: CommandDef = {
  name: "device",
  summary: "show the compute backend and GPU adapter in use",
  examples: ["device", "device --json", "device --backend cpu"],
  configure() {},
  async run(_args, _options, ctx) {
    const { backend, fallbackReason } = await ctx.session.backend(ctx.backendChoice);
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
    emit(ctx, info, renderDevice);
  },
};
