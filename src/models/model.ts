import type { Tensor } from "../engine/tensor.ts";
import type { ModelConfig } from "./config.ts";
import type { TraceRecorder } from "./trace.ts";
import type { HeadAblation } from "./intervention.ts";
import type { SourceBatch } from "../data/batches.ts";

export interface ForwardOptions {
  /** Enables dropout. Default false. */
  training?: boolean;
  /** Seed of this step's dropout masks. */
  seed?: number;
  /** Collects attention weights and hidden states for the views. */
  trace?: TraceRecorder;
  /** Attention heads switched off for this pass (ablation); none by default. */
  ablation?: HeadAblation;
}

/**
 * What every Seq2Seq model in attn offers: teacher-forced logits for
 * training and tracing, and the two halves of step-by-step decoding. All
 * methods only record GPU work; nothing is read back.
 */
export interface Seq2Seq<State = unknown> {
  readonly config: ModelConfig;
  /** Parameters by their PyTorch state_dict names (docs/CONTRACT.md), in creation order. */
  readonly params: ReadonlyMap<string, Tensor>;
  /** Logits [B, T, Vt] for every target position given src and tgtIn. */
  forward(batch: SourceBatch & { tgtIn: Tensor }, options?: ForwardOptions): Tensor;
  /** Runs the encoder once; the state holds what decoding steps need. */
  startDecoding(batch: SourceBatch): State;
  /**
   * Logits [B, Vt] of the next token after `prefix` ([B, t + 1] ids: <bos>
   * and the tokens chosen so far). RNNs read only the last column and advance
   * their hidden state inside `state`; Transformers re-run the decoder on the
   * whole prefix under the causal mask.
   */
  decodeStep(state: State, prefix: Tensor): Tensor;
  /** The state restricted to (and reordered by) batch rows `rows` ([B'] ids), for beam search. */
  selectRows(state: State, rows: Tensor): State;
}
