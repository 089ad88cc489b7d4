// Reductions of x viewed as [rows, cols]:
// - sum_rows:   [rows] sums over the last axis, one invocation per row;
// - sum_cols:   [cols] sums over the leading axis, one invocation per column;
// - sum_chunks: `parts` strided partial sums of n elements (optionally of their squares):
//               part t = sum_k f(x[t + k * parts]). Run with parts > 1 and then again over the
//               partials with parts = 1, all in one submit, it is a two-stage total without a
//               readback (sumSquares of all gradients for global-norm clipping);
// - argmax:     [rows] index of the largest value per row as f32, the first one on ties, NaN
//               smaller than everything. Values are compared through an order-preserving
//               integer key, so NaN and infinities behave the same on every implementation
//               (WGSL allows a compiler to assume floats are finite).
// No workgroup barriers: each invocation loops in registers (barriers are slow on llvmpipe).

struct ReduceParams {
  rows: u32,
  cols: u32,
  n: u32, // sum_chunks: elements to reduce
  parts: u32, // sum_chunks: partial sums to produce
  square: u32, // sum_chunks: 1 = sum of squares
}

@group(0) @binding(0) var<uniform> p: ReduceParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

override WG: u32 = 64;

fn flat_index(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
  return (wid.x + wid.y * nwg.x) * WG + lid;
}

/** A u32 whose unsigned order is the float order; NaN maps to 0, below -Infinity. */
fn order_key(v: f32) -> u32 {
  var bits = bitcast<u32>(v);
  if ((bits & 0x7fffffffu) > 0x7f800000u) {
    return 0u; // NaN
  }
  if (bits == 0x80000000u) {
    bits = 0u; // -0 ties with +0
  }
  if ((bits & 0x80000000u) != 0u) {
    return ~bits; // negative: larger magnitude, smaller key
  }
  return bits | 0x80000000u;
}

@compute @workgroup_size(WG)
fn sum_rows(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_index(wid, nwg, lid);
  if (row >= p.rows) {
    return;
  }
  let base = row * p.cols;
  var sum = 0.0;
  for (var j = 0u; j < p.cols; j++) {
    sum += x[base + j];
  }
  out[row] = sum;
}

@compute @workgroup_size(WG)
fn sum_cols(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let col = flat_index(wid, nwg, lid);
  if (col >= p.cols) {
    return;
  }
  var sum = 0.0;
  for (var i = 0u; i < p.rows; i++) {
    sum += x[i * p.cols + col];
  }
  out[col] = sum;
}

@compute @workgroup_size(WG)
fn sum_chunks(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let part = flat_index(wid, nwg, lid);
  if (part >= p.parts) {
    return;
  }
  // Strided, so neighbouring invocations read neighbouring elements.
  var sum = 0.0;
  for (var i = part; i < p.n; i += p.parts) {
    let v = x[i];
    sum += select(v, v * v, p.square == 1u);
  }
  out[part] = sum;
}

@compute @workgroup_size(WG)
fn argmax(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_index(wid, nwg, lid);
  if (row >= p.rows) {
    return;
  }
  let base = row * p.cols;
  var best = 0u;
  var best_key = order_key(x[base]);
  for (var j = 1u; j < p.cols; j++) {
    let key = order_key(x[base + j]);
    if (key > best_key) {
      best = j;
      best_key = key;
    }
  }
  out[row] = f32(best);
}
