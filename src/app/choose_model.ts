/**
 * `use MODEL`: what the model a name or path names is, read from its checkpoint, so that a file
 * that is not an attn checkpoint (a README, a torch export with other names, a truncated file)
 * is refused when it is chosen rather than at every later run.
 */
import {
  describe,
  type ModelEntry,
  ModelNotFoundError,
  resolveModel,
} from "../models/weights/registry.ts";
import { loadCheckpoint } from "../models/weights/checkpoint.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import { appMessages } from "./app_messages.ts";
import { UsageError } from "./errors.ts";
import { messageOf } from "../platform/i18n/bilingual_error.ts";

const say = messagesOf(appMessages);

/** A model as `use` reports it: the registry's row without where the file lives. */
export type ModelFacts = Omit<ModelEntry, "path">;

/**
 * The facts of the model `spec` names (a shipped name or a .safetensors path), loaded and
 * validated as `run` would load it. A spec that names no file, or a file that is not a loadable
 * checkpoint, is a usage error that says which model stays in use (`kept`, null: none).
 */
export async function describeModel(
  spec: string,
  options: { weightsDir?: string; kept: string | null; signal?: AbortSignal },
): Promise<ModelFacts> {
  const kept = options.kept ?? say("chooseModel.none");
  let found;
  try {
    found = await resolveModel(spec, { dir: options.weightsDir });
  } catch (e) {
    if (e instanceof ModelNotFoundError) {
      throw new UsageError(say("chooseModel.notFound", { reason: messageOf(e), kept }));
    }
    throw e;
  }
  let checkpoint;
  try {
    checkpoint = await loadCheckpoint(found.path, { signal: options.signal });
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason;
    const message = messageOf(e);
    // The loader names the file first; the refusal names it once.
    const unprefixed = (text: string) =>
      text.startsWith(`${found.path}: `) ? text.slice(found.path.length + 2) : text;
    const reason = { en: unprefixed(message.en), ko: unprefixed(message.ko) };
    throw new UsageError(say("chooseModel.notACheckpoint", { path: found.path, reason, kept }));
  }
  const { path: _path, ...facts } = describe(found.name, found.path, checkpoint);
  return facts;
}
