// gru: one fused GRU step (Cho et al. 2014; nn.GRU's gate order r, z, n) and its backward, one
// invocation per (row, unit). xp = W_ih x + b_ih is read as rows of 3H at xp_stride apart from
// xp_offset (a step's column of a whole sequence's projection), hp = W_hh h + b_hh is [B, 3H]:
//   r = sigmoid(xr + hr), z = sigmoid(xz + hz), n = tanh(xn + r * hn), h' = n + z * (h - n).
// gru_backward recomputes the gates and writes dxp, dhp [B, 3H] and the direct dh = dh' * z.

struct GruParams {
  batch: u32,
  hidden: u32,
  xp_stride: u32,
  xp_offset: u32,
}

@group(0) @binding(0) var<uniform> p: GruParams;
@group(0) @binding(1) var<storage, read> xp: array<f32>;
@group(0) @binding(2) var<storage, read> hp: array<f32>;
@group(0) @binding(3) var<storage, read> h: array<f32>;
// forward: binding 4 is h' (read_write); backward: binding 4 is dh' (read), then the outputs.
@group(0) @binding(4) var<storage, read_write> h_next: array<f32>;
@group(0) @binding(4) var<storage, read> dh_next: array<f32>;
@group(0) @binding(5) var<storage, read_write> dxp: array<f32>;
@group(0) @binding(6) var<storage, read_write> dhp: array<f32>;
@group(0) @binding(7) var<storage, read_write> dh: array<f32>;

override WG: u32 = 64;

fn sigmoid(v: f32) -> f32 {
  return 1.0 / (1.0 + exp(-v));
}

// tanh that stays finite for large |v| on every driver (as unary.wgsl's).
fn safe_tanh(v: f32) -> f32 {
  return tanh(clamp(v, -15.0, 15.0));
}

struct Gates {
  r: f32,
  z: f32,
  n: f32,
  hn: f32,
}

fn gates(b: u32, j: u32) -> Gates {
  let H = p.hidden;
  let x0 = b * p.xp_stride + p.xp_offset;
  let h0 = b * 3u * H;
  let hn = hp[h0 + 2u * H + j];
  let r = sigmoid(xp[x0 + j] + hp[h0 + j]);
  let z = sigmoid(xp[x0 + H + j] + hp[h0 + H + j]);
  let n = safe_tanh(xp[x0 + 2u * H + j] + r * hn);
  return Gates(r, z, n, hn);
}

@compute @workgroup_size(WG)
fn gru_forward(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.batch * p.hidden) {
    return;
  }
  let b = i / p.hidden;
  let j = i - b * p.hidden;
  let g = gates(b, j);
  h_next[i] = g.n + g.z * (h[i] - g.n);
}

@compute @workgroup_size(WG)
fn gru_backward(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.batch * p.hidden) {
    return;
  }
  let H = p.hidden;
  let b = i / H;
  let j = i - b * H;
  let g = gates(b, j);
  let d = dh_next[i];
  let dan = (d * (1.0 - g.z)) * (1.0 - g.n * g.n);
  let daz = (d * (h[i] - g.n)) * (g.z * (1.0 - g.z));
  let dar = (dan * g.hn) * (g.r * (1.0 - g.r));
  let o = b * 3u * H;
  dxp[o + j] = dar;
  dxp[o + H + j] = daz;
  dxp[o + 2u * H + j] = dan;
  dhp[o + j] = dar;
  dhp[o + H + j] = daz;
  dhp[o + 2u * H + j] = dan * g.r;
  dh[i] = d * g.z;
}
