/**
 * The model a request names (else the one in use), opened on the session's backend: what every
 * use case that runs one sentence through one model (run, lens, ablate, rollout, saliency) does
 * first. Warnings (a checkpoint from an older attn, say) go to the front end as they come and,
 * in English, into `warnings` for the command's --json.
 */
import type { AppContext } from "./context.ts";
import { UsageError } from "./errors.ts";
import { appMessages } from "./app_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { openAnyModel } from "./open_model.ts";
import type { AnyLoadedModel } from "../models/weights/registry.ts";
import type { OpenedBackend } from "../engine/open_backend.ts";
import { sentenceWork } from "./sentence_work.ts";

const say = messagesOf(appMessages);

/** The requested (or current) model, loaded, with the spec it was asked by. */
export async function openRequestedModel(
  app: AppContext,
  model: string | undefined,
  warnings: string[] = [],
  options: { sized?: boolean } = {},
): Promise<{ spec: string; loaded: AnyLoadedModel; opened: OpenedBackend }> {
  const spec = model ?? await app.defaultModel() ?? "";
  if (spec === "") throw new UsageError(say("runText.noModels"));
  // `sized` (run): one sentence through a small model is small work, the default runs it on
  // the cpu (open_backend.ts isSmallWork).
  const opened = await app.backend(options.sized ? await sentenceWork(spec, app) : undefined);
  const loaded = await openAnyModel(spec, opened.backend, {
    dir: app.weightsDir,
    signal: app.signal,
    onWarning: (w) => {
      app.warn(w);
      warnings.push(w.en);
    },
  });
  return { spec, loaded, opened };
}
