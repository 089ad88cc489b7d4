// attention: fused scaled dot-product attention for short sequences (Vaswani et al. 2017,
// eq. 1): softmax(Q K^T * scale + mask) V in one dispatch, one invocation per (batch, head,
// query) row, reading q, k and v straight from the projections' row layout (no head split
// copies) and writing the output with the heads side by side (no merge copy). The attention
// weights [B, h, Tq, Tk] are an output too: the backward and the traces read them.
//
// Layouts (see AttentionParams in src/tensor/backend.ts): q element (b, t, h, c) is at
// q[(b * tq + t) * q_stride + q_offset + h * dk + c]; k and v rows of kv likewise with
// kv_stride, k_offset, v_offset; out, dq, dk, dv are [B, T, heads * dk].
// Masks as softmax.wgsl's: causal (column j hidden from query t when j > t + causal_offset) and
// an additive [mask_groups, mask_rows, tk] mask whose -Infinity entries hide a column; a fully
// masked row gives zero weights and a zero output. Masked columns are detected explicitly,
// since WGSL lets implementations assume there are no infinities.
//
// attention_backward_rows (per query row): dW = dOut V^T, dS = scale * W * (dW - rowsum(W dW)),
// dq = dS K; dS is kept for attention_backward_cols (per key row): dk = dS^T Q, dv = W^T dOut.

struct AttentionParams {
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
  causal: u32,
  causal_offset: i32,
  has_mask: u32,
  mask_groups: u32,
  mask_rows: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: AttentionParams;
// forward: q, kv, mask -> out, weights
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> kv: array<f32>;
@group(0) @binding(3) var<storage, read> mask: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@group(0) @binding(5) var<storage, read_write> weights: array<f32>;
// backward rows: q, kv, w, d_out -> ds, dq
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> d_out: array<f32>;
@group(0) @binding(5) var<storage, read_write> ds: array<f32>;
@group(0) @binding(6) var<storage, read_write> dq: array<f32>;
// backward cols: q, ds_in, w, d_out -> dk, dv
@group(0) @binding(2) var<storage, read> ds_in: array<f32>;
@group(0) @binding(5) var<storage, read_write> dk_out: array<f32>;
@group(0) @binding(6) var<storage, read_write> dv_out: array<f32>;

override WG: u32 = 64;

const NEG_INF_BITS: u32 = 0xff800000u;

fn is_neg_inf(v: f32) -> bool {
  return bitcast<u32>(v) == NEG_INF_BITS;
}

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
fn attention_forward(
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
  var visible = p.tk;
  if (p.causal != 0u) {
    visible = u32(clamp(i32(t) + p.causal_offset + 1, 0, i32(p.tk)));
  }
  var mask_base = 0u;
  if (p.has_mask != 0u) {
    let mg = select(b, 0u, p.mask_groups == 1u);
    let mr = select(t, 0u, p.mask_rows == 1u);
    mask_base = (mg * p.mask_rows + mr) * p.tk;
  }
  let qb = q_at(b, t, h);

  // 1. Scores (kept in the weights row) and their max over unmasked columns.
  var found = false;
  var max_z = 0.0;
  for (var j = 0u; j < visible; j++) {
    let kb = k_at(b, j, h);
    var dot = 0.0;
    for (var c = 0u; c < p.dk; c++) {
      dot += q[qb + c] * kv[kb + c];
    }
    var z = dot * p.scale;
    var keep = true;
    if (p.has_mask != 0u) {
      let m = mask[mask_base + j];
      keep = !is_neg_inf(m);
      z += m;
    }
    keep = keep && !is_neg_inf(z);
    weights[w0 + j] = select(0.0, z, keep);
    if (keep && (!found || z > max_z)) {
      max_z = z;
      found = true;
    }
  }

  // 2. Exponentials and their sum; 3. normalize. A fully masked row is all zeros.
  var sum = 0.0;
  for (var j = 0u; j < visible; j++) {
    var keep = found;
    if (p.has_mask != 0u) {
      keep = keep && !is_neg_inf(mask[mask_base + j]);
    }
    let e = select(0.0, exp(weights[w0 + j] - max_z), keep);
    weights[w0 + j] = e;
    sum += e;
  }
  let inv = select(0.0, 1.0 / sum, found);
  for (var j = 0u; j < visible; j++) {
    weights[w0 + j] *= inv;
  }
  for (var j = visible; j < p.tk; j++) {
    weights[w0 + j] = 0.0;
  }

  // 4. out = weights V, written with the heads side by side.
  let ob = merged_at(b, t, h, p.tq);
  for (var c = 0u; c < p.dk; c++) {
    var acc = 0.0;
    for (var j = 0u; j < visible; j++) {
      acc += weights[w0 + j] * kv[v_at(b, j, h) + c];
    }
    out[ob + c] = acc;
  }
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
  let gb = merged_at(b, t, h, p.tq);
  // dW_j = dOut . v_j; rowdot = sum_j W_j dW_j.
  var rowdot = 0.0;
  for (var j = 0u; j < p.tk; j++) {
    let vb = v_at(b, j, h);
    var d = 0.0;
    for (var c = 0u; c < p.dk; c++) {
      d += d_out[gb + c] * kv[vb + c];
    }
    ds[w0 + j] = d;
    rowdot += w[w0 + j] * d;
  }
  for (var j = 0u; j < p.tk; j++) {
    ds[w0 + j] = p.scale * w[w0 + j] * (ds[w0 + j] - rowdot);
  }
  let qb = merged_at(b, t, h, p.tq);
  for (var c = 0u; c < p.dk; c++) {
    var acc = 0.0;
    for (var j = 0u; j < p.tk; j++) {
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
    var acc_k = 0.0;
    var acc_v = 0.0;
    for (var t = 0u; t < p.tq; t++) {
      let at = (rows0 + t) * p.tk + j;
      acc_k += ds_in[at] * q[q_at(b, t, h) + c];
      acc_v += w[at] * d_out[merged_at(b, t, h, p.tq) + c];
    }
    dk_out[kb + c] = acc_k;
    dv_out[kb + c] = acc_v;
  }
}
