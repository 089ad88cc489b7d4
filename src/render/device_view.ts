import { formatBytes } from "../measure/format.ts";
import type { DeviceInfo } from "../app/device_info.ts";
import { formatMessage, type Lang } from "../platform/i18n/messages.ts";
import { deviceExportMessages } from "./device_export_messages.ts";
import { displayWidth, padEndWidth } from "./layout.ts";

/** The `device` view: a few aligned lines (WebGPU's limit names stay as the API spells them). */
export function renderDevice(info: DeviceInfo, lang: Lang = "en"): string {
  const word = (id: keyof typeof deviceExportMessages) => deviceExportMessages[id][lang];
  const rows: [string, string][] = [
    [word("view.device.backend"), info.backend],
    [word("view.device.adapter"), info.adapter ?? word("view.device.noAdapter")],
  ];
  if (info.fallbackReason) rows.push([word("view.device.whyCpu"), info.fallbackReason]);
  if (info.smallWork) {
    const size = formatBytes(info.smallWork.maxWeightBytes);
    const rule = formatMessage(deviceExportMessages, "view.device.smallWorkRule", { size });
    rows.push([word("view.device.smallWork"), rule[lang]]);
  }
  if (info.backend === "webgpu") {
    rows.push([
      word("view.device.timestamps"),
      word(info.hasTimestamps ? "view.device.hasTimestamps" : "view.device.noTimestamps"),
    ]);
    rows.push([word("view.device.features"), info.features.join(", ") || word("view.device.none")]);
    for (const [name, value] of Object.entries(info.limits ?? {})) {
      rows.push([name, formatLimit(name, value)]);
    }
  }
  const width = Math.max(...rows.map(([k]) => displayWidth(k)));
  return rows.map(([k, v]) => `${padEndWidth(k, width)}  ${v}`).join("\n");
}

/** A limit in its unit: sizes in binary units (134217728 -> 128 MiB), counts as they are. */
function formatLimit(name: string, value: number): string {
  if (/bytes|size/i.test(name) && value >= 1024) return formatBytes(value);
  return String(value);
}
