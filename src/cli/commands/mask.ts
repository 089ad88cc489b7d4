import { Option } from "commander";
import type { CommandDef } from "../command.ts";
import { emit } from "../command.ts";
import { UsageError } from "../errors.ts";
import { parseCount, parseLengths } from "../parse_number.ts";
import { openBackend } from "../../engine/open_backend.ts";
import { ops, tidy } from "../../engine/mod.ts";
import { Tensor } from "../../engine/tensor.ts";
import { keyPaddingMask } from "../../models/attention.ts";
import { renderMask } from "../../render/mask_view.ts";
import { paletteFor } from "../../render/color.ts";
import { quoteInput } from "../quote_input.ts";

/** Longest sequence `mask` draws. */
const MAX_N = 256;

/** One mask of `mask --json`: rows are query positions, cols key positions. */
export interface MaskMatrix {
  /** e.g. "causal" or "sequence 2 (length 3)". */
  label: string;
  rows: string[];
  cols: string[];
  /** The additive mask: 0 (may attend) or "-inf" (JSON has no -Infinity). */
  additive: (0 | "-inf")[][];
  /** softmax(0 + mask) row by row: uniform scores, so 1/count on allowed keys and exactly 0 elsewhere. */
  weights: number[][];
}

/** The result of `mask` (printed as is with --json). */
export interface MaskResult {
  kind: "causal" | "padding";
  n: number;
  /** padding: the real length of each sequence in the batch. */
  lengths?: number[];
  masks: MaskMatrix[];
  explanation: string;
}

/**
 * `mask causal|padding <n> [--lengths a,b,...]`: the additive attention mask
 * as a grid (0 or -inf) and the softmax of uniform scores under it, computed
 * by the same softmax (and key padding mask) the models use, so the exact
 * zeros are the model's own.
 */
export const maskCommand: CommandDef = {
  name: "mask",
  summary: "show an attention mask and the softmax under it: mask causal|padding <n>",
  examples: ["mask causal 6", "mask padding 6 --lengths 6,4,2", "mask causal 5 --json"],
  configure(cmd) {
    cmd.argument("<kind>", "causal or padding")
      .argument("<n>", `sequence length (1-${MAX_N})`)
      .addOption(
        new Option(
          "--lengths <a,b,...>",
          "padding: the real length of each sequence (default n and n/2)",
        ),
      );
  },
  async run(args, options, ctx) {
    const [kind, nText] = args;
    if (kind !== "causal" && kind !== "padding") {
      throw new UsageError(`expected mask causal or padding, got ${quoteInput(kind)}`);
    }
    const n = parseCount(nText, "n", { max: MAX_N });
    if (kind === "causal" && options.lengths !== undefined) {
      throw new UsageError(`--lengths is for 'mask padding'; a causal mask depends only on n`);
    }
    const lengths = kind === "padding"
      ? options.lengths === undefined
        ? [...new Set([n, Math.ceil(n / 2)])]
        : parseLengths(String(options.lengths), "--lengths", { max: n })
      : undefined;
    const result = await buildMasks(kind, n, lengths);
    emit(ctx, result, (r) => renderMask(r, { palette: paletteFor(ctx.io), width: ctx.io.columns }));
  },
};

async function buildMasks(
  kind: "causal" | "padding",
  n: number,
  lengths?: number[],
): Promise<MaskResult> {
  // The masks are the same on every device: the process's cpu backend shows them.
  const { backend } = await openBackend("cpu");
  const positions = Array.from({ length: n }, (_, i) => String(i + 1));
  if (kind === "causal") {
    // 1. Uniform scores [1, n, n] through the attention softmax with its causal mask.
    const weights = await readAndFree(tidy(() => {
      const scores = Tensor.from(backend, new Float32Array(n * n), [1, n, n]);
      return ops.softmax(scores, { causal: true }); // [1, n, n]
    }));
    const additive = positions.map((_, q) =>
      positions.map((_, k) => (k > q ? "-inf" as const : 0 as const))
    );
    return {
      kind,
      n,
      masks: [{
        label: "causal",
        rows: positions,
        cols: positions,
        additive,
        weights: square(weights, 0, n),
      }],
      explanation:
        "Decoder self-attention (Vaswani et al. 2017, §3.2.3): position q may look at keys 1..q only, so the mask adds -inf above the diagonal. exp(-inf) = 0, so those weights are exactly 0 and each row's weight is shared by the keys it may see: row q gets 1/q each.",
    };
  }
  // 2. Key padding: uniform scores [B, n, n] through the softmax with the models' key padding mask [B, 1, n].
  const b = lengths!.length;
  const weights = await readAndFree(tidy(() => {
    const mask = keyPaddingMask(backend, lengths!, n); // [B, 1, n]
    const scores = Tensor.from(backend, new Float32Array(b * n * n), [b, n, n]);
    return ops.softmax(scores, { mask }); // [B, n, n]
  }));
  const masks = lengths!.map((len, s) => {
    const labels = positions.map((p, i) => (i < len ? p : "pad"));
    return {
      label: `sequence ${s + 1} (length ${len} of ${n})`,
      rows: labels,
      cols: labels,
      additive: labels.map(() => labels.map((_, k) => (k >= len ? "-inf" as const : 0 as const))),
      weights: square(weights, s, n),
    };
  });
  return {
    kind,
    n,
    lengths,
    masks,
    explanation:
      "Sequences of different lengths share one batch by padding to the longest; a key padding mask adds -inf on the padded key positions so no query attends to them (their weight is exactly 0). Rows of padded queries are computed too but their outputs are ignored.",
  };
}

/** A tensor's values; the tensor is freed (the cpu backend outlives the command). */
async function readAndFree(t: Tensor): Promise<Float32Array> {
  try {
    return await t.toArray();
  } finally {
    t.dispose();
  }
}

function square(flat: Float32Array, b: number, n: number): number[][] {
  return Array.from(
    { length: n },
    (_, q) => Array.from(flat.subarray((b * n + q) * n, (b * n + q + 1) * n)),
  );
}
