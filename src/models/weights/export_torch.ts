/**
 * `export --format torch`: writes a checkpoint whose tensors carry exactly
 * the PyTorch state_dict names and shapes of docs/CONTRACT.md, so that the modules
 * described there (torch.nn.Transformer, nn.GRU / nn.LSTM plus embeddings,
 * attention and generator) load it with `load_state_dict(strict=True)`.
 * attn's parameter names already are those names, so this is a re-save with
 * `format: torch` in the metadata, plus notes where PyTorch's modules differ.
 */
import type { AnyModelConfig } from "../config.ts";
import { type CheckpointInfo, writeCheckpointFile } from "./checkpoint.ts";
import type { LoadedTensors } from "./param_store.ts";
import type { NamedTensor } from "./safetensors.ts";
import type { Tensor } from "../../engine/tensor.ts";

/** A model's weights with its description: live parameters or tensors loaded from a file. */
export type CheckpointLike =
  & CheckpointInfo
  & ({ params: ReadonlyMap<string, Tensor> } | { tensors: LoadedTensors });

/** Differences between attn's model and the PyTorch modules of docs/CONTRACT.md, one line each. */
export function torchExportNotes(config: AnyModelConfig): string[] {
  const notes: string[] = [];
  if (config.arch === "gpt" && config.pe === "rope") {
    notes.push(
      "nn.TransformerEncoder does not apply RoPE: rotate q and k yourself in self-attention",
    );
  }
  if (config.arch === "gpt" && config.attnOnly) {
    notes.push(
      "attention-only: nn.TransformerEncoderLayer always has an FFN; zero its linear2 and load with strict=False",
    );
  }
  if (config.arch === "transformer") {
    if (config.pe === "rope") {
      notes.push(
        "nn.Transformer does not apply RoPE: rotate q and k yourself in self-attention, see README",
      );
    }
    if (config.pe === "none") {
      notes.push("this model has no positional encoding: add none to the embeddings");
    }
  }
  return notes;
}

/**
 * Writes `checkpoint` to `outPath` (atomically) for PyTorch and returns
 * notes for the user, e.g. that nn.Transformer does not reproduce RoPE.
 */
export async function exportTorch(checkpoint: CheckpointLike, outPath: string): Promise<string[]> {
  const tensors = "params" in checkpoint
    ? await readParams(checkpoint.params)
    : [...checkpoint.tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data }));
  const extra = { ...checkpoint.extra, format: "torch" };
  await writeCheckpointFile(outPath, { ...checkpoint, extra }, withTiedHead(checkpoint, tensors));
  return torchExportNotes(checkpoint.config);
}

async function readParams(params: ReadonlyMap<string, Tensor>) {
  const entries = [...params];
  const values = await Promise.all(entries.map(([, t]) => t.toArray()));
  return entries.map(([name, t], i) => ({ name, shape: t.shape, data: values[i] }));
}

/**
 * A tied GPT's tensors plus `lm_head.weight`, a copy of the token table (docs/CONTRACT.md: it is
 * written even when tied, so that a plain nn.Linear head loads with strict=True).
 */
function withTiedHead(checkpoint: CheckpointInfo, tensors: NamedTensor[]): NamedTensor[] {
  const { config } = checkpoint;
  if (config.arch !== "gpt" || !config.tied) return tensors;
  const table = tensors.find((t) => t.name === "tok_embed.weight");
  if (!table) return tensors;
  return [...tensors, { name: "lm_head.weight", shape: table.shape, data: table.data }];
}
