/**
 * Runs bench/torch_decode.py (greedy decoding of `bench models`, GPT generation with and without
 * a KV cache of `bench generate`, in PyTorch's CPU build) in the same run as the suite, so the
 * comparison is made under the same machine load: per-token time and tokens/s at the same n.
 * Same rules as the training anchor (torch_compare.ts): --allow-run=/usr/bin/python3,
 * --allow-env, OMP_WAIT_POLICY=PASSIVE unless set, OpenBLAS unpinned (anchor_process.ts).
 */

import { anchorOf, OPENMP_PASSIVE, type ProbedBlas, runAnchorScript } from "./anchor_process.ts";
import type { Anchor, BenchReport, BenchResult } from "./types.ts";

const SCRIPT = new URL("../../bench/torch_decode.py", import.meta.url).pathname;

/** The GPT sizes PyTorch builds for `bench generate` (random weights, as attn's default). */
export interface TorchGptSizes {
  vocab: number;
  dModel: number;
  heads: number;
  layers: number;
  ffn: number;
  maxLen: number;
}

/** Options of runTorchDecode. */
export interface TorchDecodeOptions {
  suite: "generate" | "models";
  /** Prefix lengths (generate) or source lengths (models). */
  lengths: readonly number[];
  reps?: number;
  /** generate: the GPT's sizes. */
  gpt?: TorchGptSizes;
  /** models: the architectures to run (names of src/bench/models_suite.ts's cases). */
  cases?: readonly string[];
  signal?: AbortSignal;
  /** Tests only: a stand-in for bench/torch_decode.py that prints the same JSON. */
  script?: string;
}

/** generate: whether PyTorch's cached and recomputing generations gave the same tokens. */
export interface TorchAgreement {
  sameTokens: boolean;
  maxLogitDiff: number;
}

/** A decode result: the per-token time and tokens/s beside the whole time. */
export type TorchDecodeResult = BenchResult & { perTokenMs: number };

/** The PyTorch report and its anchor, or the one-line reason it could not be measured. */
export async function runTorchDecode(
  options: TorchDecodeOptions,
): Promise<
  { report: BenchReport & { agreement?: TorchAgreement }; anchor: Anchor } | { unavailable: string }
> {
  const args = ["--suite", options.suite, "--reps", String(options.reps ?? 5)];
  for (const n of options.lengths) args.push("--len", String(n));
  for (const c of options.cases ?? []) args.push("--case", c);
  const gpt = options.gpt;
  if (gpt) {
    const { vocab, dModel, heads, layers, ffn, maxLen } = gpt;
    const sizes = { vocab, d: dModel, heads, layers, ffn, "max-len": maxLen };
    for (const [flag, value] of Object.entries(sizes)) args.push(`--${flag}`, String(value));
  }
  const ran = await runAnchorScript(options.script ?? SCRIPT, args, {
    signal: options.signal,
    defaults: OPENMP_PASSIVE,
  });
  if ("unavailable" in ran) return ran;
  const parsed = ran.output as {
    torch: string;
    threads: number;
    blas: ProbedBlas;
    results: { name: string; medianMs: number; minMs: number; maxMs: number }[];
    agreement?: TorchAgreement;
  };
  return {
    report: {
      suite: options.suite,
      backend: `torch ${parsed.torch} cpu`,
      adapter: null,
      results: parsed.results.map((r) => withRate(r, options.suite)),
      ...(parsed.agreement ? { agreement: parsed.agreement } : {}),
    },
    anchor: anchorOf("PyTorch", parsed.torch, parsed.threads, parsed.blas, ran),
  };
}

/**
 * The tokens a result stands for, from its name: "cache n=16" is one token (times are per
 * token); "gru decode n=16" is 16 tokens (a whole decode); an encode of n = 16 reads 16.
 */
export function tokensOf(name: string, suite: "generate" | "models"): number {
  const n = Number(/ n=(\d+)$/.exec(name)?.[1] ?? NaN);
  return suite === "generate" ? 1 : n;
}

function withRate(
  r: { name: string; medianMs: number; minMs: number; maxMs: number },
  suite: "generate" | "models",
): TorchDecodeResult {
  const tokens = tokensOf(r.name, suite);
  return {
    ...r,
    params: {},
    timing: "wall",
    value: r.medianMs > 0 ? tokens / (r.medianMs / 1000) : 0,
    unit: "tokens/s",
    perTokenMs: r.medianMs / tokens,
  };
}
