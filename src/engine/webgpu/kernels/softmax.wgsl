// Row-wise softmax over the last axis, its backward, and log-softmax.
//
// softmax_forward: y = softmax(x * scale + mask) per row of x viewed as [rows, cols], with rows
// further viewed as [groups, heads, tq] so masks broadcast (see SoftmaxParams in
// src/engine/backend/contract.ts):
// - causal: column j is masked for query q = row % tq when j > q + causalOffset
//   (the decoder mask of Vaswani et al. 2017, "Attention Is All You Need", section 3.2.3);
// - additive mask [maskGroups, maskRows, cols], maskGroups in {1, groups}, maskRows in {1, tq};
//   -Infinity masks a column.
// A fully masked row gives zeros, never NaN. Masked columns are detected explicitly (not through
// exp(-inf) = 0) because WGSL lets implementations assume there are no infinities.
// softmax_backward: dx = scale * y * (dy - sum(dy * y)).
// log_softmax: y = x - max - log(sum(exp(x - max))); a row of -Infinity stays -Infinity.
//
// One invocation per row, loops over columns in registers, no workgroup barriers: rows are short
// (<= 512 columns) and barriers are expensive on llvmpipe.

struct SoftmaxParams {
  rows: u32,
  cols: u32,
  tq: u32,
  heads: u32,
  causal: u32, // 1 = apply the causal mask
  causal_offset: i32,
  has_mask: u32, // 1 = `b` holds an additive mask (otherwise it is any bound buffer, unread)
  mask_groups: u32,
  mask_rows: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: SoftmaxParams;
// softmax_forward: a = x, b = mask, out = y.
// softmax_backward: a = y, b = dy, out = dx.
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
// log_softmax has one input, so its output sits at binding 2 (no entry point uses both `b` and
// `log_out`).
@group(0) @binding(2) var<storage, read_write> log_out: array<f32>;

override WG: u32 = 64;

const NEG_INF_BITS: u32 = 0xff800000u;

/** The flat invocation index over a workgroup grid split by workgroupGrid(). */
fn flat_index(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
  return (wid.x + wid.y * nwg.x) * WG + lid;
}

fn is_neg_inf(v: f32) -> bool {
  return bitcast<u32>(v) == NEG_INF_BITS;
}

/** Start of the mask row that applies to `row`, or -1 without a mask. */
fn mask_row_start(row: u32) -> i32 {
  if (p.has_mask == 0u) {
    return -1;
  }
  let q = row % p.tq;
  let group = row / (p.heads * p.tq);
  let mg = select(group, 0u, p.mask_groups == 1u);
  let mr = select(q, 0u, p.mask_rows == 1u);
  return i32((mg * p.mask_rows + mr) * p.cols);
}

/** Number of columns the causal mask leaves visible for `row` (all of them without it). */
fn visible_cols(row: u32) -> u32 {
  if (p.causal == 0u) {
    return p.cols;
  }
  let last = i32(row % p.tq) + p.causal_offset; // last visible column
  return u32(clamp(last + 1, 0, i32(p.cols)));
}

@compute @workgroup_size(WG)
fn softmax_forward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_index(wid, nwg, lid);
  if (row >= p.rows) {
    return;
  }
  let base = row * p.cols;
  let mask_base = mask_row_start(row);
  let visible = visible_cols(row);

  // 1. Max over the unmasked scores.
  var found = false;
  var max_z = 0.0;
  for (var j = 0u; j < visible; j++) {
    var z = a[base + j] * p.scale;
    if (mask_base >= 0) {
      let m = b[u32(mask_base) + j];
      if (is_neg_inf(m)) {
        continue;
      }
      z += m;
    }
    if (is_neg_inf(z)) {
      continue;
    }
    if (!found || z > max_z) {
      max_z = z;
      found = true;
    }
  }

  // 2. Sum of exponentials; 3. normalize. A fully masked row is all zeros.
  var sum = 0.0;
  for (var j = 0u; j < visible; j++) {
    var z = a[base + j] * p.scale;
    var keep = found;
    if (mask_base >= 0) {
      let m = b[u32(mask_base) + j];
      keep = keep && !is_neg_inf(m);
      z += m;
    }
    keep = keep && !is_neg_inf(z);
    let e = select(0.0, exp(z - max_z), keep);
    out[base + j] = e;
    sum += e;
  }
  let inv = select(0.0, 1.0 / sum, found);
  for (var j = 0u; j < visible; j++) {
    out[base + j] *= inv;
  }
  for (var j = visible; j < p.cols; j++) {
    out[base + j] = 0.0;
  }
}

@compute @workgroup_size(WG)
fn softmax_backward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_index(wid, nwg, lid);
  if (row >= p.rows) {
    return;
  }
  let base = row * p.cols;
  var dot = 0.0;
  for (var j = 0u; j < p.cols; j++) {
    dot += a[base + j] * b[base + j];
  }
  for (var j = 0u; j < p.cols; j++) {
    out[base + j] = p.scale * a[base + j] * (b[base + j] - dot);
  }
}

@compute @workgroup_size(WG)
fn log_softmax(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_index(wid, nwg, lid);
  if (row >= p.rows) {
    return;
  }
  let base = row * p.cols;
  var max_x = a[base];
  for (var j = 1u; j < p.cols; j++) {
    max_x = max(max_x, a[base + j]);
  }
  if (is_neg_inf(max_x)) {
    // Every column is -Infinity: so is every log-probability (never NaN).
    for (var j = 0u; j < p.cols; j++) {
      log_out[base + j] = bitcast<f32>(NEG_INF_BITS);
    }
    return;
  }
  var sum = 0.0;
  for (var j = 0u; j < p.cols; j++) {
    sum += exp(a[base + j] - max_x);
  }
  let log_z = max_x + log(sum);
  for (var j = 0u; j < p.cols; j++) {
    log_out[base + j] = a[base + j] - log_z;
  }
}
