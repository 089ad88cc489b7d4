/**
 * The checks of the recurrent kernels: the GRU cell (with xp's stride) and the GRU and LSTM
 * sequences (one length per row, storages of the shapes each kernel reads).
 */
import type { SequenceParams } from "../contract.ts";
import { length, size } from "./assert.ts";
import type { CheckGroup, Sized } from "./types.ts";

/**
 * The real length of each row of a recurrent sequence: p.lengths, or every row running all
 * steps (the backends' kernels read them this way; the checks below make sure they are sane).
 */
export function sequenceLengths(p: SequenceParams): number[] {
  return p.lengths ? [...p.lengths] : new Array<number>(p.batch).fill(p.steps);
}

/** Whole sizes, one length per row in 0..steps, and storages of the shapes `sizes` names. */
function sequenceSizes(
  op: string,
  p: SequenceParams,
  sizes: Record<string, [Sized, number[]]>,
): void {
  for (const key of ["batch", "steps", "hidden"] as const) size(op, key, p[key]);
  const lengths = sequenceLengths(p);
  if (lengths.length !== p.batch) {
    throw new Error(`${op}: expected ${p.batch} lengths (one per row), got ${lengths.length}`);
  }
  if (lengths.some((n) => !Number.isInteger(n) || n < 0 || n > p.steps)) {
    throw new Error(`${op}: expected lengths in 0..${p.steps}, got [${lengths.join(", ")}]`);
  }
  for (const [name, [s, shape]] of Object.entries(sizes)) length(op, name, s, shape);
}

/** The GRU cell's sizes and xp's stride (rows of 3H at xpStride apart, from xpOffset). */
function gruCellSizes(
  op: string,
  xp: Sized,
  p: { batch: number; hidden: number } & GruStride,
): void {
  const { batch, hidden } = p;
  size(op, "batch", batch);
  size(op, "hidden", hidden);
  const stride = p.xpStride ?? 3 * hidden;
  const offset = p.xpOffset ?? 0;
  if (!Number.isInteger(stride) || stride < 3 * hidden || !Number.isInteger(offset) || offset < 0) {
    throw new Error(
      `${op}: expected xpStride >= 3 * hidden = ${
        3 * hidden
      } and xpOffset >= 0, got ${stride} and ${offset}`,
    );
  }
  if (batch > 0 && xp.length < (batch - 1) * stride + offset + 3 * hidden) {
    throw new Error(
      `${op}: xp has ${xp.length} elements, too few for ${batch} rows of stride ${stride} from ${offset}`,
    );
  }
}

interface GruStride {
  xpStride?: number;
  xpOffset?: number;
}

/** The checks of the GRU cell and the GRU and LSTM sequences. */
export const recurrentChecks = {
  gruCell(xp, hp, h, p) {
    gruCellSizes("gruCell", xp, p);
    length("gruCell", "hp", hp, [p.batch, 3 * p.hidden]);
    length("gruCell", "h", h, [p.batch, p.hidden]);
  },
  gruCellBackward(xp, hp, h, dhNext, p) {
    gruCellSizes("gruCellBackward", xp, p);
    length("gruCellBackward", "hp", hp, [p.batch, 3 * p.hidden]);
    length("gruCellBackward", "h", h, [p.batch, p.hidden]);
    length("gruCellBackward", "dhNext", dhNext, [p.batch, p.hidden]);
  },
  gruSequence(xp, weightHh, biasHh, h0, p) {
    const { batch: B, steps: S, hidden: H } = p;
    sequenceSizes("gruSequence", p, {
      xp: [xp, [B, S, 3 * H]],
      weightHh: [weightHh, [3 * H, H]],
      biasHh: [biasHh, [3 * H]],
      h0: [h0, [B, H]],
    });
  },
  gruSequenceBackward(saved, weightHh, out, h0, dOut, p) {
    const { batch: B, steps: S, hidden: H } = p;
    sequenceSizes("gruSequenceBackward", p, {
      saved: [saved, [B, S, 4 * H]],
      weightHh: [weightHh, [3 * H, H]],
      out: [out, [B, S, H]],
      h0: [h0, [B, H]],
      dOut: [dOut, [B, S, H]],
    });
  },
  lstmSequence(xp, weightHh, biasHh, h0, c0, p) {
    const { batch: B, steps: S, hidden: H } = p;
    sequenceSizes("lstmSequence", p, {
      xp: [xp, [B, S, 4 * H]],
      weightHh: [weightHh, [4 * H, H]],
      biasHh: [biasHh, [4 * H]],
      h0: [h0, [B, H]],
      c0: [c0, [B, H]],
    });
  },
  lstmSequenceBackward(saved, weightHh, out, h0, c0, dOut, p) {
    const { batch: B, steps: S, hidden: H } = p;
    sequenceSizes("lstmSequenceBackward", p, {
      saved: [saved, [B, S, 4 * H]],
      weightHh: [weightHh, [4 * H, H]],
      out: [out, [B, S, 2 * H]],
      h0: [h0, [B, H]],
      c0: [c0, [B, H]],
      dOut: [dOut, [B, S, 2 * H]],
    });
  },
} satisfies CheckGroup;
