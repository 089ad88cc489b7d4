/**
 * A GPT checkpoint for `bench generate --model`: a name from `models` or a .safetensors path,
 * loaded onto the backend as a decoder-only model; anything else is refused in one line.
 */
import type { Backend } from "../engine/backend/contract.ts";
import type { Gpt } from "../models/gpt.ts";
import { makeModel } from "../models/make_model.ts";
import { loadCheckpoint } from "../models/weights/checkpoint.ts";
import { ParamStore } from "../models/weights/param_store.ts";
import { ModelNotFoundError, resolveModel } from "../models/weights/registry.ts";
import { AttnError, UsageError } from "./errors.ts";

/** Loads the GPT `spec` names; the caller disposes its parameters. */
export async function openGpt(spec: string, backend: Backend, signal?: AbortSignal): Promise<Gpt> {
  let checkpoint;
  try {
    const { path } = await resolveModel(spec);
    checkpoint = await loadCheckpoint(path, { signal });
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof ModelNotFoundError) throw new UsageError(`--model: ${message}`);
    throw new AttnError(message);
  }
  const { config } = checkpoint;
  if (config.arch !== "gpt") {
    throw new UsageError({
      en: `--model: expected a GPT (decoder-only) checkpoint, got a ${config.arch} model (${spec})`,
      ko: `--model: GPT(디코더 전용) 체크포인트가 필요한데 ${config.arch} 모델입니다 (${spec})`,
    });
  }
  return makeModel(config, new ParamStore(backend, { loaded: checkpoint.tensors }));
}
