// Layer normalization (Ba, Kiros & Hinton 2016, "Layer Normalization") over the last axis of
// x [rows, cols], and its backward.
//
// layer_norm_forward (one invocation per row; layer_norm_forward4 reads vec4s when cols is a
// multiple of 4, ~30% less CPU time on llvmpipe):
//   mean = sum(x) / cols, var = sum((x - mean)^2) / cols (biased, as torch),
//   rstd = 1 / sqrt(var + eps), y = (x - mean) * rstd * gamma + beta.
// layer_norm_backward, with xhat = (x - mean) * rstd and g = dy * gamma, in two dispatches
// (layer_norm_backward_rows4 is the vec4 version of the first):
//   layer_norm_backward_rows: workgroup w takes rows w * WG .. w * WG + WG - 1. Each lane first
//     computes one row's dx = rstd * (g - mean(g) - xhat * mean(g * xhat)); then each lane takes
//     columns and sums the workgroup's rows: partials[w, j] = sum dy * xhat and
//     partials[groups + w, j] = sum dy.
//   layer_norm_backward_cols: dgamma[j] and dbeta[j] add the partials of every workgroup.
// A single pass of one invocation per column (the first version) looped over all rows on one
// core of llvmpipe, the longest part of the backward; the partials spread that loop over the
// row workgroups.

struct LayerNormParams {
  rows: u32,
  cols: u32,
  eps: f32,
  groups: u32, // backward: workgroups of layer_norm_backward_rows (partials per column)
}

@group(0) @binding(0) var<uniform> p: LayerNormParams;
// forward and backward_rows
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
// forward
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
@group(0) @binding(5) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(6) var<storage, read_write> rstd_out: array<f32>;
// forward4: x, gamma, beta and y as vec4
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> gamma4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> beta4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> y4: array<vec4<f32>>;
// backward_rows
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read> rstd: array<f32>;
@group(0) @binding(5) var<storage, read> dy: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;
@group(0) @binding(7) var<storage, read_write> partials: array<f32>; // [2, groups, cols]
// backward_rows4: x, gamma, dy, dx and partials as vec4 (cols is a multiple of 4)
@group(0) @binding(5) var<storage, read> dy4: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> dx4: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> partials4: array<vec4<f32>>;
// backward_cols
@group(0) @binding(1) var<storage, read> partials_in: array<f32>;
@group(0) @binding(2) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(3) var<storage, read_write> dbeta: array<f32>;

override WG: u32 = 64;

fn flat_group(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + wid.y * nwg.x;
}

@compute @workgroup_size(WG)
fn layer_norm_forward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_group(wid, nwg) * WG + lid;
  if (row >= p.rows) {
    return;
  }
  let base = row * p.cols;
  let n = f32(p.cols);
  var sum = 0.0;
  for (var j = 0u; j < p.cols; j++) {
    sum += x[base + j];
  }
  let mu = sum / n;
  var sq = 0.0;
  for (var j = 0u; j < p.cols; j++) {
    let d = x[base + j] - mu;
    sq += d * d;
  }
  let r = inverseSqrt(sq / n + p.eps);
  for (var j = 0u; j < p.cols; j++) {
    y[base + j] = (x[base + j] - mu) * r * gamma[j] + beta[j];
  }
  mean_out[row] = mu;
  rstd_out[row] = r;
}

@compute @workgroup_size(WG)
fn layer_norm_forward4(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_group(wid, nwg) * WG + lid;
  if (row >= p.rows) {
    return;
  }
  let c4 = p.cols / 4u;
  let base = row * c4;
  let n = f32(p.cols);
  var sum = vec4<f32>(0.0);
  for (var j = 0u; j < c4; j++) {
    sum += x4[base + j];
  }
  let mu = (sum.x + sum.y + sum.z + sum.w) / n;
  var sq = vec4<f32>(0.0);
  for (var j = 0u; j < c4; j++) {
    let d = x4[base + j] - mu;
    sq += d * d;
  }
  let r = inverseSqrt((sq.x + sq.y + sq.z + sq.w) / n + p.eps);
  for (var j = 0u; j < c4; j++) {
    y4[base + j] = (x4[base + j] - mu) * r * gamma4[j] + beta4[j];
  }
  mean_out[row] = mu;
  rstd_out[row] = r;
}

@compute @workgroup_size(WG)
fn layer_norm_backward_rows(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let group = flat_group(wid, nwg);
  if (group >= p.groups) {
    return;
  }
  let n = f32(p.cols);
  // dx for one row.
  let row = group * WG + lid;
  if (row < p.rows) {
    let base = row * p.cols;
    let mu = mean[row];
    let r = rstd[row];
    var sum_g = 0.0;
    var sum_g_xhat = 0.0;
    for (var j = 0u; j < p.cols; j++) {
      let g = dy[base + j] * gamma[j];
      sum_g += g;
      sum_g_xhat += g * (x[base + j] - mu) * r;
    }
    let mean_g = sum_g / n;
    let mean_g_xhat = sum_g_xhat / n;
    for (var j = 0u; j < p.cols; j++) {
      let xhat = (x[base + j] - mu) * r;
      dx[base + j] = r * (dy[base + j] * gamma[j] - mean_g - xhat * mean_g_xhat);
    }
  }
  // This workgroup's share of dgamma and dbeta, one column per lane.
  let first = group * WG;
  let last = min(first + WG, p.rows);
  for (var col = lid; col < p.cols; col += WG) {
    var dg = 0.0;
    var db = 0.0;
    for (var i = first; i < last; i++) {
      let d = dy[i * p.cols + col];
      dg += d * (x[i * p.cols + col] - mean[i]) * rstd[i];
      db += d;
    }
    partials[group * p.cols + col] = dg;
    partials[(p.groups + group) * p.cols + col] = db;
  }
}

@compute @workgroup_size(WG)
fn layer_norm_backward_rows4(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let group = flat_group(wid, nwg);
  if (group >= p.groups) {
    return;
  }
  let n = f32(p.cols);
  let c4 = p.cols / 4u;
  // dx for one row.
  let row = group * WG + lid;
  if (row < p.rows) {
    let base = row * c4;
    let mu = mean[row];
    let r = rstd[row];
    var sum_g = vec4<f32>(0.0);
    var sum_g_xhat = vec4<f32>(0.0);
    for (var j = 0u; j < c4; j++) {
      let g = dy4[base + j] * gamma4[j];
      sum_g += g;
      sum_g_xhat += g * (x4[base + j] - mu) * r;
    }
    let mean_g = (sum_g.x + sum_g.y + sum_g.z + sum_g.w) / n;
    let mean_g_xhat = (sum_g_xhat.x + sum_g_xhat.y + sum_g_xhat.z + sum_g_xhat.w) / n;
    for (var j = 0u; j < c4; j++) {
      let xhat = (x4[base + j] - mu) * r;
      dx4[base + j] = r * (dy4[base + j] * gamma4[j] - mean_g - xhat * mean_g_xhat);
    }
  }
  // This workgroup's share of dgamma and dbeta, 4 columns per lane.
  let first = group * WG;
  let last = min(first + WG, p.rows);
  for (var q = lid; q < c4; q += WG) {
    var dg = vec4<f32>(0.0);
    var db = vec4<f32>(0.0);
    for (var i = first; i < last; i++) {
      let d = dy4[i * c4 + q];
      dg += d * (x4[i * c4 + q] - mean[i]) * rstd[i];
      db += d;
    }
    partials4[group * c4 + q] = dg;
    partials4[(p.groups + group) * c4 + q] = db;
  }
}

@compute @workgroup_size(WG)
fn layer_norm_backward_cols(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let col = flat_group(wid, nwg) * WG + lid;
  if (col >= p.cols) {
    return;
  }
  var dg = 0.0;
  var db = 0.0;
  for (var w = 0u; w < p.groups; w++) {
    dg += partials_in[w * p.cols + col];
    db += partials_in[(p.groups + w) * p.cols + col];
  }
  dgamma[col] = dg;
  dbeta[col] = db;
}
