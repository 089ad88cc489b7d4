import { Option } from "commander";
import type { CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { AttnError, sanitizeForTerminal, UsageError } from "../errors.ts";
import { exportTorch } from "../../models/weights/export_torch.ts";
import { openModel } from "./run.ts";
import { checkOutPath, requireSafetensorsName } from "../out_path.ts";

/** `export --json`: what was written. */
export interface ExportResult {
  model: string;
  format: "torch";
  out: string;
  tensors: number;
  /** Where PyTorch's modules differ from attn's model (e.g. RoPE), one line each. */
  notes: string[];
}

/**
 * `export --model NAME|PATH --format torch --out FILE`: writes the weights
 * under PyTorch state_dict names (docs/CONTRACT.md "Checkpoints"). The model is
 * built first, so a checkpoint that does not fit its config is refused
 * before anything is written.
 */
export const exportCommand: CommandDef = {
  name: "export",
  summary: "write a model's weights for PyTorch (load_state_dict(strict=True))",
  examples: [
    "export --model ko-en-transformer --format torch --out ~/.local/state/attn/ko-en.safetensors",
  ],
  configure(cmd) {
    cmd.addOption(new Option("--model <name>", "a model from 'models', or a .safetensors path"))
      .addOption(
        new Option("--format <format>", "output format").choices(["torch"]).default("torch"),
      )
      .addOption(new Option("--out <file>", "the .safetensors file to write"));
  },
  async run(_args, options, ctx) {
    const spec = options.model === undefined ? "" : String(options.model);
    if (spec === "") throw new UsageError(`expected --model NAME (see 'models') or --model PATH`);
    const given = options.out === undefined ? "" : String(options.out);
    if (given === "") throw new UsageError(`expected --out FILE.safetensors to write to`);
    requireSafetensorsName("--out", given);
    const out = await checkOutPath("--out", given);
    const { backend } = await ctx.session.backend(ctx.backendChoice);
    const loaded = await openModel(spec, backend, {
      signal: ctx.signal,
      onWarning: (w) => ctx.io.err(`attn: warning: ${w}`),
    });
    const { checkpoint } = loaded;
    let notes: string[];
    try {
      notes = await exportTorch({
        config: checkpoint.config,
        srcVocab: checkpoint.srcVocab,
        tgtVocab: checkpoint.tgtVocab,
        tokenizer: checkpoint.tokenizer,
        tensors: checkpoint.tensors,
        extra: checkpoint.metadata,
      }, out);
    } catch (e) {
      throw new AttnError(e instanceof Error ? e.message : String(e));
    }
    const result: ExportResult = {
      model: loaded.name,
      format: "torch",
      out,
      tensors: checkpoint.tensors.size,
      notes,
    };
    emit(ctx, result, renderExport);
  },
};

function renderExport(r: ExportResult): string {
  return [
    `wrote ${sanitizeForTerminal(r.out)}: ${r.tensors} tensors of ${
      sanitizeForTerminal(r.model)
    } under PyTorch state_dict names`,
    ...r.notes.map((n) => `note: ${n}`),
  ].join("\n");
}
