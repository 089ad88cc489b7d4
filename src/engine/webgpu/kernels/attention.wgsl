// attention: the backward of fused scaled dot-product attention (Vaswani et al. 2017, eq. 1), given
// the weights W = softmax(Q K^T * scale + mask) the forward returned (the forward is
// kernels/flash_attention.wgsl run with its scores written out). Per (batch, head):
//   dW = dOut V^T, dS = scale * W * (dW - rowsum(W * dW)), dq = dS K, dk = dS^T Q, dv = W^T dOut.
// q, k and v are read straight from the projections' row layout, dq, dk and dv written with the
// heads side by side: q element (b, t, h, c) is at q[(b * tq + t) * q_stride + q_offset + h * dk + c],
// k and v rows of kv likewise with kv_stride, k_offset, v_offset (see AttentionParams in
// src/engine/backend/contract.ts); dOut, dq, dk, dv are [B, T, heads * dk], W and dS [B, heads, tq, tk].
//
// Three entry points, each over a range of keys (or queries) [start, end) so that the host can
// split a long row over dispatches: Mesa's llvmpipe ends an invocation after 65535 loop
// iterations counted over all its loops (LP_MAX_TGSI_LOOP_ITERATIONS), silently, which made the
// first version of these kernels wrong from tk * dk ~ 32768 on. `first` says whether the range
// is the first one (start the sums) or a later one (add to them).
// - attention_backward_dots (per query row, keys in range): dS_j = dOut . v_j for now, and the
//   row's sum of W_j dS_j into row_dot.
// - attention_backward_rows (per query row, keys in range): dS_j = scale * W_j * (dS_j - row_dot),
//   dq += sum_j dS_j k_j.
// - attention_backward_cols (per key row, queries in range): dk += sum_t dS_tj q_t,
//   dv += sum_t W_tj dOut_t.

struct BackwardParams {
  batch: u32,
  heads: u32,
  tq: u32,
  tk: u32,
  dk: u32,
  q_stride: u32,
  q_offset: u32,
  kv_stride: u32,
  k_offset: u32,
  v_offset: u32,
  scale: f32,
  start: u32,
  end: u32,
  first: u32,
}

@group(0) @binding(0) var<uniform> p: BackwardParams;
// dots: kv, w, d_out -> ds, row_dot
@group(0) @binding(1) var<storage, read> kv: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> d_out: array<f32>;
@group(0) @binding(4) var<storage, read_write> ds: array<f32>;
@group(0) @binding(5) var<storage, read_write> row_dot: array<f32>;
// rows: kv, w, row_dot_in -> ds (in place), dq
@group(0) @binding(3) var<storage, read> row_dot_in: array<f32>;
@group(0) @binding(5) var<storage, read_write> dq: array<f32>;
// cols: q, ds_in, w, d_out -> dk, dv
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> ds_in: array<f32>;
@group(0) @binding(3) var<storage, read> w_in: array<f32>;
@group(0) @binding(4) var<storage, read> d_out_in: array<f32>;
@group(0) @binding(5) var<storage, read_write> dk_out: array<f32>;
@group(0) @binding(6) var<storage, read_write> dv_out: array<f32>;

override WG: u32 = 64;

fn flat_index(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
  return (wid.x + wid.y * nwg.x) * WG + lid;
}

fn q_at(b: u32, t: u32, h: u32) -> u32 {
  return (b * p.tq + t) * p.q_stride + p.q_offset + h * p.dk;
}

fn k_at(b: u32, j: u32, h: u32) -> u32 {
  return (b * p.tk + j) * p.kv_stride + p.k_offset + h * p.dk;
}

fn v_at(b: u32, j: u32, h: u32) -> u32 {
  return (b * p.tk + j) * p.kv_stride + p.v_offset + h * p.dk;
}

/** Start of [B, T, heads * dk] row (b, t) plus head h's columns. */
fn merged_at(b: u32, t: u32, h: u32, len: u32) -> u32 {
  return (b * len + t) * p.heads * p.dk + h * p.dk;
}

@compute @workgroup_size(WG)
fn attention_backward_dots(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_index(wid, nwg, lid); // (b, h, t)
  if (row >= p.batch * p.heads * p.tq) {
    return;
  }
  let t = row % p.tq;
  let h = (row / p.tq) % p.heads;
  let b = row / (p.tq * p.heads);
  let w0 = row * p.tk;
  let gb = merged_at(b, t, h, p.tq);
  var dot = select(row_dot[row], 0.0, p.first != 0u);
  for (var j = p.start; j < p.end; j++) {
    let vb = v_at(b, j, h);
    var d = 0.0;
    for (var c = 0u; c < p.dk; c++) {
      d += d_out[gb + c] * kv[vb + c];
    }
    ds[w0 + j] = d;
    dot += w[w0 + j] * d;
  }
  row_dot[row] = dot;
}

@compute @workgroup_size(WG)
fn attention_backward_rows(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = flat_index(wid, nwg, lid); // (b, h, t)
  if (row >= p.batch * p.heads * p.tq) {
    return;
  }
  let t = row % p.tq;
  let h = (row / p.tq) % p.heads;
  let b = row / (p.tq * p.heads);
  let w0 = row * p.tk;
  let dot = row_dot_in[row];
  for (var j = p.start; j < p.end; j++) {
    ds[w0 + j] = p.scale * w[w0 + j] * (ds[w0 + j] - dot);
  }
  let qb = merged_at(b, t, h, p.tq);
  for (var c = 0u; c < p.dk; c++) {
    var acc = select(dq[qb + c], 0.0, p.first != 0u);
    for (var j = p.start; j < p.end; j++) {
      acc += ds[w0 + j] * kv[k_at(b, j, h) + c];
    }
    dq[qb + c] = acc;
  }
}

@compute @workgroup_size(WG)
fn attention_backward_cols(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let col = flat_index(wid, nwg, lid); // (b, h, j)
  if (col >= p.batch * p.heads * p.tk) {
    return;
  }
  let j = col % p.tk;
  let h = (col / p.tk) % p.heads;
  let b = col / (p.tk * p.heads);
  let rows0 = (b * p.heads + h) * p.tq; // first (b, h, t) row
  let kb = merged_at(b, j, h, p.tk);
  for (var c = 0u; c < p.dk; c++) {
    var acc_k = select(dk_out[kb + c], 0.0, p.first != 0u);
    var acc_v = select(dv_out[kb + c], 0.0, p.first != 0u);
    for (var t = p.start; t < p.end; t++) {
      let at = (rows0 + t) * p.tk + j;
      acc_k += ds_in[at] * q[q_at(b, t, h) + c];
      acc_v += w_in[at] * d_out_in[merged_at(b, t, h, p.tq) + c];
    }
    dk_out[kb + c] = acc_k;
    dv_out[kb + c] = acc_v;
  }
}
