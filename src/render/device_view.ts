import { formatBytes } from "../measure/format.ts";
import type { DeviceInfo } from "../app/device_info.ts";

/** The `device` view: a few aligned lines. */
export function renderDevice(info: DeviceInfo): string {
  const rows: [string, string][] = [
    ["backend", info.backend],
    ["adapter", info.adapter ?? "none (plain TypeScript loops on the CPU)"],
  ];
  if (info.fallbackReason) rows.push(["why cpu", info.fallbackReason]);
  if (info.backend === "webgpu") {
    rows.push([
      "timestamps",
      info.hasTimestamps ? "yes (GPU timings per stage)" : "no (wall time)",
    ]);
    rows.push(["features", info.features.join(", ") || "none"]);
    for (const [name, value] of Object.entries(info.limits ?? {})) {
      rows.push([name, formatLimit(name, value)]);
    }
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

/** A limit in its unit: sizes in binary units (134217728 -> 128 MiB), counts as they are. */
function formatLimit(name: string, value: number): string {
  if (/bytes|size/i.test(name) && value >= 1024) return formatBytes(value);
  return String(value);
}
