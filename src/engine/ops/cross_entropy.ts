/** Cross-entropy loss of logits against integer targets, as torch.nn.CrossEntropyLoss. */
import { shapeText, Tensor } from "../tensor.ts";
import { recordOp } from "../tape.ts";
import { backendOf, wrap } from "./checks.ts";

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions {
  /** Rows whose target is this id count for nothing (padding). Default 0 (<pad>). */
  ignoreIndex?: number;
  /**
   * Label smoothing eps (Szegedy et al. 2016): the target distribution puts
   * 1 - eps on the target plus eps / V everywhere. Default 0.
   */
  labelSmoothing?: number;
}

/**
 * Mean cross-entropy over the non-ignored rows: logits [..., V] against
 * targets [...] (ids stored as float32) -> a scalar of shape []. The gradient
 * flows to the logits only.
 */
export function crossEntropy(
  logits: Tensor,
  targets: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  const backend = backendOf("crossEntropy", logits, targets);
  if (logits.rank < 1) {
    throw new Error(`crossEntropy: expected logits [..., V], got a scalar`);
  }
  const cols = logits.shape[logits.rank - 1];
  const rows = logits.size / cols;
  if (targets.size !== rows) {
    throw new Error(
      `crossEntropy: expected ${rows} targets for logits ${shapeText(logits.shape)}, got ${
        shapeText(targets.shape)
      }`,
    );
  }
  const p = {
    rows,
    cols,
    ignoreIndex: options.ignoreIndex ?? 0,
    labelSmoothing: options.labelSmoothing ?? 0,
  };
  const loss = wrap(backend, backend.crossEntropy(logits.data, targets.data, p), []);
  return recordOp("crossEntropy", loss, [logits], (dy) => [
    wrap(
      backend,
      backend.crossEntropyBackward(logits.data, targets.data, dy.data, p),
      logits.shape,
    ),
  ]);
}
