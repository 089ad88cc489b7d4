import type { Seq2Seq } from "../../src/models/model.ts";

/**
 * Releases a model a test built: its parameters, and whatever else the model holds on its
 * backend (a Transformer's positional table) when it has a dispose method.
 */
export function disposeModel(model: Seq2Seq): void {
  for (const t of model.params.values()) t.dispose();
  (model as { dispose?: () => void }).dispose?.();
}
