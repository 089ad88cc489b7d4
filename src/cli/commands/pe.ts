import { Option } from "commander";
import type { CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { AttnError, UsageError } from "../errors.ts";
import { parseCount } from "../parse_number.ts";
import { sinusoidalTable } from "../../models/layers/positional.ts";
import { rope } from "../../engine/cpu/rope.ts";
import { listModels, ModelNotFoundError, resolveModel } from "../../models/weights/registry.ts";
import { loadCheckpoint } from "../../models/weights/checkpoint.ts";
import { renderPe } from "../../render/pe_view.ts";
import { paletteFor } from "../../render/color.ts";
import { quoteInput } from "../quote_input.ts";
import { checkPathLength } from "../path_limit.ts";

/** Positions and widths `pe` accepts. */
const MAX_LENGTH = 1024;
const MAX_DIM = 1024;
const DEFAULT_LENGTH = 20;
const DEFAULT_DIM = 32;

/** The result of `pe` (printed as is with --json). */
export interface PeResult {
  kind: "sinusoidal" | "learned" | "rope";
  /** Positions (rows). */
  length: number;
  /** Model width d (sinusoidal, learned) or head width dk (rope). */
  dim: number;
  /** Row labels: positions 0..length-1. */
  rows: string[];
  /** Column labels: dimensions 0..dim-1; rope: cos0, sin0, cos1, sin1, ... */
  cols: string[];
  /** values[position][column]; null when there is no table to show (learned without --model). */
  values: number[][] | null;
  /** rope: the rotation angle of pair i at position p, in radians (angles[p][i]). */
  angles?: number[][];
  /** The model a learned table came from. */
  model?: string;
  /** What the table means, in a few sentences. */
  explanation: string;
}

/**
 * `pe sinusoidal|learned|rope [len] [dim]`: the positional encodings as a
 * diverging heatmap, positions x dimensions. Sinusoidal numbers come from
 * the same `sinusoidalTable` the Transformer adds; rope's cos/sin from the
 * same rotation the attention applies (a unit vector per pair, rotated).
 */
export const peCommand: CommandDef = {
  name: "pe",
  summary: "show positional encodings: pe sinusoidal|learned|rope [len] [dim]",
  examples: [
    "pe sinusoidal",
    "pe sinusoidal 50 64 --page 2",
    "pe rope 16 8",
    "pe learned --model NAME",
  ],
  configure(cmd) {
    cmd.argument("<kind>", "sinusoidal, learned or rope")
      .argument("[len]", `positions to show (1-${MAX_LENGTH}, default ${DEFAULT_LENGTH})`)
      .argument("[dim]", `model (or rope: head) width, even (2-${MAX_DIM}, default ${DEFAULT_DIM})`)
      .addOption(new Option("--model <name>", "learned: the trained model whose pos_embed to show"))
      .addOption(new Option("--page <n>", "which page of dimensions to show when they do not fit"));
  },
  async run(args, options, ctx) {
    const [kind, lenText, dimText] = args;
    if (kind !== "sinusoidal" && kind !== "learned" && kind !== "rope") {
      throw new UsageError(`expected pe sinusoidal, learned or rope, got ${quoteInput(kind)}`);
    }
    const length = lenText === undefined
      ? DEFAULT_LENGTH
      : parseCount(lenText, "len", { max: MAX_LENGTH });
    const page = options.page === undefined
      ? 1
      : parseCount(String(options.page), "--page", { max: MAX_DIM });
    let result: PeResult;
    if (kind === "learned") {
      result = await learnedTable(
        options.model === undefined ? undefined : String(options.model),
        lenText === undefined ? undefined : length,
        ctx.signal,
      );
    } else {
      const dim = dimText === undefined
        ? DEFAULT_DIM
        : parseCount(dimText, "dim", { min: 2, max: MAX_DIM });
      if (dim % 2 !== 0) throw new UsageError(`expected an even dim (sin/cos pairs), got ${dim}`);
      result = kind === "sinusoidal" ? sinusoidal(length, dim) : rotary(length, dim);
    }
    emit(
      ctx,
      result,
      (r) => renderPe(r, { palette: paletteFor(ctx.io), width: ctx.io.columns, page }),
    );
  },
};

function labels(n: number, name: (i: number) => string = String): string[] {
  return Array.from({ length: n }, (_, i) => name(i));
}

function rowsOf(flat: Float32Array, length: number, dim: number): number[][] {
  return Array.from({ length }, (_, p) => Array.from(flat.subarray(p * dim, (p + 1) * dim)));
}

function sinusoidal(length: number, dim: number): PeResult {
  return {
    kind: "sinusoidal",
    length,
    dim,
    rows: labels(length),
    cols: labels(dim),
    values: rowsOf(sinusoidalTable(length, dim), length, dim),
    explanation:
      "Vaswani et al. 2017, §3.5: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)), added to the token embeddings. Low dimensions turn fast (wavelength 2π), high ones slowly (up to 10000·2π), so every position gets a distinct pattern and PE[p+k] is a fixed rotation of PE[p].",
  };
}

function rotary(length: number, dim: number): PeResult {
  // A unit vector (1, 0) in every pair, rotated by the attention's own RoPE: (cos θ, sin θ).
  const unit = new Float32Array(length * dim);
  for (let o = 0; o < unit.length; o += 2) unit[o] = 1;
  const rotated = rope(unit, { rows: 1, t: length, dim });
  const pairs = dim / 2;
  const angles = Array.from(
    { length },
    (_, p) =>
      Array.from(
        { length: pairs },
        (_, i) => Math.atan2(rotated[p * dim + 2 * i + 1], rotated[p * dim + 2 * i]),
      ),
  );
  return {
    kind: "rope",
    length,
    dim,
    rows: labels(length),
    cols: labels(dim, (j) => `${j % 2 === 0 ? "cos" : "sin"}${Math.floor(j / 2)}`),
    values: rowsOf(rotated, length, dim),
    angles,
    explanation:
      "Su et al. 2021 (RoFormer): nothing is added to the embeddings; inside self-attention each pair (2i, 2i+1) of a query or key at position p is rotated by θ = p · 10000^(-2i/dk). The grid shows cos θ and sin θ per pair (angles, wrapped to (-π, π], are in --json). Since both q and k turn, q · k depends only on their offset.",
  };
}

async function learnedTable(
  spec: string | undefined,
  length: number | undefined,
  signal: AbortSignal,
): Promise<PeResult> {
  const explanation =
    "A learned table (Gehring et al. 2017) is a parameter pos_embed.weight [max_len, d], trained like the token embeddings and added to them; it only exists in a trained model, and positions past max_len have no row.";
  if (spec === undefined) {
    const { models } = await listModels();
    const learned = models.filter((m) => m.pe === "learned").map((m) => m.name);
    return {
      kind: "learned",
      length: 0,
      dim: 0,
      rows: [],
      cols: [],
      values: null,
      explanation: `${explanation} ${
        learned.length > 0
          ? `Models with one: ${learned.join(", ")}; try pe learned --model ${learned[0]}.`
          : "No shipped model uses one yet; pass --model PATH.safetensors of a Transformer trained with pe learned."
      } Meanwhile 'pe sinusoidal' shows the fixed table it replaces.`,
    };
  }
  let resolved: { name: string; path: string };
  checkPathLength("--model", spec);
  try {
    resolved = await resolveModel(spec);
  } catch (e) {
    if (e instanceof ModelNotFoundError) throw new UsageError(e.message);
    throw e;
  }
  let checkpoint;
  try {
    checkpoint = await loadCheckpoint(resolved.path, { signal });
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    throw new AttnError(e instanceof Error ? e.message : String(e));
  }
  const config = checkpoint.config;
  if (config.arch !== "transformer" || config.pe !== "learned") {
    const what = config.arch === "transformer"
      ? `pe '${config.pe}'`
      : `an ${config.arch.toUpperCase()} (no positional table)`;
    throw new UsageError(
      `expected a Transformer with a learned positional table, but ${resolved.name} uses ${what}${
        config.arch === "transformer" && config.pe !== "none" ? `; try pe ${config.pe}` : ""
      }`,
    );
  }
  const table = checkpoint.tensors.get("pos_embed.weight");
  if (!table) throw new AttnError(`${resolved.name} has no pos_embed.weight tensor`);
  const [maxLen, dim] = table.shape;
  const rows = length ?? Math.min(maxLen, DEFAULT_LENGTH);
  if (rows > maxLen) {
    throw new UsageError(`expected len of at most ${maxLen} (the model's max_len), got ${rows}`);
  }
  return {
    kind: "learned",
    length: rows,
    dim,
    rows: labels(rows),
    cols: labels(dim),
    values: rowsOf(table.data, rows, dim),
    model: resolved.name,
    explanation,
  };
}
