// Batched matrix product A @ B (nothing transposed) with 16 x 16 outputs per invocation, for
// CPU rasterizers: the "wide" variant of src/engine/webgpu/kernels/matmul.ts. Same params,
// bindings, strided layouts and epilogue as kernels/matmul_blocked.wgsl (read that file first);
// only its matmul_blocked_vec4 case (k, n, offsets and strides multiples of 4) runs here.
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

override WG: u32 = 64; // invocations per workgroup
override WG_N: u32 = 8; // of which along n; WG / WG_N along m
override BIAS: bool = false;
override RELU: bool = false;
override RELU_MASK: bool = false;
override RESIDUAL: bool = false;

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
