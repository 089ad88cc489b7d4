// Batched matrix product, register-blocked, without workgroup memory or barriers:
// out[b] = op(A[b]) @ op(B[b]), out [batch, m, n] (see MatmulParams in src/engine/backend/contract.ts).
// A is stored [m, k] ([k, m] when TRANS_A), B [k, n] ([n, k] when TRANS_B); a broadcast operand
// has batch stride 0.
//
// Strided layouts (MatrixLayout): each operand's batch entry g starts at
// offset + (g / heads) * batch_stride + (g % heads) * head_stride and its stored rows are ld
// apart, so a product can read one head's columns of a packed [B, T, 3d] projection, or write
// its output into one head's columns of a [B, T, d] buffer, without a copy. The vec4 entry
// points need offsets, strides and ld that are multiples of 4 (src/engine/webgpu/kernels/matmul.ts checks).
//
// Epilogue (MatmulEpilogue), chosen by override constants so a plain product pays nothing:
// v = acc (+ bias[col] with BIAS) (max(v, 0) with RELU) (0 where relu_mask[i] <= 0 with
// RELU_MASK) (+ residual[i] with RESIDUAL), i the output element's index. It saves the separate
// element-wise dispatches of a linear layer (bias add, activation, residual add) and of a relu's
// backward. With ROW_SUMS, matmul_blocked_vec4_tn also writes row_sums[r] = sum_k op(A)[r, k]
// (batch 1): beside a weight gradient dW = dY^T X that is the bias gradient, the column sums of
// dY, from the A values the product loads anyway (two vec4 adds per step instead of a dispatch).
//
// Each invocation computes an 8 x 8 block of the output, keeping its 64 partial sums in registers
// while it walks over k: per step it loads 8 values of A and 8 of B and does 64 fused
// multiply-adds, so loads cost 1/4 of the arithmetic instead of 2x (the naive one-output kernel).
// This is the classic register blocking of GEMM (Volkov & Demmel 2008, "Benchmarking GPUs to
// tune dense linear algebra"), minus the shared-memory staging: on llvmpipe a workgroup runs as
// SIMD lanes of one CPU core, where barriers are expensive and the CPU caches already do what
// shared memory would. Measured on llvmpipe (2 cores), 512^3 with scalar loads: 8x8 blocks
// ~15 GFLOP/s, 8x4 ~11, 4x4 ~9, 16x16 shared-memory tiles ~1 (kernels/matmul_tiled.wgsl);
// larger blocks (16x8) gain little and waste more lanes on small matrices.
//
// Entry points (src/engine/webgpu/kernels/matmul.ts picks one); rows and columns past the end are clamped for
// loading and skipped for storing, so the k loops have no branches:
// matmul_blocked: any sizes, any transposes (index math through override constants).
// matmul_blocked_vec4: A @ B with k, n multiples of 4: A rows and B rows load as vec4
//   (4 consecutive k of A, 4 consecutive columns of B). ~26-30 GFLOP/s at 512^3.
// matmul_blocked_vec4_nt: A @ B^T with k a multiple of 4 (Q K^T, dY W^T): both along k.
// matmul_blocked_vec4_tn: A^T @ B with m, n multiples of 4 (X^T dY): both along rows.
//
// Workgroups are laid out flat (src/engine/webgpu/runtime.ts workgroupGrid). Two ways to map invocations to
// 8 x 8 output blocks:
// - tiles (FLAT_BLOCKS false, large matrices): workgroup w handles tile w % tiles_n along n,
//   (w / tiles_n) % tiles_m along m, batch entry w / (tiles_m * tiles_n); a tile is
//   (WG / WG_N) x WG_N invocations, i.e. (8 * WG / WG_N) x (8 * WG_N) outputs, so the
//   workgroup's lanes share rows of A and columns of B in cache.
// - flat (FLAT_BLOCKS true, small matrices such as per-head attention scores): invocation
//   g = w * WG + lid takes block g of all batch entries' blocks in row-major order (tiles_m,
//   tiles_n then count 8 x 8 blocks), so a 12 x 12 product fills 4 lanes instead of one
//   64 x 64 tile, and 16 batch entries share one workgroup. On llvmpipe each workgroup costs a
//   few microseconds of scheduling whatever it does.

struct MatmulParams {
  batch: u32,
  m: u32,
  k: u32,
  n: u32,
  a_batch_stride: u32, // m * k by default, 0 when A is broadcast
  b_batch_stride: u32, // k * n by default, 0 when B is broadcast
  tiles_m: u32, // workgroup tiles (FLAT_BLOCKS: 8 x 8 blocks) along m per matrix
  tiles_n: u32, // workgroup tiles (FLAT_BLOCKS: 8 x 8 blocks) along n per matrix
  a_offset: u32,
  a_ld: u32, // elements between stored rows of A (k, or m with TRANS_A, by default)
  a_heads: u32,
  a_head_stride: u32,
  b_offset: u32,
  b_ld: u32, // elements between stored rows of B (n, or k with TRANS_B, by default)
  b_heads: u32,
  b_head_stride: u32,
  out_offset: u32,
  out_ld: u32, // elements between output rows (n by default)
  out_heads: u32,
  out_head_stride: u32,
  out_batch_stride: u32, // m * n by default
  bias_offset: u32, // bias of column c is bias[bias_offset + c] (a multiple of 4 for vec4 stores)
}

@group(0) @binding(0) var<uniform> p: MatmulParams;
// matmul_blocked reads and stores scalars ...
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>; // epilogue inputs: bound to any
@group(0) @binding(4) var<storage, read> residual: array<f32>; // buffer when unused
@group(0) @binding(5) var<storage, read> relu_mask: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;
// ... the vec4 entry points load (and, but for vec4_nt, store) vec4s; no entry point uses both
// names of one binding.
@group(0) @binding(1) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> residual4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read> relu_mask4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> out4: array<vec4<f32>>;
// matmul_blocked_vec4_tn only: a second output, bound to any buffer without ROW_SUMS.
@group(0) @binding(7) var<storage, read_write> row_sums4: array<vec4<f32>>;

override WG: u32 = 64; // invocations per workgroup
override WG_N: u32 = 8; // of which along n; WG / WG_N along m
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override FLAT_BLOCKS: bool = false;
override BIAS: bool = false;
override RELU: bool = false;
override RELU_MASK: bool = false;
override RESIDUAL: bool = false;
override ROW_SUMS: bool = false;

// Each invocation computes 8 rows x 8 columns. The block is spelled out as 16 vec4 variables
// (acc<row><l|h>: columns 0-3 and 4-7) rather than arrays and loops: naga + llvmpipe leave
// loops over private arrays rolled and in memory, which measured 3x slower (4.8 vs 15 GFLOP/s).
const TM: u32 = 8u; // output rows per invocation
const TN: u32 = 8u; // output columns per invocation

/** Where an invocation works: batch entry, first output row and first output column. */
struct Block {
  valid: bool,
  batch: u32,
  row0: u32,
  col0: u32,
}

fn block_of(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> Block {
  let tiles = p.tiles_m * p.tiles_n;
  let w = wid.x + wid.y * nwg.x;
  var blk: Block;
  if (FLAT_BLOCKS) {
    let g = w * WG + lid;
    let t = g % tiles;
    blk.batch = g / tiles;
    blk.row0 = (t / p.tiles_n) * TM;
    blk.col0 = (t % p.tiles_n) * TN;
  } else {
    let t = w % tiles;
    blk.batch = w / tiles;
    blk.row0 = ((t / p.tiles_n) * (WG / WG_N) + lid / WG_N) * TM;
    blk.col0 = ((t % p.tiles_n) * WG_N + lid % WG_N) * TN;
  }
  blk.valid = blk.batch < p.batch && blk.row0 < p.m && blk.col0 < p.n;
  return blk;
}

/** Where batch entry g's matrix starts in a, b and out (MatrixLayout). */
fn a_base(g: u32) -> u32 {
  return p.a_offset + (g / p.a_heads) * p.a_batch_stride + (g % p.a_heads) * p.a_head_stride;
}

fn b_base(g: u32) -> u32 {
  return p.b_offset + (g / p.b_heads) * p.b_batch_stride + (g % p.b_heads) * p.b_head_stride;
}

fn out_base(g: u32) -> u32 {
  let outer = (g / p.out_heads) * p.out_batch_stride;
  return p.out_offset + outer + (g % p.out_heads) * p.out_head_stride;
}

/** The epilogue of one output element at index i, column col. */
fn finish(v: f32, i: u32, col: u32) -> f32 {
  var r = v;
  if (BIAS) {
    r += bias[p.bias_offset + col];
  }
  if (RELU) {
    r = max(r, 0.0);
  }
  if (RELU_MASK) {
    r = select(0.0, r, relu_mask[i] > 0.0);
  }
  if (RESIDUAL) {
    r += residual[i];
  }
  return r;
}

/** The epilogue of 4 output elements at vec4 index i4, vec4 column c4. */
fn finish4(v: vec4<f32>, i4: u32, c4: u32) -> vec4<f32> {
  var r = v;
  if (BIAS) {
    r += bias4[p.bias_offset / 4u + c4];
  }
  if (RELU) {
    r = max(r, vec4<f32>(0.0));
  }
  if (RELU_MASK) {
    r = select(vec4<f32>(0.0), r, relu_mask4[i4] > vec4<f32>(0.0));
  }
  if (RESIDUAL) {
    r += residual4[i4];
  }
  return r;
}

/**
 * Stores row `row` of a block (columns col0 .. col0+7, from lo and hi) through the epilogue,
 * skipping what is past the end; out_at is the batch entry's out_base.
 */
fn store_row(out_at: u32, row: u32, col0: u32, lo: vec4<f32>, hi: vec4<f32>) {
  if (row >= p.m) {
    return;
  }
  let at = out_at + row * p.out_ld + col0;
  for (var j = 0u; j < 4u; j++) {
    if (col0 + j < p.n) {
      out[at + j] = finish(lo[j], at + j, col0 + j);
    }
    if (col0 + 4u + j < p.n) {
      out[at + 4u + j] = finish(hi[j], at + 4u + j, col0 + 4u + j);
    }
  }
}

/**
 * Same as store_row for the vec4 stores (n, out_at and out_ld are multiples of 4, c0 counts
 * vec4 columns).
 */
fn store_row4(out_at: u32, row: u32, c0: u32, lo: vec4<f32>, hi: vec4<f32>) {
  let n4 = p.n / 4u;
  if (row >= p.m) {
    return;
  }
  let at = (out_at + row * p.out_ld) / 4u + c0;
  out4[at] = finish4(lo, at, c0);
  if (c0 + 1u < n4) {
    out4[at + 1u] = finish4(hi, at + 1u, c0 + 1u);
  }
}

@compute @workgroup_size(WG)
fn matmul_blocked(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let blk = block_of(wid, nwg, lid);
  if (!blk.valid) {
    return;
  }
  let m = p.m;
  let k = p.k;
  let n = p.n;
  // Element (row, kk) of op(A) is a[row * a_row + kk * a_k]; (kk, col) of op(B) is
  // b[col * b_col + kk * b_k].
  let a_row = select(p.a_ld, 1u, TRANS_A);
  let a_k = select(1u, p.a_ld, TRANS_A);
  let b_col = select(1u, p.b_ld, TRANS_B);
  let b_k = select(p.b_ld, 1u, TRANS_B);

  // Where the block's rows start in a and its columns in b; indices past the end are clamped
  // (loaded, computed, never stored), which keeps the k loop free of branches.
  let rows_lo = min(vec4<u32>(blk.row0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(m - 1u));
  let rows_hi = min(vec4<u32>(blk.row0) + vec4<u32>(4u, 5u, 6u, 7u), vec4<u32>(m - 1u));
  let cols_lo = min(vec4<u32>(blk.col0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(n - 1u));
  let cols_hi = min(vec4<u32>(blk.col0) + vec4<u32>(4u, 5u, 6u, 7u), vec4<u32>(n - 1u));
  let a_lo = vec4<u32>(a_base(blk.batch)) + rows_lo * a_row;
  let a_hi = vec4<u32>(a_base(blk.batch)) + rows_hi * a_row;
  let b_lo = vec4<u32>(b_base(blk.batch)) + cols_lo * b_col;
  let b_hi = vec4<u32>(b_base(blk.batch)) + cols_hi * b_col;

  // acc<i>l / acc<i>h: output row row0 + i, columns col0 + 0..3 / col0 + 4..7.
  var acc0l = vec4<f32>(0.0);
  var acc0h = vec4<f32>(0.0);
  var acc1l = vec4<f32>(0.0);
  var acc1h = vec4<f32>(0.0);
  var acc2l = vec4<f32>(0.0);
  var acc2h = vec4<f32>(0.0);
  var acc3l = vec4<f32>(0.0);
  var acc3h = vec4<f32>(0.0);
  var acc4l = vec4<f32>(0.0);
  var acc4h = vec4<f32>(0.0);
  var acc5l = vec4<f32>(0.0);
  var acc5h = vec4<f32>(0.0);
  var acc6l = vec4<f32>(0.0);
  var acc6h = vec4<f32>(0.0);
  var acc7l = vec4<f32>(0.0);
  var acc7h = vec4<f32>(0.0);
  for (var kk = 0u; kk < k; kk++) {
    let ak = kk * a_k;
    let bk = kk * b_k;
    // Row kk of op(B), the block's 8 columns.
    let bl = vec4<f32>(b[b_lo.x + bk], b[b_lo.y + bk], b[b_lo.z + bk], b[b_lo.w + bk]);
    let bh = vec4<f32>(b[b_hi.x + bk], b[b_hi.y + bk], b[b_hi.z + bk], b[b_hi.w + bk]);
    // Column kk of op(A), the block's 8 rows: one rank-1 update per row.
    let a0 = vec4<f32>(a[a_lo.x + ak]);
    acc0l = fma(a0, bl, acc0l);
    acc0h = fma(a0, bh, acc0h);
    let a1 = vec4<f32>(a[a_lo.y + ak]);
    acc1l = fma(a1, bl, acc1l);
    acc1h = fma(a1, bh, acc1h);
    let a2 = vec4<f32>(a[a_lo.z + ak]);
    acc2l = fma(a2, bl, acc2l);
    acc2h = fma(a2, bh, acc2h);
    let a3 = vec4<f32>(a[a_lo.w + ak]);
    acc3l = fma(a3, bl, acc3l);
    acc3h = fma(a3, bh, acc3h);
    let a4_ = vec4<f32>(a[a_hi.x + ak]);
    acc4l = fma(a4_, bl, acc4l);
    acc4h = fma(a4_, bh, acc4h);
    let a5 = vec4<f32>(a[a_hi.y + ak]);
    acc5l = fma(a5, bl, acc5l);
    acc5h = fma(a5, bh, acc5h);
    let a6 = vec4<f32>(a[a_hi.z + ak]);
    acc6l = fma(a6, bl, acc6l);
    acc6h = fma(a6, bh, acc6h);
    let a7 = vec4<f32>(a[a_hi.w + ak]);
    acc7l = fma(a7, bl, acc7l);
    acc7h = fma(a7, bh, acc7h);
  }

  let out_at = out_base(blk.batch);
  let r = blk.row0;
  let c = blk.col0;
  store_row(out_at, r, c, acc0l, acc0h);
  store_row(out_at, r + 1u, c, acc1l, acc1h);
  store_row(out_at, r + 2u, c, acc2l, acc2h);
  store_row(out_at, r + 3u, c, acc3l, acc3h);
  store_row(out_at, r + 4u, c, acc4l, acc4h);
  store_row(out_at, r + 5u, c, acc5l, acc5h);
  store_row(out_at, r + 6u, c, acc6l, acc6h);
  store_row(out_at, r + 7u, c, acc7l, acc7h);
}

@compute @workgroup_size(WG)
fn matmul_blocked_vec4(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let blk = block_of(wid, nwg, lid);
  if (!blk.valid) {
    return;
  }
  let m = p.m;
  let k4 = p.k / 4u;
  let n4 = p.n / 4u;
  let a_ld4 = p.a_ld / 4u;
  let b_ld4 = p.b_ld / 4u;
  let c0 = blk.col0 / 4u; // the block's first vec4 column
  let cl = c0; // always < n4 since col0 < n
  let ch = min(c0 + 1u, n4 - 1u);
  // Where the block's rows start in a4 (clamped, like matmul_blocked).
  let a_at = vec4<u32>(a_base(blk.batch) / 4u);
  let a_lo = a_at + min(vec4<u32>(blk.row0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(m - 1u)) * a_ld4;
  let a_hi = a_at + min(vec4<u32>(blk.row0) + vec4<u32>(4u, 5u, 6u, 7u), vec4<u32>(m - 1u)) * a_ld4;
  let b_at = b_base(blk.batch) / 4u;

  var acc0l = vec4<f32>(0.0);
  var acc0h = vec4<f32>(0.0);
  var acc1l = vec4<f32>(0.0);
  var acc1h = vec4<f32>(0.0);
  var acc2l = vec4<f32>(0.0);
  var acc2h = vec4<f32>(0.0);
  var acc3l = vec4<f32>(0.0);
  var acc3h = vec4<f32>(0.0);
  var acc4l = vec4<f32>(0.0);
  var acc4h = vec4<f32>(0.0);
  var acc5l = vec4<f32>(0.0);
  var acc5h = vec4<f32>(0.0);
  var acc6l = vec4<f32>(0.0);
  var acc6h = vec4<f32>(0.0);
  var acc7l = vec4<f32>(0.0);
  var acc7h = vec4<f32>(0.0);
  for (var kq = 0u; kq < k4; kq++) {
    // The 4 x 8 slab of B at rows 4kq .. 4kq+3, as two 4 x 4 matrices whose columns are B rows:
    // bl * v = sum_r v[r] * B[4kq + r, cols 0..3], i.e. a row of A (4 consecutive k) times B.
    let row = b_at + kq * 4u * b_ld4;
    let r1 = row + b_ld4;
    let r2 = row + 2u * b_ld4;
    let r3 = row + 3u * b_ld4;
    let bl = mat4x4<f32>(b4[row + cl], b4[r1 + cl], b4[r2 + cl], b4[r3 + cl]);
    let bh = mat4x4<f32>(b4[row + ch], b4[r1 + ch], b4[r2 + ch], b4[r3 + ch]);
    let a0 = a4[a_lo.x + kq];
    acc0l += bl * a0;
    acc0h += bh * a0;
    let a1 = a4[a_lo.y + kq];
    acc1l += bl * a1;
    acc1h += bh * a1;
    let a2 = a4[a_lo.z + kq];
    acc2l += bl * a2;
    acc2h += bh * a2;
    let a3 = a4[a_lo.w + kq];
    acc3l += bl * a3;
    acc3h += bh * a3;
    let a4_ = a4[a_hi.x + kq];
    acc4l += bl * a4_;
    acc4h += bh * a4_;
    let a5 = a4[a_hi.y + kq];
    acc5l += bl * a5;
    acc5h += bh * a5;
    let a6 = a4[a_hi.z + kq];
    acc6l += bl * a6;
    acc6h += bh * a6;
    let a7 = a4[a_hi.w + kq];
    acc7l += bl * a7;
    acc7h += bh * a7;
  }

  let out_at = out_base(blk.batch);
  let r = blk.row0;
  store_row4(out_at, r, c0, acc0l, acc0h);
  store_row4(out_at, r + 1u, c0, acc1l, acc1h);
  store_row4(out_at, r + 2u, c0, acc2l, acc2h);
  store_row4(out_at, r + 3u, c0, acc3l, acc3h);
  store_row4(out_at, r + 4u, c0, acc4l, acc4h);
  store_row4(out_at, r + 5u, c0, acc5l, acc5h);
  store_row4(out_at, r + 6u, c0, acc6l, acc6h);
  store_row4(out_at, r + 7u, c0, acc7l, acc7h);
}

@compute @workgroup_size(WG)
fn matmul_blocked_vec4_nt(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  // A [m, k] times B^T with B stored [n, k], k a multiple of 4 (attention scores Q K^T, input
  // gradients dY W^T): rows of A and rows of B both run along k, so both load as vec4 and each
  // output is a sum of dot products.
  let blk = block_of(wid, nwg, lid);
  if (!blk.valid) {
    return;
  }
  let m = p.m;
  let n = p.n;
  let k4 = p.k / 4u;
  let a_ld4 = p.a_ld / 4u;
  let b_ld4 = p.b_ld / 4u;
  let a_at = vec4<u32>(a_base(blk.batch) / 4u);
  let a_lo = a_at + min(vec4<u32>(blk.row0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(m - 1u)) * a_ld4;
  let a_hi = a_at + min(vec4<u32>(blk.row0) + vec4<u32>(4u, 5u, 6u, 7u), vec4<u32>(m - 1u)) * a_ld4;
  let b_at = vec4<u32>(b_base(blk.batch) / 4u);
  let b_lo = b_at + min(vec4<u32>(blk.col0) + vec4<u32>(0u, 1u, 2u, 3u), vec4<u32>(n - 1u)) * b_ld4;
  let b_hi = b_at + min(vec4<u32>(blk.col0) + vec4<u32>(4u, 5u, 6u, 7u), vec4<u32>(n - 1u)) * b_ld4;

  var acc0l = vec4<f32>(0.0);
  var acc0h = vec4<f32>(0.0);
  var acc1l = vec4<f32>(0.0);
  var acc1h = vec4<f32>(0.0);
  var acc2l = vec4<f32>(0.0);
  var acc2h = vec4<f32>(0.0);
  var acc3l = vec4<f32>(0.0);
  var acc3h = vec4<f32>(0.0);
  var acc4l = vec4<f32>(0.0);
  var acc4h = vec4<f32>(0.0);
  var acc5l = vec4<f32>(0.0);
  var acc5h = vec4<f32>(0.0);
  var acc6l = vec4<f32>(0.0);
  var acc6h = vec4<f32>(0.0);
  var acc7l = vec4<f32>(0.0);
  var acc7h = vec4<f32>(0.0);
  for (var kq = 0u; kq < k4; kq++) {
    // Columns are B rows (4 consecutive k each): v * bl = (dot(v, B[col0]), ..., dot(v, B[col0 + 3])).
    let bl = mat4x4<f32>(b4[b_lo.x + kq], b4[b_lo.y + kq], b4[b_lo.z + kq], b4[b_lo.w + kq]);
    let bh = mat4x4<f32>(b4[b_hi.x + kq], b4[b_hi.y + kq], b4[b_hi.z + kq], b4[b_hi.w + kq]);
    let a0 = a4[a_lo.x + kq];
    acc0l += a0 * bl;
    acc0h += a0 * bh;
    let a1 = a4[a_lo.y + kq];
    acc1l += a1 * bl;
    acc1h += a1 * bh;
    let a2 = a4[a_lo.z + kq];
    acc2l += a2 * bl;
    acc2h += a2 * bh;
    let a3 = a4[a_lo.w + kq];
    acc3l += a3 * bl;
    acc3h += a3 * bh;
    let a4_ = a4[a_hi.x + kq];
    acc4l += a4_ * bl;
    acc4h += a4_ * bh;
    let a5 = a4[a_hi.y + kq];
    acc5l += a5 * bl;
    acc5h += a5 * bh;
    let a6 = a4[a_hi.z + kq];
    acc6l += a6 * bl;
    acc6h += a6 * bh;
    let a7 = a4[a_hi.w + kq];
    acc7l += a7 * bl;
    acc7h += a7 * bh;
  }

  // n need not be a multiple of 4 here, so the output is stored as scalars.
  let out_at = out_base(blk.batch);
  let r = blk.row0;
  let c = blk.col0;
  store_row(out_at, r, c, acc0l, acc0h);
  store_row(out_at, r + 1u, c, acc1l, acc1h);
  store_row(out_at, r + 2u, c, acc2l, acc2h);
  store_row(out_at, r + 3u, c, acc3l, acc3h);
  store_row(out_at, r + 4u, c, acc4l, acc4h);
  store_row(out_at, r + 5u, c, acc5l, acc5h);
  store_row(out_at, r + 6u, c, acc6l, acc6h);
  store_row(out_at, r + 7u, c, acc7l, acc7h);
}

@compute @workgroup_size(WG)
fn matmul_blocked_vec4_tn(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  // A^T B with A stored [k, m] and B [k, n], m and n multiples of 4 (weight gradients X^T dY):
  // row kk of A holds the block's 8 rows contiguously, row kk of B its 8 columns, so both load
  // as two vec4 and the update is the rank-1 one of matmul_blocked.
  let blk = block_of(wid, nwg, lid);
  if (!blk.valid) {
    return;
  }
  let k = p.k;
  let m4 = p.m / 4u;
  let n4 = p.n / 4u;
  let a_ld4 = p.a_ld / 4u;
  let b_ld4 = p.b_ld / 4u;
  let r0 = blk.row0 / 4u; // the block's first vec4 of rows
  let c0 = blk.col0 / 4u; // the block's first vec4 of columns
  let a_at = a_base(blk.batch) / 4u;
  let b_at = b_base(blk.batch) / 4u;
  let ra = r0; // always < m4 since row0 < m
  let rb = min(r0 + 1u, m4 - 1u);
  let cl = c0;
  let ch = min(c0 + 1u, n4 - 1u);

  var acc0l = vec4<f32>(0.0);
  var acc0h = vec4<f32>(0.0);
  var acc1l = vec4<f32>(0.0);
  var acc1h = vec4<f32>(0.0);
  var acc2l = vec4<f32>(0.0);
  var acc2h = vec4<f32>(0.0);
  var acc3l = vec4<f32>(0.0);
  var acc3h = vec4<f32>(0.0);
  var acc4l = vec4<f32>(0.0);
  var acc4h = vec4<f32>(0.0);
  var acc5l = vec4<f32>(0.0);
  var acc5h = vec4<f32>(0.0);
  var acc6l = vec4<f32>(0.0);
  var acc6h = vec4<f32>(0.0);
  var acc7l = vec4<f32>(0.0);
  var acc7h = vec4<f32>(0.0);
  var sum_lo = vec4<f32>(0.0); // ROW_SUMS: sum over k of op(A)[row0 .. row0+3, k]
  var sum_hi = vec4<f32>(0.0);
  for (var kk = 0u; kk < k; kk++) {
    let a_row = a_at + kk * a_ld4;
    let b_row = b_at + kk * b_ld4;
    let av = a4[a_row + ra]; // op(A)[row0 .. row0+3, kk]
    let aw = a4[a_row + rb]; // op(A)[row0+4 .. row0+7, kk]
    if (ROW_SUMS) {
      sum_lo += av;
      sum_hi += aw;
    }
    let bl = b4[b_row + cl];
    let bh = b4[b_row + ch];
    acc0l = fma(vec4<f32>(av.x), bl, acc0l);
    acc0h = fma(vec4<f32>(av.x), bh, acc0h);
    acc1l = fma(vec4<f32>(av.y), bl, acc1l);
    acc1h = fma(vec4<f32>(av.y), bh, acc1h);
    acc2l = fma(vec4<f32>(av.z), bl, acc2l);
    acc2h = fma(vec4<f32>(av.z), bh, acc2h);
    acc3l = fma(vec4<f32>(av.w), bl, acc3l);
    acc3h = fma(vec4<f32>(av.w), bh, acc3h);
    acc4l = fma(vec4<f32>(aw.x), bl, acc4l);
    acc4h = fma(vec4<f32>(aw.x), bh, acc4h);
    acc5l = fma(vec4<f32>(aw.y), bl, acc5l);
    acc5h = fma(vec4<f32>(aw.y), bh, acc5h);
    acc6l = fma(vec4<f32>(aw.z), bl, acc6l);
    acc6h = fma(vec4<f32>(aw.z), bh, acc6h);
    acc7l = fma(vec4<f32>(aw.w), bl, acc7l);
    acc7h = fma(vec4<f32>(aw.w), bh, acc7h);
  }

  let out_at = out_base(blk.batch);
  let r = blk.row0;
  store_row4(out_at, r, c0, acc0l, acc0h);
  store_row4(out_at, r + 1u, c0, acc1l, acc1h);
  store_row4(out_at, r + 2u, c0, acc2l, acc2h);
  store_row4(out_at, r + 3u, c0, acc3l, acc3h);
  store_row4(out_at, r + 4u, c0, acc4l, acc4h);
  store_row4(out_at, r + 5u, c0, acc5l, acc5h);
  store_row4(out_at, r + 6u, c0, acc6l, acc6h);
  store_row4(out_at, r + 7u, c0, acc7l, acc7h);
  // The blocks of the first 8 columns write their rows' sums (TS allows ROW_SUMS at batch 1).
  if (ROW_SUMS && blk.col0 == 0u) {
    row_sums4[ra] = sum_lo;
    if (r0 + 1u < m4) {
      row_sums4[r0 + 1u] = sum_hi;
    }
  }
}
