// rope: rotary position embedding (Su et al. 2021, RoFormer) of x [rows, t, dim].
// The pair (x[2k], x[2k+1]) at position pos = offset + s is rotated by
// theta = pos * base^(-2k/dim):
//   y[2k]   = x[2k] cos theta - x[2k+1] sin theta
//   y[2k+1] = x[2k] sin theta + x[2k+1] cos theta
// `sign` = -1 rotates by -theta (the backward pass: rotations are orthogonal).
// cos/sin come from a table [positions, dim/2, 2] computed in float64 on the
// host: in f32, pos * freq and sin() of angles in the hundreds of radians
// would lose ~1e-5, more than the cpu reference tolerates. One invocation per pair.

struct RopeParams {
  // pairs: rows * t * dim / 2
  n: u32,
  t: u32,
  half_dim: u32,
  offset: u32,
  sign: f32,
}

@group(0) @binding(0) var<uniform> p: RopeParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> table: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn rope(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  let k = i % p.half_dim;
  let s = (i / p.half_dim) % p.t;
  let at = ((p.offset + s) * p.half_dim + k) * 2u;
  let c = table[at];
  let sn = p.sign * table[at + 1u];
  let a = x[2u * i];
  let b = x[2u * i + 1u];
  out[2u * i] = a * c - b * sn;
  out[2u * i + 1u] = a * sn + b * c;
}
