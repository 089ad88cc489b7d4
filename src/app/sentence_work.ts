/**
 * How big the work of running one sentence through a model is, known before the model is
 * loaded: what the default backend choice needs (open_backend.ts `isSmallWork`), since loading
 * already needs a backend to load onto.
 */
import type { WorkSize } from "../engine/open_backend.ts";
import type { AppContext } from "./context.ts";
import { resolveModel } from "../models/weights/registry.ts";

/**
 * The size of one sentence through the model `spec` names: its checkpoint's bytes (a stat, the
 * file is not read). Undefined when the model cannot be found: the load then says why.
 */
export async function sentenceWork(
  spec: string,
  app: Pick<AppContext, "weightsDir">,
): Promise<WorkSize | undefined> {
  try {
    const { path } = await resolveModel(spec, { dir: app.weightsDir });
    return { weightBytes: (await Deno.stat(path)).size };
  } catch {
    return undefined;
  }
}
