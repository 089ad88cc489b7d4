import type { Session } from "../cli/session.ts";
import { WebGpuBackend } from "../engine/webgpu/backend.ts";

/**
 * The REPL's first lines: what runs where (backend and adapter), the model
 * `run` will use, and how to get help. Opening the backend here also warms it
 * up, so the first command does not pay for the adapter.
 */
export async function banner(session: Session): Promise<string> {
  let device: string;
  try {
    const { backend } = await session.backend();
    device = backend instanceof WebGpuBackend
      ? `webgpu on ${backend.rt.adapterName}`
      : "cpu (TypeScript loops)";
  } catch (e) {
    device = `no backend (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`;
  }
  let model: string | null = null;
  try {
    model = await session.defaultModel();
  } catch {
    // weights/ unreadable: say there is no model
  }
  return [
    "attn: attention, the Transformer and the RNN Seq2Seq it replaced",
    `backend ${device}`,
    `model   ${model ?? "none yet (weights/ is empty; run TEXT --model FILE.safetensors)"}`,
    "Type help for commands, help <command> for examples; Tab completes; quit or Ctrl-D leaves.",
  ].join("\n");
}
