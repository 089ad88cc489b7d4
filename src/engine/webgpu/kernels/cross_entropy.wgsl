// Mean cross-entropy of logits [rows, cols] against integer targets [rows], and its gradient.
//
// Per row with target t (as torch.nn.CrossEntropyLoss, label smoothing eps from Szegedy et al.
// 2016, "Rethinking the Inception Architecture", section 7):
//   loss = -(1 - eps) * log p[t] - eps / cols * sum_j log p[j],   p = softmax(logits row)
// Rows whose target equals ignore_index (or lies outside [0, cols)) contribute 0 and are not
// counted; the mean divides by the counted rows (0 counted rows -> loss 0).
// Gradient w.r.t. logits: dLoss * (p[j] - (1 - eps) * [j == t] - eps / cols) / counted.
//
// Entry points, all recorded in the same submit (no readback):
// - ce_rows:     one invocation per row -> row_stats = [loss per row (rows), counted flag (rows)]
// - ce_mean:     one invocation        -> loss = sum(losses) / max(1, counted)
// - ce_count:    one invocation        -> count = number of counted rows (for the backward)
// - ce_backward: one invocation per row -> d_logits

struct CrossEntropyParams {
  rows: u32,
  cols: u32,
  ignore_index: f32,
  smoothing: f32,
}

@group(0) @binding(0) var<uniform> p: CrossEntropyParams;
// ce_rows and ce_backward
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> targets: array<f32>;
// ce_rows
@group(0) @binding(3) var<storage, read_write> row_stats: array<f32>;
// ce_backward
@group(0) @binding(3) var<storage, read> count: array<f32>;
@group(0) @binding(4) var<storage, read> d_loss: array<f32>;
@group(0) @binding(5) var<storage, read_write> d_logits: array<f32>;
// ce_mean (reduce_in = row_stats) and ce_count (reduce_in = targets)
@group(0) @binding(1) var<storage, read> reduce_in: array<f32>;
@group(0) @binding(2) var<storage, read_write> reduce_out: array<f32>;

override WG: u32 = 64;

fn flat_index(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
  return (wid.x + wid.y * nwg.x) * WG + lid;
}

/** True when a row with this target takes part in the loss. */
fn is_counted(t: f32) -> bool {
  return t != p.ignore_index && t >= 0.0 && t < f32(p.cols);
}

/** log(sum(exp(x))) of one row, shifted by its max for stability. */
fn log_sum_exp(base: u32) -> f32 {
  var max_x = logits[base];
  for (var j = 1u; j < p.cols; j++) {
    max_x = max(max_x, logits[base + j]);
  }
  var sum = 0.0;
  for (var j = 0u; j < p.cols; j++) {
    sum += exp(logits[base + j] - max_x);
  }
  return max_x + log(sum);
}

@compute @workgroup_size(WG)
fn ce_rows(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_index(wid, nwg, lid);
  if (row >= p.rows) {
    return;
  }
  let t = targets[row];
  if (!is_counted(t)) {
    row_stats[row] = 0.0;
    row_stats[p.rows + row] = 0.0;
    return;
  }
  let base = row * p.cols;
  let log_z = log_sum_exp(base);
  var loss = (1.0 - p.smoothing) * (log_z - logits[base + u32(t)]);
  if (p.smoothing != 0.0) {
    var sum_x = 0.0;
    for (var j = 0u; j < p.cols; j++) {
      sum_x += logits[base + j];
    }
    // -sum_j log p[j] = cols * log_z - sum_j x[j]
    loss += p.smoothing / f32(p.cols) * (f32(p.cols) * log_z - sum_x);
  }
  row_stats[row] = loss;
  row_stats[p.rows + row] = 1.0;
}

@compute @workgroup_size(1)
fn ce_mean() {
  var sum = 0.0;
  var counted = 0.0;
  for (var i = 0u; i < p.rows; i++) {
    sum += reduce_in[i];
    counted += reduce_in[p.rows + i];
  }
  reduce_out[0] = select(0.0, sum / counted, counted > 0.0);
}

@compute @workgroup_size(1)
fn ce_count() {
  var counted = 0.0;
  for (var i = 0u; i < p.rows; i++) {
    counted += select(0.0, 1.0, is_counted(reduce_in[i]));
  }
  reduce_out[0] = counted;
}

@compute @workgroup_size(WG)
fn ce_backward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_index(wid, nwg, lid);
  if (row >= p.rows) {
    return;
  }
  let base = row * p.cols;
  let t = targets[row];
  if (!is_counted(t)) {
    for (var j = 0u; j < p.cols; j++) {
      d_logits[base + j] = 0.0;
    }
    return;
  }
  let log_z = log_sum_exp(base);
  let g = d_loss[0] / count[0]; // count >= 1: this row is counted
  let uniform_part = p.smoothing / f32(p.cols);
  let target_col = u32(t);
  for (var j = 0u; j < p.cols; j++) {
    let prob = exp(logits[base + j] - log_z);
    let on_target = select(0.0, 1.0 - p.smoothing, j == target_col);
    d_logits[base + j] = g * (prob - on_target - uniform_part);
  }
}
