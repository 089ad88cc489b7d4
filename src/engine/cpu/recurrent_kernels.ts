/**
 * The recurrent primitives of the cpu backend: the GRU cell and the GRU and LSTM sequences,
 * forward and backward (their loops live in gru.ts, gru_sequence.ts and lstm_sequence.ts).
 */
import type { GruCellParams, SequenceParams } from "../backend/contract.ts";
import { CpuMemory, type CpuStorage } from "./cpu_memory.ts";
import { gruCell, gruCellBackward } from "./gru.ts";
import { gruSequence, gruSequenceBackward } from "./gru_sequence.ts";
import { lstmSequence, lstmSequenceBackward } from "./lstm_sequence.ts";

/** The cpu backend's recurrent kernels, on top of its storage bookkeeping. */
export abstract class CpuRecurrent extends CpuMemory {
  gruCell(xp: CpuStorage, hp: CpuStorage, h: CpuStorage, p: GruCellParams): CpuStorage {
    const where = "gruCell";
    return this.run(gruCell(this.use(xp, where), this.use(hp, where), this.use(h, where), p));
  }

  gruCellBackward(
    xp: CpuStorage,
    hp: CpuStorage,
    h: CpuStorage,
    dhNext: CpuStorage,
    p: GruCellParams,
  ): { dxp: CpuStorage; dhp: CpuStorage; dh: CpuStorage } {
    const where = "gruCellBackward";
    const g = gruCellBackward(
      this.use(xp, where),
      this.use(hp, where),
      this.use(h, where),
      this.use(dhNext, where),
      p,
    );
    this.stats.dispatches++;
    return { dxp: this.adopt(g.dxp), dhp: this.adopt(g.dhp), dh: this.adopt(g.dh) };
  }

  gruSequence(
    xp: CpuStorage,
    weightHh: CpuStorage,
    biasHh: CpuStorage,
    h0: CpuStorage,
    p: SequenceParams,
  ): { out: CpuStorage; saved: CpuStorage | null } {
    const use = (s: CpuStorage) => this.use(s, "gruSequence");
    const r = gruSequence(use(xp), use(weightHh), use(biasHh), use(h0), p);
    this.stats.dispatches++;
    return { out: this.adopt(r.out), saved: r.saved ? this.adopt(r.saved) : null };
  }

  gruSequenceBackward(
    saved: CpuStorage,
    weightHh: CpuStorage,
    out: CpuStorage,
    h0: CpuStorage,
    dOut: CpuStorage,
    p: SequenceParams,
  ): { dxp: CpuStorage; dhp: CpuStorage; dh0: CpuStorage; hPrev: CpuStorage } {
    const use = (s: CpuStorage) => this.use(s, "gruSequenceBackward");
    const g = gruSequenceBackward(use(saved), use(weightHh), use(out), use(h0), use(dOut), p);
    this.stats.dispatches++;
    return {
      dxp: this.adopt(g.dxp),
      dhp: this.adopt(g.dhp),
      dh0: this.adopt(g.dh0),
      hPrev: this.adopt(g.hPrev),
    };
  }

  lstmSequence(
    xp: CpuStorage,
    weightHh: CpuStorage,
    biasHh: CpuStorage,
    h0: CpuStorage,
    c0: CpuStorage,
    p: SequenceParams,
  ): { out: CpuStorage; saved: CpuStorage | null } {
    const use = (s: CpuStorage) => this.use(s, "lstmSequence");
    const r = lstmSequence(use(xp), use(weightHh), use(biasHh), use(h0), use(c0), p);
    this.stats.dispatches++;
    return { out: this.adopt(r.out), saved: r.saved ? this.adopt(r.saved) : null };
  }

  lstmSequenceBackward(
    saved: CpuStorage,
    weightHh: CpuStorage,
    out: CpuStorage,
    h0: CpuStorage,
    c0: CpuStorage,
    dOut: CpuStorage,
    p: SequenceParams,
  ): { dgates: CpuStorage; dh0: CpuStorage; dc0: CpuStorage; hPrev: CpuStorage } {
    const use = (s: CpuStorage) => this.use(s, "lstmSequenceBackward");
    const g = lstmSequenceBackward(
      use(saved),
      use(weightHh),
      use(out),
      use(h0),
      use(c0),
      use(dOut),
      p,
    );
    this.stats.dispatches++;
    return {
      dgates: this.adopt(g.dgates),
      dh0: this.adopt(g.dh0),
      dc0: this.adopt(g.dc0),
      hPrev: this.adopt(g.hPrev),
    };
  }

  /** The cpu loops take any hidden size. */
  sequenceSupported(_gates: 3 | 4, hidden: number): boolean {
    return Number.isInteger(hidden) && hidden > 0;
  }
}
