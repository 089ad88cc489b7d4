/**
 * The model a `rollout` or `saliency` request names (else the one in use), opened once: the
 * use case then knows its kind (RNN, Transformer, GPT) before running anything.
 */
import type { AppContext } from "../context.ts";
import { UsageError } from "../errors.ts";
import { appMessages } from "../app_messages.ts";
import { messagesOf } from "../../platform/i18n/messages.ts";
import { openAnyModel } from "../open_model.ts";
import type { AnyLoadedModel } from "../../models/weights/registry.ts";

const say = messagesOf(appMessages);

/** The requested (or current) model, loaded, with the spec it was asked by. */
export async function openForAttribution(
  app: AppContext,
  model: string | undefined,
): Promise<{ spec: string; loaded: AnyLoadedModel }> {
  const spec = model ?? await app.defaultModel() ?? "";
  if (spec === "") throw new UsageError(say("runText.noModels"));
  const { backend } = await app.backend();
  const loaded = await openAnyModel(spec, backend, {
    dir: app.weightsDir,
    signal: app.signal,
    onWarning: (w) => app.warn(w),
  });
  return { spec, loaded };
}

/** Significant digits kept in the JSON (float32 carries about 7), as `run --json`. */
export function round6(x: number): number {
  return Number(x.toPrecision(6));
}
