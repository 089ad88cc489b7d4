import type {
  AdamParams,
  AttentionParams,
  AxisParams,
  Backend,
  BinaryOp,
  BinaryParams,
  CrossEntropyParams,
  MatmulExtras,
  MatmulParams,
  RopeParams,
  RowParams,
  SoftmaxParams,
  StridedParams,
  UnaryOp,
} from "../backend/contract.ts";
import { adam } from "./adam.ts";
import { crossEntropy, crossEntropyBackward } from "./cross_entropy.ts";
import { dropout } from "./dropout.ts";
import { accumulate, biasAdd, binary, unary, unaryBackward } from "./elementwise.ts";
import { embedding, embeddingBackward } from "./embedding.ts";
import type { CpuStorage } from "./cpu_memory.ts";
import { CpuRecurrent } from "./recurrent_kernels.ts";
import { accumulateAxis } from "./accumulate_axis.ts";
import { attention, attentionBackward } from "./attention.ts";
import { flashAttention } from "./flash_attention.ts";
import { layerNorm, layerNormBackward } from "./layer_norm.ts";
import { permute, sliceAxis, writeAxis } from "./layout.ts";
import { gather, scatterAdd } from "./strided.ts";
import { matmul } from "./matmul.ts";
import { argmax, sumCols, sumRows, sumSquares } from "./reduce.ts";
import { rope } from "./rope.ts";
import { logSoftmax, softmax, softmaxBackward } from "./softmax.ts";
import { validated } from "../backend/validate.ts";

export type { CpuStorage } from "./cpu_memory.ts";

/**
 * The reference backend: every primitive as plain TypeScript loops over
 * Float32Arrays (kernels in src/engine/cpu/, one family per file). Clarity
 * over speed, except matmul, which is a cache-friendly i-k-j loop because it
 * is also the fallback when a machine has no GPU. Work runs eagerly, so
 * flush and sync have nothing to wait for and roundTrips stays 0. Storage bookkeeping is in
 * cpu_memory.ts, the recurrent primitives in recurrent_kernels.ts.
 * `@validated`: every primitive's params are checked first (engine/backend/validate.ts).
 */
@validated
export class CpuBackend extends CpuRecurrent implements Backend<CpuStorage> {
  readonly name = "cpu" as const;
  readonly deviceName = "cpu (TypeScript loops)";
  // --- kernels ------------------------------------------------------------

  matmul(
    a: CpuStorage,
    b: CpuStorage,
    p: MatmulParams,
    extras: MatmulExtras<CpuStorage> = {},
  ): CpuStorage {
    const use = (s: CpuStorage | undefined) => (s ? this.use(s, "matmul") : undefined);
    const e = {
      ...extras,
      bias: use(extras.bias),
      reluMask: use(extras.reluMask),
      residual: use(extras.residual),
      into: use(extras.into),
      rowSums: use(extras.rowSums),
    };
    const out = matmul(this.use(a, "matmul"), this.use(b, "matmul"), p, e);
    if (e.into) {
      this.stats.dispatches++;
      return e.into;
    }
    return this.run(out);
  }

  biasAdd(x: CpuStorage, bias: CpuStorage, p: RowParams): CpuStorage {
    return this.run(biasAdd(this.use(x, "biasAdd"), this.use(bias, "biasAdd"), p));
  }

  unary(op: UnaryOp, x: CpuStorage, p: { n: number; alpha?: number }): CpuStorage {
    return this.run(unary(op, this.use(x, "unary"), p));
  }

  unaryBackward(
    op: UnaryOp,
    x: CpuStorage,
    y: CpuStorage,
    dy: CpuStorage,
    p: { n: number; alpha?: number },
  ): CpuStorage {
    const where = "unaryBackward";
    return this.run(
      unaryBackward(
        op,
        { x: this.use(x, where), y: this.use(y, where), dy: this.use(dy, where) },
        p,
      ),
    );
  }

  binary(op: BinaryOp, a: CpuStorage, b: CpuStorage, p: BinaryParams): CpuStorage {
    return this.run(binary(op, this.use(a, "binary"), this.use(b, "binary"), p));
  }

  accumulate(target: CpuStorage, x: CpuStorage, p: { n: number; alpha?: number }): void {
    accumulate(this.use(target, "accumulate"), this.use(x, "accumulate"), p);
    this.stats.dispatches++;
  }

  softmax(x: CpuStorage, mask: CpuStorage | null, p: SoftmaxParams): CpuStorage {
    const m = mask === null ? null : this.use(mask, "softmax");
    return this.run(softmax(this.use(x, "softmax"), m, p));
  }

  softmaxBackward(y: CpuStorage, dy: CpuStorage, p: RowParams & { scale?: number }): CpuStorage {
    const where = "softmaxBackward";
    return this.run(softmaxBackward(this.use(y, where), this.use(dy, where), p));
  }

  logSoftmax(x: CpuStorage, p: RowParams): CpuStorage {
    return this.run(logSoftmax(this.use(x, "logSoftmax"), p));
  }

  crossEntropy(logits: CpuStorage, targets: CpuStorage, p: CrossEntropyParams): CpuStorage {
    const where = "crossEntropy";
    return this.run(crossEntropy(this.use(logits, where), this.use(targets, where), p));
  }

  crossEntropyBackward(
    logits: CpuStorage,
    targets: CpuStorage,
    dLoss: CpuStorage,
    p: CrossEntropyParams,
  ): CpuStorage {
    const where = "crossEntropyBackward";
    return this.run(
      crossEntropyBackward(
        this.use(logits, where),
        this.use(targets, where),
        this.use(dLoss, where),
        p,
      ),
    );
  }

  layerNorm(
    x: CpuStorage,
    gamma: CpuStorage,
    beta: CpuStorage,
    p: RowParams & { eps: number },
  ): { y: CpuStorage; mean: CpuStorage; rstd: CpuStorage } {
    const where = "layerNorm";
    const affine = { gamma: this.use(gamma, where), beta: this.use(beta, where) };
    const { y, mean, rstd } = layerNorm(this.use(x, where), affine, p);
    this.stats.dispatches++;
    return { y: this.adopt(y), mean: this.adopt(mean), rstd: this.adopt(rstd) };
  }

  layerNormBackward(
    x: CpuStorage,
    gamma: CpuStorage,
    mean: CpuStorage,
    rstd: CpuStorage,
    dy: CpuStorage,
    p: RowParams,
  ): { dx: CpuStorage; dgamma: CpuStorage; dbeta: CpuStorage } {
    const where = "layerNormBackward";
    const saved = {
      x: this.use(x, where),
      gamma: this.use(gamma, where),
      mean: this.use(mean, where),
      rstd: this.use(rstd, where),
    };
    const { dx, dgamma, dbeta } = layerNormBackward(saved, this.use(dy, where), p);
    this.stats.dispatches++;
    return { dx: this.adopt(dx), dgamma: this.adopt(dgamma), dbeta: this.adopt(dbeta) };
  }

  embedding(
    table: CpuStorage,
    ids: CpuStorage,
    p: { n: number; dim: number; vocab: number },
  ): CpuStorage {
    return this.run(embedding(this.use(table, "embedding"), this.use(ids, "embedding"), p));
  }

  embeddingBackward(
    ids: CpuStorage,
    dy: CpuStorage,
    p: { n: number; dim: number; vocab: number },
  ): CpuStorage {
    const where = "embeddingBackward";
    return this.run(embeddingBackward(this.use(ids, where), this.use(dy, where), p));
  }

  sliceAxis(x: CpuStorage, p: AxisParams): CpuStorage {
    return this.run(sliceAxis(this.use(x, "sliceAxis"), p));
  }

  writeAxis(dst: CpuStorage, src: CpuStorage, p: AxisParams): void {
    writeAxis(this.use(dst, "writeAxis"), this.use(src, "writeAxis"), p);
    this.stats.dispatches++;
  }

  permute(x: CpuStorage, p: { shape: number[]; perm: number[] }): CpuStorage {
    return this.run(permute(this.use(x, "permute"), p));
  }

  gather(x: CpuStorage, p: StridedParams): CpuStorage {
    return this.run(gather(this.use(x, "gather"), p));
  }

  scatterAdd(dst: CpuStorage, src: CpuStorage, p: StridedParams): void {
    scatterAdd(this.use(dst, "scatterAdd"), this.use(src, "scatterAdd"), p);
    this.stats.dispatches++;
  }

  sumRows(x: CpuStorage, p: RowParams): CpuStorage {
    return this.run(sumRows(this.use(x, "sumRows"), p));
  }

  sumCols(x: CpuStorage, p: RowParams): CpuStorage {
    return this.run(sumCols(this.use(x, "sumCols"), p));
  }

  sumSquares(x: CpuStorage, p: { n: number }): CpuStorage {
    return this.run(sumSquares(this.use(x, "sumSquares"), p));
  }

  argmax(x: CpuStorage, p: RowParams): CpuStorage {
    return this.run(argmax(this.use(x, "argmax"), p));
  }

  dropout(x: CpuStorage, p: { n: number; rate: number; seed: number }): CpuStorage {
    return this.run(dropout(this.use(x, "dropout"), p));
  }

  rope(x: CpuStorage, p: RopeParams): CpuStorage {
    return this.run(rope(this.use(x, "rope"), p));
  }

  attention(
    q: CpuStorage,
    kv: CpuStorage,
    mask: CpuStorage | null,
    p: AttentionParams,
  ): { out: CpuStorage; weights: CpuStorage } {
    const where = "attention";
    const r = attention(
      this.use(q, where),
      this.use(kv, where),
      mask === null ? null : this.use(mask, where),
      p,
    );
    this.stats.dispatches++;
    return { out: this.adopt(r.out), weights: this.adopt(r.weights) };
  }

  attentionBackward(
    q: CpuStorage,
    kv: CpuStorage,
    weights: CpuStorage,
    dOut: CpuStorage,
    p: AttentionParams,
  ): { dq: CpuStorage; dk: CpuStorage; dv: CpuStorage } {
    const where = "attentionBackward";
    const g = attentionBackward(
      this.use(q, where),
      this.use(kv, where),
      this.use(weights, where),
      this.use(dOut, where),
      p,
    );
    this.stats.dispatches++;
    return { dq: this.adopt(g.dq), dk: this.adopt(g.dk), dv: this.adopt(g.dv) };
  }

  flashAttention(
    q: CpuStorage,
    kv: CpuStorage,
    mask: CpuStorage | null,
    p: AttentionParams,
  ): { out: CpuStorage; lse: CpuStorage } {
    const where = "flashAttention";
    const r = flashAttention(
      this.use(q, where),
      this.use(kv, where),
      mask === null ? null : this.use(mask, where),
      p,
    );
    this.stats.dispatches++;
    return { out: this.adopt(r.out), lse: this.adopt(r.lse) };
  }

  sumSquaresInto(target: CpuStorage, x: CpuStorage, p: { n: number; index: number }): void {
    const t = this.use(target, "sumSquaresInto");
    const v = this.use(x, "sumSquaresInto");
    let total = 0;
    for (let i = 0; i < v.length; i++) total += v[i] * v[i];
    t[p.index] = total;
    this.stats.dispatches++;
  }

  sumSquaresIntoMany(
    target: CpuStorage,
    xs: readonly CpuStorage[],
    p: { ns: readonly number[]; index: number },
  ): void {
    xs.forEach((x, j) => this.sumSquaresInto(target, x, { n: p.ns[j], index: p.index + j }));
  }

  accumulateAxis(dst: CpuStorage, src: CpuStorage, p: AxisParams): void {
    accumulateAxis(this.use(dst, "accumulateAxis"), this.use(src, "accumulateAxis"), p);
    this.stats.dispatches++;
  }

  adam(
    param: CpuStorage,
    grad: CpuStorage,
    m: CpuStorage,
    v: CpuStorage,
    normSq: CpuStorage | null,
    p: AdamParams,
  ): void {
    const state = {
      param: this.use(param, "adam"),
      grad: this.use(grad, "adam"),
      m: this.use(m, "adam"),
      v: this.use(v, "adam"),
    };
    adam(state, normSq === null ? null : this.use(normSq, "adam"), p);
    this.stats.dispatches++;
  }
}
