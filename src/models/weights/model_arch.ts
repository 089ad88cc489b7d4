/**
 * A checkpoint's architecture read from its header alone: what choosing a model by kind needs
 * (the first shipped GPT, say) without loading and checking every model's tensors, which
 * `listModels` does and which took about half a second over the shipped models.
 */
import { SafetensorsFile } from "./safetensors_file.ts";

/** The `arch` of the checkpoint at `path` ("transformer", "gru", "lstm", "gpt"); null if unreadable. */
export async function checkpointArch(path: string): Promise<string | null> {
  let file: SafetensorsFile | null = null;
  try {
    file = await SafetensorsFile.open(path); // the bounded, validated header only
    const config: unknown = JSON.parse(file.metadata.config ?? "null");
    const arch = (config as { arch?: unknown } | null)?.arch;
    return typeof arch === "string" ? arch : null;
  } catch {
    return null; // loading it says what is wrong, when it is chosen
  } finally {
    file?.close();
  }
}
