// Batched matrix product A @ B (nothing transposed) with 16 x 16 outputs per invocation, for
// CPU rasterizers: the "wide" variant of src/engine/webgpu/kernels/matmul.ts. Same params,
// bindings, strided layouts and epilogue as kernels/matmul_blocked.wgsl (read that file first);
// only the cases of its vec4 entry points run here, with vec4 stores (n, offsets and strides
// multiples of 4): matmul_wide_vec4 (A @ B, k too), matmul_wide_vec4_nt (A @ B^T, k too) and
// matmul_wide_vec4_tn (A^T @ B, m too; with ROW_SUMS also the row sums of op(A), as
// matmul_blocked_vec4_tn).
//
// Why a bigger block: on Mesa llvmpipe each invocation is one lane of an 8-wide SIMD vector and,
// in Mesa 22.3, every storage-buffer load is a loop over the 8 lanes (one scalar load per lane and
// component, with a bounds check), while an FMA covers all 8 lanes at once. The loads are the
// cost, so the kernel that does the most multiply-adds per load wins even though its 256
// accumulators (64 vec4, 4 SIMD registers each) spill to the stack: per 4 steps along k an
// invocation loads 16 vec4 of A and 16 of B for 1,024 multiply-adds, against 16 loads for 256 in
// the 8 x 8 kernel. Measured in docs/LLVMPIPE.md.
//
// Workgroups are 2-D tiles as in matmul_blocked (FLAT_BLOCKS false): workgroup w handles tile
// w % tiles_n along n, (w / tiles_n) % tiles_m along m, batch entry w / (tiles_m * tiles_n); a
// tile is (WG / WG_N) x WG_N invocations, i.e. (16 * WG / WG_N) x (16 * WG_N) outputs.
//
// Source: kernels/matmul_wide.rolled.wgsl; `deno task gen:kernels` writes matmul_wide.wgsl.

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
@group(0) @binding(1) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias4: array<vec4<f32>>; // epilogue inputs: bound to
@group(0) @binding(4) var<storage, read> residual4: array<vec4<f32>>; // any buffer when unused
@group(0) @binding(5) var<storage, read> relu_mask4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> out4: array<vec4<f32>>;
// matmul_wide_vec4_tn only: a second output, bound to any buffer without ROW_SUMS.
@group(0) @binding(7) var<storage, read_write> row_sums4: array<vec4<f32>>;

override WG: u32 = 64; // invocations per workgroup
override WG_N: u32 = 8; // of which along n; WG / WG_N along m
override BIAS: bool = false;
override RELU: bool = false;
override RELU_MASK: bool = false;
override RESIDUAL: bool = false;
override ROW_SUMS: bool = false;

const TM: u32 = 16u; // output rows per invocation
const TN: u32 = 16u; // output columns per invocation (4 vec4)

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

/** The epilogue of 4 output elements at vec4 index i4, vec4 column c4 (as matmul_blocked). */
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

/** Stores vec4 column c4 of output row `row` when both exist; out_at is the batch entry's base. */
fn store4(out_at: u32, row: u32, c4: u32, v: vec4<f32>) {
  if (row < p.m && c4 < p.n / 4u) {
    let at = (out_at + row * p.out_ld) / 4u + c4;
    out4[at] = finish4(v, at, c4);
  }
}

@compute @workgroup_size(WG)
fn matmul_wide_vec4(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let tiles = p.tiles_m * p.tiles_n;
  let w = wid.x + wid.y * nwg.x;
  let t = w % tiles;
  let batch = w / tiles;
  let row0 = ((t / p.tiles_n) * (WG / WG_N) + lid / WG_N) * TM;
  let col0 = ((t % p.tiles_n) * WG_N + lid % WG_N) * TN;
  if (batch >= p.batch || row0 >= p.m || col0 >= p.n) {
    return;
  }
  let k4 = p.k / 4u;
  let n4 = p.n / 4u;
  let a_ld4 = p.a_ld / 4u;
  let b_ld4 = p.b_ld / 4u;
  let c0 = col0 / 4u; // the block's first vec4 column
  let a_at = a_base(batch) / 4u;
  let b_at = b_base(batch) / 4u;
  // Rows and vec4 columns past the end are clamped (loaded, computed, never stored).
  let ar$i = a_at + min(row0 + $iu, p.m - 1u) * a_ld4; // @unroll i < 16
  let q$j = min(c0 + $ju, n4 - 1u); // @unroll j < 4
  // acc<i>_<j>: output row row0 + i, columns col0 + 4j .. col0 + 4j + 3.
  // @unroll i < 16
  var acc$i_0 = vec4<f32>(0.0);
  var acc$i_1 = vec4<f32>(0.0);
  var acc$i_2 = vec4<f32>(0.0);
  var acc$i_3 = vec4<f32>(0.0);
  // @end
  for (var kq = 0u; kq < k4; kq++) {
    // The 4 x 16 slab of B at rows 4kq .. 4kq+3 as four 4 x 4 matrices whose columns are B rows:
    // bm<j> * v = sum_r v[r] * B[4kq + r, vec4 column j], a row of A (4 consecutive k) times B.
    let r0 = b_at + kq * 4u * b_ld4;
    let r1 = r0 + b_ld4;
    let r2 = r1 + b_ld4;
    let r3 = r2 + b_ld4;
    let bm$j = mat4x4<f32>(b4[r0 + q$j], b4[r1 + q$j], b4[r2 + q$j], b4[r3 + q$j]); // @unroll j < 4
    // @unroll i < 16
    let av$i = a4[ar$i + kq]; // (av: a4 names the binding)
    acc$i_0 += bm0 * av$i;
    acc$i_1 += bm1 * av$i;
    acc$i_2 += bm2 * av$i;
    acc$i_3 += bm3 * av$i;
    // @end
  }
  let out_at = out_base(batch);
  // @unroll i < 16
  store4(out_at, row0 + $iu, c0, acc$i_0);
  store4(out_at, row0 + $iu, c0 + 1u, acc$i_1);
  store4(out_at, row0 + $iu, c0 + 2u, acc$i_2);
  store4(out_at, row0 + $iu, c0 + 3u, acc$i_3);
  // @end
}

@compute @workgroup_size(WG)
fn matmul_wide_vec4_nt(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  // A [m, k] times B^T with B stored [n, k] (input gradients dY W^T): rows of A and of B both run
  // along k, so both load as vec4 and each output is a sum of dot products.
  let tiles = p.tiles_m * p.tiles_n;
  let w = wid.x + wid.y * nwg.x;
  let t = w % tiles;
  let batch = w / tiles;
  let row0 = ((t / p.tiles_n) * (WG / WG_N) + lid / WG_N) * TM;
  let col0 = ((t % p.tiles_n) * WG_N + lid % WG_N) * TN;
  if (batch >= p.batch || row0 >= p.m || col0 >= p.n) {
    return;
  }
  let k4 = p.k / 4u;
  let a_ld4 = p.a_ld / 4u;
  let b_ld4 = p.b_ld / 4u;
  let c0 = col0 / 4u;
  let a_at = a_base(batch) / 4u;
  let b_at = b_base(batch) / 4u;
  let ar$i = a_at + min(row0 + $iu, p.m - 1u) * a_ld4; // @unroll i < 16
  // Where the block's 16 columns (rows of B) start: bc<j>_<r> is column col0 + 4j + r.
  // @unroll j < 4
  let bc$j_0 = b_at + min(col0 + 4u * $ju, p.n - 1u) * b_ld4;
  let bc$j_1 = b_at + min(col0 + 4u * $ju + 1u, p.n - 1u) * b_ld4;
  let bc$j_2 = b_at + min(col0 + 4u * $ju + 2u, p.n - 1u) * b_ld4;
  let bc$j_3 = b_at + min(col0 + 4u * $ju + 3u, p.n - 1u) * b_ld4;
  // @end
  // @unroll i < 16
  var acc$i_0 = vec4<f32>(0.0);
  var acc$i_1 = vec4<f32>(0.0);
  var acc$i_2 = vec4<f32>(0.0);
  var acc$i_3 = vec4<f32>(0.0);
  // @end
  for (var kq = 0u; kq < k4; kq++) {
    // Columns are B rows (4 consecutive k each): v * bm<j> = dot(v, B[col0 + 4j + r]) for r < 4.
    let bm$j = mat4x4<f32>(b4[bc$j_0 + kq], b4[bc$j_1 + kq], b4[bc$j_2 + kq], b4[bc$j_3 + kq]); // @unroll j < 4
    // @unroll i < 16
    let av$i = a4[ar$i + kq];
    acc$i_0 += av$i * bm0;
    acc$i_1 += av$i * bm1;
    acc$i_2 += av$i * bm2;
    acc$i_3 += av$i * bm3;
    // @end
  }
  let out_at = out_base(batch);
  // @unroll i < 16
  store4(out_at, row0 + $iu, c0, acc$i_0);
  store4(out_at, row0 + $iu, c0 + 1u, acc$i_1);
  store4(out_at, row0 + $iu, c0 + 2u, acc$i_2);
  store4(out_at, row0 + $iu, c0 + 3u, acc$i_3);
  // @end
}

@compute @workgroup_size(WG)
fn matmul_wide_vec4_tn(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  // A^T B with A stored [k, m] and B [k, n] (weight gradients X^T dY): row kk of A holds the
  // block's 16 rows contiguously (4 vec4), row kk of B its 16 columns (4 vec4); each step is a
  // rank-1 update. acc<g>_<c>_<j>: output row row0 + 4g + c, columns col0 + 4j .. col0 + 4j + 3.
  let tiles = p.tiles_m * p.tiles_n;
  let w = wid.x + wid.y * nwg.x;
  let t = w % tiles;
  let batch = w / tiles;
  let row0 = ((t / p.tiles_n) * (WG / WG_N) + lid / WG_N) * TM;
  let col0 = ((t % p.tiles_n) * WG_N + lid % WG_N) * TN;
  if (batch >= p.batch || row0 >= p.m || col0 >= p.n) {
    return;
  }
  let m4 = p.m / 4u;
  let n4 = p.n / 4u;
  let a_ld4 = p.a_ld / 4u;
  let b_ld4 = p.b_ld / 4u;
  let r0 = row0 / 4u; // the block's first vec4 of rows
  let c0 = col0 / 4u; // the block's first vec4 of columns
  let a_at = a_base(batch) / 4u;
  let b_at = b_base(batch) / 4u;
  let aq$g = min(r0 + $gu, m4 - 1u); // @unroll g < 4
  let q$j = min(c0 + $ju, n4 - 1u); // @unroll j < 4
  // @unroll g < 4
  // @unroll c < 4
  var acc$g_$c_0 = vec4<f32>(0.0);
  var acc$g_$c_1 = vec4<f32>(0.0);
  var acc$g_$c_2 = vec4<f32>(0.0);
  var acc$g_$c_3 = vec4<f32>(0.0);
  // @end
  // @end
  var sum$g = vec4<f32>(0.0); // @unroll g < 4
  for (var kk = 0u; kk < p.k; kk++) {
    let a_row = a_at + kk * a_ld4;
    let b_row = b_at + kk * b_ld4;
    let av$g = a4[a_row + aq$g]; // @unroll g < 4
    let bv$j = b4[b_row + q$j]; // @unroll j < 4
    if (ROW_SUMS) {
      sum$g += av$g; // @unroll g < 4
    }
    // @unroll g < 4
    // @unroll c < 4
    let s$g_$c = vec4<f32>(av$g[$c]);
    acc$g_$c_0 = fma(s$g_$c, bv0, acc$g_$c_0);
    acc$g_$c_1 = fma(s$g_$c, bv1, acc$g_$c_1);
    acc$g_$c_2 = fma(s$g_$c, bv2, acc$g_$c_2);
    acc$g_$c_3 = fma(s$g_$c, bv3, acc$g_$c_3);
    // @end
    // @end
  }
  let out_at = out_base(batch);
  // @unroll g < 4
  // @unroll c < 4
  store4(out_at, row0 + 4u * $gu + $cu, c0, acc$g_$c_0);
  store4(out_at, row0 + 4u * $gu + $cu, c0 + 1u, acc$g_$c_1);
  store4(out_at, row0 + 4u * $gu + $cu, c0 + 2u, acc$g_$c_2);
  store4(out_at, row0 + 4u * $gu + $cu, c0 + 3u, acc$g_$c_3);
  // @end
  // @end
  // The blocks of the first 16 columns write their rows' sums (TS allows ROW_SUMS at batch 1).
  if (ROW_SUMS && col0 == 0u) {
    // @unroll g < 4
    if (r0 + $gu < m4) {
      row_sums4[r0 + $gu] = sum$g;
    }
    // @end
  }
}
