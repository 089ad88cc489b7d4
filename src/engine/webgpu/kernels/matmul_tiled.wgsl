// Batched matrix product with shared-memory tiling, for real GPUs:
// out[b] = op(A[b]) @ op(B[b]), out [batch, m, n] (see MatmulParams in src/engine/backend/contract.ts).
// A is stored [m, k] ([k, m] when TRANS_A), B [k, n] ([n, k] when TRANS_B); a broadcast operand
// has batch stride 0. Strided layouts and the epilogue (bias, relu, relu mask, residual) are
// those of kernels/matmul_blocked.wgsl, with the same params and bindings.
//
// The textbook tiled GEMM (Kirk & Hwu, "Programming Massively Parallel Processors", ch. 5): a
// 16 x 16 workgroup computes a 16 x 16 output tile; for each 16-wide step along k it stages a
// tile of A and a tile of B in workgroup memory (one element per invocation), waits at a barrier,
// and every invocation accumulates its output from the staged tiles. Each global value is read
// once per tile instead of 16 times. On a GPU workgroup memory is on-chip and barriers are cheap;
// on llvmpipe they are not (measured 512^3: ~1 GFLOP/s here vs ~15 for matmul_blocked), which is
// why src/engine/webgpu/matmul_tuning.ts picks the variant per adapter.
//
// Workgroups are laid out flat (src/engine/webgpu/runtime.ts workgroupGrid): workgroup w handles tile
// w % tiles_n along n, (w / tiles_n) % tiles_m along m, batch entry w / (tiles_m * tiles_n).
// Workgroups past the end still take part in the barriers (uniform control flow) but load zeros
// and store nothing.

struct MatmulParams {
  batch: u32,
  m: u32,
  k: u32,
  n: u32,
  a_batch_stride: u32, // m * k by default, 0 when A is broadcast
  b_batch_stride: u32, // k * n by default, 0 when B is broadcast
  tiles_m: u32, // workgroup tiles along m per matrix
  tiles_n: u32, // workgroup tiles along n per matrix
  a_offset: u32,
  a_ld: u32, // elements between stored rows of A
  a_heads: u32,
  a_head_stride: u32,
  b_offset: u32,
  b_ld: u32, // elements between stored rows of B
  b_heads: u32,
  b_head_stride: u32,
  out_offset: u32,
  out_ld: u32, // elements between output rows
  out_heads: u32,
  out_head_stride: u32,
  out_batch_stride: u32,
  bias_offset: u32,
}

@group(0) @binding(0) var<uniform> p: MatmulParams;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>; // epilogue inputs: bound to any
@group(0) @binding(4) var<storage, read> residual: array<f32>; // buffer when unused
@group(0) @binding(5) var<storage, read> relu_mask: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override BIAS: bool = false;
override RELU: bool = false;
override RELU_MASK: bool = false;
override RESIDUAL: bool = false;

const T: u32 = 16u; // tile edge; the workgroup is T x T invocations

var<workgroup> a_tile: array<f32, 256>; // [T, T]: a_tile[r * T + q] = op(A)[row0 + r, k0 + q]
var<workgroup> b_tile: array<f32, 256>; // [T, T]: b_tile[q * T + c] = op(B)[k0 + q, col0 + c]

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

@compute @workgroup_size(16, 16)
fn matmul_tiled(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_id) lid: vec3<u32>,
) {
  let m = p.m;
  let k = p.k;
  let n = p.n;
  let tiles = p.tiles_m * p.tiles_n;
  let w = wid.x + wid.y * nwg.x;
  let t = w % tiles;
  let batch = w / tiles;
  let in_range = batch < p.batch;
  let row = (t / p.tiles_n) * T + lid.y; // output row of this invocation
  let col = (t % p.tiles_n) * T + lid.x; // output column of this invocation
  let a_at = a_base(batch);
  let b_at = b_base(batch);

  var acc = 0.0;
  let steps = (k + T - 1u) / T;
  for (var s = 0u; s < steps; s++) {
    // Invocation (x, y) stages op(A)[row, s*T + x] and op(B)[s*T + y, col].
    let ka = s * T + lid.x;
    let kb = s * T + lid.y;
    var av = 0.0;
    var bv = 0.0;
    if (in_range && row < m && ka < k) {
      av = a[a_at + select(row * p.a_ld + ka, ka * p.a_ld + row, TRANS_A)];
    }
    if (in_range && col < n && kb < k) {
      bv = b[b_at + select(kb * p.b_ld + col, col * p.b_ld + kb, TRANS_B)];
    }
    a_tile[lid.y * T + lid.x] = av;
    b_tile[lid.y * T + lid.x] = bv;
    workgroupBarrier();
    for (var q = 0u; q < T; q++) {
      acc = fma(a_tile[lid.y * T + q], b_tile[q * T + lid.x], acc);
    }
    workgroupBarrier();
  }
  if (in_range && row < m && col < n) {
    let i = out_base(batch) + row * p.out_ld + col;
    out[i] = finish(acc, i, col);
  }
}
