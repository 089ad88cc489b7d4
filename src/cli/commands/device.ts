import { defineCommand, emit } from "../command.ts";
import { deviceInfo } from "../../app/device_info.ts";
import { renderDevice } from "../../render/device_view.ts";

/** `device [--json]` (docs/CONTRACT.md): the backend in use and what the adapter offers. */
export const deviceCommand = defineCommand({
  name: "device",
  summary: "show the compute backend and GPU adapter in use",
  examples: ["device", "device --json", "device --backend cpu"],
  configure: (cmd) => cmd,
  async run(_args, _options, ctx) {
    const info = deviceInfo(await ctx.app.backend(), ctx.backendChoice);
    emit(ctx, info, (r) => renderDevice(r, ctx.session.lang));
  },
});
