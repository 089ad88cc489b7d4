import type {
  AdamParams,
  AttentionParams,
  AxisParams,
  Backend,
  BackendStats,
  BinaryOp,
  BinaryParams,
  CrossEntropyParams,
  GruCellParams,
  MatmulExtras,
  MatmulParams,
  RopeParams,
  RowParams,
  SequenceParams,
  SoftmaxParams,
  StridedParams,
  Timing,
  UnaryOp,
} from "../backend/contract.ts";
import { validated } from "../backend/validate.ts";
import type { GpuBuffer, GpuRuntime } from "./runtime.ts";
import * as elementwise from "./kernels/elementwise.ts";
import * as layout from "./kernels/layout.ts";
import * as strided from "./kernels/strided.ts";
import * as matmulOps from "./kernels/matmul.ts";
import * as softmaxOps from "./kernels/softmax.ts";
import * as crossEntropyOps from "./kernels/cross_entropy.ts";
import * as layerNormOps from "./kernels/layer_norm.ts";
import * as embeddingOps from "./kernels/embedding.ts";
import * as reduce from "./kernels/reduce.ts";
import * as adamOps from "./kernels/adam.ts";
import * as gruOps from "./kernels/gru.ts";
import * as gruSequenceOps from "./kernels/gru_sequence.ts";
import * as lstmSequenceOps from "./kernels/lstm_sequence.ts";
import { sequenceKernel } from "./kernels/sequence_kernel.ts";
import { accumulateAxis } from "./kernels/accumulate_axis.ts";
import { sumSquaresInto, sumSquaresIntoMany } from "./kernels/sum_squares_into.ts";
import * as attentionOps from "./kernels/attention.ts";
import * as flashAttentionOps from "./kernels/flash_attention.ts";

/**
 * The webgpu backend: each primitive records one or a few WGSL dispatches
 * into the runtime's open command encoder. Nothing runs until a read (or
 * flush/sync) submits the recorded work, so a whole forward pass, a training
 * step or a greedy decode costs one GPU round trip.
 * `@validated`: every primitive's params are checked first (engine/backend/validate.ts); the
 * kernels' host code here only checks what depends on the device (grid sizes, workgroup memory).
 */
@validated
export class WebGpuBackend implements Backend<GpuBuffer> {
  readonly name = "webgpu" as const;
  readonly rt: GpuRuntime;

  constructor(rt: GpuRuntime) {
    this.rt = rt;
  }

  get deviceName(): string {
    return this.rt.adapterName;
  }

  get stats(): BackendStats {
    return this.rt.stats;
  }

  upload(data: Float32Array): GpuBuffer {
    return this.rt.upload(data);
  }
  full(n: number, value: number): GpuBuffer {
    return elementwise.full(this.rt, n, value);
  }
  alloc(n: number): GpuBuffer {
    return this.rt.alloc(n);
  }
  length(s: GpuBuffer): number {
    return s.length;
  }
  read(s: GpuBuffer): Promise<Float32Array> {
    return this.rt.read(s);
  }
  release(s: GpuBuffer): void {
    this.rt.release(s);
  }
  flush(): void {
    this.rt.flush();
  }
  sync(): Promise<void> {
    return this.rt.sync();
  }
  stage<T>(name: string, fn: () => T): T {
    return this.rt.stage(name, fn);
  }
  takeTimings(): Timing[] {
    return this.rt.takeTimings();
  }

  matmul(
    a: GpuBuffer,
    b: GpuBuffer,
    p: MatmulParams,
    extras?: MatmulExtras<GpuBuffer>,
  ): GpuBuffer {
    return matmulOps.matmul(this.rt, a, b, p, extras);
  }
  biasAdd(x: GpuBuffer, bias: GpuBuffer, p: RowParams): GpuBuffer {
    return elementwise.biasAdd(this.rt, x, bias, p);
  }
  unary(op: UnaryOp, x: GpuBuffer, p: { n: number; alpha?: number }): GpuBuffer {
    return elementwise.unary(this.rt, op, x, p);
  }
  unaryBackward(
    op: UnaryOp,
    x: GpuBuffer,
    y: GpuBuffer,
    dy: GpuBuffer,
    p: { n: number; alpha?: number },
  ): GpuBuffer {
    return elementwise.unaryBackward(this.rt, op, x, y, dy, p);
  }
  binary(op: BinaryOp, a: GpuBuffer, b: GpuBuffer, p: BinaryParams): GpuBuffer {
    return elementwise.binary(this.rt, op, a, b, p);
  }
  accumulate(target: GpuBuffer, x: GpuBuffer, p: { n: number; alpha?: number }): void {
    elementwise.accumulate(this.rt, target, x, p);
  }
  softmax(x: GpuBuffer, mask: GpuBuffer | null, p: SoftmaxParams): GpuBuffer {
    return softmaxOps.softmax(this.rt, x, mask, p);
  }
  softmaxBackward(y: GpuBuffer, dy: GpuBuffer, p: RowParams & { scale?: number }): GpuBuffer {
    return softmaxOps.softmaxBackward(this.rt, y, dy, p);
  }
  logSoftmax(x: GpuBuffer, p: RowParams): GpuBuffer {
    return softmaxOps.logSoftmax(this.rt, x, p);
  }
  crossEntropy(logits: GpuBuffer, targets: GpuBuffer, p: CrossEntropyParams): GpuBuffer {
    return crossEntropyOps.crossEntropy(this.rt, logits, targets, p);
  }
  crossEntropyBackward(
    logits: GpuBuffer,
    targets: GpuBuffer,
    dLoss: GpuBuffer,
    p: CrossEntropyParams,
  ): GpuBuffer {
    return crossEntropyOps.crossEntropyBackward(this.rt, logits, targets, dLoss, p);
  }
  layerNorm(
    x: GpuBuffer,
    gamma: GpuBuffer,
    beta: GpuBuffer,
    p: RowParams & { eps: number },
  ): { y: GpuBuffer; mean: GpuBuffer; rstd: GpuBuffer } {
    return layerNormOps.layerNorm(this.rt, x, gamma, beta, p);
  }
  layerNormBackward(
    x: GpuBuffer,
    gamma: GpuBuffer,
    mean: GpuBuffer,
    rstd: GpuBuffer,
    dy: GpuBuffer,
    p: RowParams,
  ): { dx: GpuBuffer; dgamma: GpuBuffer; dbeta: GpuBuffer } {
    return layerNormOps.layerNormBackward(this.rt, x, gamma, mean, rstd, dy, p);
  }
  embedding(
    table: GpuBuffer,
    ids: GpuBuffer,
    p: { n: number; dim: number; vocab: number },
  ): GpuBuffer {
    return embeddingOps.embedding(this.rt, table, ids, p);
  }
  embeddingBackward(
    ids: GpuBuffer,
    dy: GpuBuffer,
    p: { n: number; dim: number; vocab: number },
  ): GpuBuffer {
    return embeddingOps.embeddingBackward(this.rt, ids, dy, p);
  }
  sliceAxis(x: GpuBuffer, p: AxisParams): GpuBuffer {
    return layout.sliceAxis(this.rt, x, p);
  }
  writeAxis(dst: GpuBuffer, src: GpuBuffer, p: AxisParams): void {
    layout.writeAxis(this.rt, dst, src, p);
  }
  permute(x: GpuBuffer, p: { shape: number[]; perm: number[] }): GpuBuffer {
    return layout.permute(this.rt, x, p);
  }

  gather(x: GpuBuffer, p: StridedParams): GpuBuffer {
    return strided.gather(this.rt, x, p);
  }

  scatterAdd(dst: GpuBuffer, src: GpuBuffer, p: StridedParams): void {
    strided.scatterAdd(this.rt, dst, src, p);
  }
  sumRows(x: GpuBuffer, p: RowParams): GpuBuffer {
    return reduce.sumRows(this.rt, x, p);
  }
  sumCols(x: GpuBuffer, p: RowParams): GpuBuffer {
    return reduce.sumCols(this.rt, x, p);
  }
  sumSquares(x: GpuBuffer, p: { n: number }): GpuBuffer {
    return reduce.sumSquares(this.rt, x, p);
  }
  argmax(x: GpuBuffer, p: RowParams): GpuBuffer {
    return reduce.argmax(this.rt, x, p);
  }
  dropout(x: GpuBuffer, p: { n: number; rate: number; seed: number }): GpuBuffer {
    return elementwise.dropout(this.rt, x, p);
  }
  rope(x: GpuBuffer, p: RopeParams): GpuBuffer {
    return layout.rope(this.rt, x, p);
  }
  attention(
    q: GpuBuffer,
    kv: GpuBuffer,
    mask: GpuBuffer | null,
    p: AttentionParams,
  ): { out: GpuBuffer; weights: GpuBuffer } {
    return attentionOps.attention(this.rt, q, kv, mask, p);
  }
  attentionBackward(
    q: GpuBuffer,
    kv: GpuBuffer,
    weights: GpuBuffer,
    dOut: GpuBuffer,
    p: AttentionParams,
  ): { dq: GpuBuffer; dk: GpuBuffer; dv: GpuBuffer } {
    return attentionOps.attentionBackward(this.rt, q, kv, weights, dOut, p);
  }
  flashAttention(
    q: GpuBuffer,
    kv: GpuBuffer,
    mask: GpuBuffer | null,
    p: AttentionParams,
  ): { out: GpuBuffer; lse: GpuBuffer } {
    return flashAttentionOps.flashAttention(this.rt, q, kv, mask, p);
  }
  sumSquaresInto(target: GpuBuffer, x: GpuBuffer, p: { n: number; index: number }): void {
    sumSquaresInto(this.rt, target, x, p);
  }
  sumSquaresIntoMany(
    target: GpuBuffer,
    xs: readonly GpuBuffer[],
    p: { ns: readonly number[]; index: number },
  ): void {
    sumSquaresIntoMany(this.rt, target, xs, p);
  }
  accumulateAxis(dst: GpuBuffer, src: GpuBuffer, p: AxisParams): void {
    accumulateAxis(this.rt, dst, src, p);
  }
  gruCell(xp: GpuBuffer, hp: GpuBuffer, h: GpuBuffer, p: GruCellParams): GpuBuffer {
    return gruOps.gruCell(this.rt, xp, hp, h, p);
  }
  gruCellBackward(
    xp: GpuBuffer,
    hp: GpuBuffer,
    h: GpuBuffer,
    dhNext: GpuBuffer,
    p: GruCellParams,
  ): { dxp: GpuBuffer; dhp: GpuBuffer; dh: GpuBuffer } {
    return gruOps.gruCellBackward(this.rt, xp, hp, h, dhNext, p);
  }
  gruSequence(
    xp: GpuBuffer,
    weightHh: GpuBuffer,
    biasHh: GpuBuffer,
    h0: GpuBuffer,
    p: SequenceParams,
  ): { out: GpuBuffer; saved: GpuBuffer | null } {
    return gruSequenceOps.gruSequence(this.rt, xp, weightHh, biasHh, h0, p);
  }
  gruSequenceBackward(
    saved: GpuBuffer,
    weightHh: GpuBuffer,
    out: GpuBuffer,
    h0: GpuBuffer,
    dOut: GpuBuffer,
    p: SequenceParams,
  ): { dxp: GpuBuffer; dhp: GpuBuffer; dh0: GpuBuffer; hPrev: GpuBuffer } {
    return gruSequenceOps.gruSequenceBackward(this.rt, saved, weightHh, out, h0, dOut, p);
  }
  lstmSequence(
    xp: GpuBuffer,
    weightHh: GpuBuffer,
    biasHh: GpuBuffer,
    h0: GpuBuffer,
    c0: GpuBuffer,
    p: SequenceParams,
  ): { out: GpuBuffer; saved: GpuBuffer | null } {
    return lstmSequenceOps.lstmSequence(this.rt, xp, weightHh, biasHh, h0, c0, p);
  }
  lstmSequenceBackward(
    saved: GpuBuffer,
    weightHh: GpuBuffer,
    out: GpuBuffer,
    h0: GpuBuffer,
    c0: GpuBuffer,
    dOut: GpuBuffer,
    p: SequenceParams,
  ): { dgates: GpuBuffer; dh0: GpuBuffer; dc0: GpuBuffer; hPrev: GpuBuffer } {
    return lstmSequenceOps.lstmSequenceBackward(this.rt, saved, weightHh, out, h0, c0, dOut, p);
  }
  sequenceSupported(gates: 3 | 4, hidden: number): boolean {
    return sequenceKernel.supports(this.rt, gates, hidden);
  }
  adam(
    param: GpuBuffer,
    grad: GpuBuffer,
    m: GpuBuffer,
    v: GpuBuffer,
    normSq: GpuBuffer | null,
    p: AdamParams,
  ): void {
    adamOps.adam(this.rt, param, grad, m, v, normSq, p);
  }
}
