// Layer normalization (Ba, Kiros & Hinton 2016, "Layer Normalization") over the last axis of
// x [rows, cols], and its backward.
//
// layer_norm_forward (one invocation per row):
//   mean = sum(x) / cols, var = sum((x - mean)^2) / cols (biased, as torch),
//   rstd = 1 / sqrt(var + eps), y = (x - mean) * rstd * gamma + beta.
// layer_norm_backward, with xhat = (x - mean) * rstd and g = dy * gamma:
//   dx = rstd * (g - mean(g) - xhat * mean(g * xhat))        one invocation per row
//   dgamma[j] = sum_i dy[i, j] * xhat[i, j], dbeta[j] = sum_i dy[i, j]
//                                                             one invocation per column
// Both halves run in one dispatch: the first row_groups workgroups take rows, the rest take
// columns, so no workgroup mixes the two loops.

struct LayerNormParams {
  rows: u32,
  cols: u32,
  eps: f32,
  row_groups: u32, // backward: workgroups given to the per-row half
}

@group(0) @binding(0) var<uniform> p: LayerNormParams;
// both
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
// forward
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
@group(0) @binding(5) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(6) var<storage, read_write> rstd_out: array<f32>;
// backward
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read> rstd: array<f32>;
@group(0) @binding(5) var<storage, read> dy: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;
@group(0) @binding(7) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(8) var<storage, read_write> dbeta: array<f32>;

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
fn layer_norm_backward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let group = flat_group(wid, nwg);
  if (group < p.row_groups) {
    // dx for one row.
    let row = group * WG + lid;
    if (row >= p.rows) {
      return;
    }
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
    let n = f32(p.cols);
    let mean_g = sum_g / n;
    let mean_g_xhat = sum_g_xhat / n;
    for (var j = 0u; j < p.cols; j++) {
      let xhat = (x[base + j] - mu) * r;
      dx[base + j] = r * (dy[base + j] * gamma[j] - mean_g - xhat * mean_g_xhat);
    }
    return;
  }
  // dgamma and dbeta for one column.
  let col = (group - p.row_groups) * WG + lid;
  if (col >= p.cols) {
    return;
  }
  var dg = 0.0;
  var db = 0.0;
  for (var i = 0u; i < p.rows; i++) {
    let d = dy[i * p.cols + col];
    dg += d * (x[i * p.cols + col] - mean[i]) * rstd[i];
    db += d;
  }
  dgamma[col] = dg;
  dbeta[col] = db;
}
