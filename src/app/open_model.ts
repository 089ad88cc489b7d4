/**
 * Opening a model for a use case and checking the text it will read: "no such model" becomes a
 * usage error, a file problem a runtime one, Ctrl-C during a load an interruption. Shared by
 * `run` (run_text.ts) and `generate` (generate_text.ts).
 */
import { AttnError, InterruptedError, UsageError } from "./errors.ts";
import { appMessages } from "./app_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { messageOf } from "../platform/i18n/bilingual_error.ts";
import { checkPathLength } from "./path_limit.ts";
import { expandHome } from "../platform/home_path.ts";
import {
  type AnyLoadedModel,
  loadAnyModel,
  type LoadedModel,
  loadModel,
  type LoadModelOptions,
  ModelNotFoundError,
} from "../models/weights/registry.ts";
import type { Backend } from "../engine/backend/contract.ts";

const say = messagesOf(appMessages);

/**
 * Loads a model, turning "no such model" into a usage error and file
 * problems into runtime ones. Pass the command's signal: Ctrl-C then stops
 * a long load (InterruptedError).
 */
export async function openModel(
  spec: string,
  backend: Backend,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  return await openWith(loadModel, spec, backend, options);
}

/** {@link openModel} for either kind of model, Seq2Seq or GPT. */
export async function openAnyModel(
  spec: string,
  backend: Backend,
  options: LoadModelOptions = {},
): Promise<AnyLoadedModel> {
  return await openWith(loadAnyModel, spec, backend, options);
}

async function openWith<T>(
  load: (spec: string, backend: Backend, options: LoadModelOptions) => Promise<T>,
  spec: string,
  backend: Backend,
  options: LoadModelOptions,
): Promise<T> {
  checkPathLength("--model", spec);
  try {
    return await load(expandHome(spec), backend, options);
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason ?? new InterruptedError();
    if (e instanceof ModelNotFoundError) throw new UsageError(messageOf(e));
    throw new AttnError(messageOf(e));
  }
}

/** Refuses empty text and text with control characters (they would be echoed to the terminal). */
export function checkText(text: string): void {
  if (text.trim() === "") {
    throw new UsageError(say("runText.noText"));
  }
  // deno-lint-ignore no-control-regex
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    throw new UsageError(say("runText.controlChar", { code, at: control.index + 1 }));
  }
}
