// permute: general transpose of a contiguous tensor of rank <= 6. The host
// pads the output shape to 6 dims (leading 1s) and passes, per output dim d,
// its size s_d and the input stride t_d of the input dim it comes from. One
// invocation per output element: decompose its index over the output shape
// (last dim fastest) and sum coordinate * input stride.

struct PermuteParams {
  n: u32,
  s0: u32, s1: u32, s2: u32, s3: u32, s4: u32, s5: u32,
  t0: u32, t1: u32, t2: u32, t3: u32, t4: u32, t5: u32,
}

@group(0) @binding(0) var<uniform> p: PermuteParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn permute(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  var rest = i;
  var src = 0u;
  // Written out: uniform struct fields cannot be indexed by a loop variable.
  src += (rest % p.s5) * p.t5; rest /= p.s5;
  src += (rest % p.s4) * p.t4; rest /= p.s4;
  src += (rest % p.s3) * p.t3; rest /= p.s3;
  src += (rest % p.s2) * p.t2; rest /= p.s2;
  src += (rest % p.s1) * p.t1; rest /= p.s1;
  src += rest * p.t0;
  out[i] = x[src];
}

// permute_rows: the same transpose when the last output dim is also the input's last (stride
// t5 = 1), as in splitting and merging attention heads: one invocation per output row of s5
// contiguous elements (n counts rows), so the integer divisions - scalar on CPUs, the cost of
// `permute` on llvmpipe - are paid once per row instead of once per element.
@compute @workgroup_size(WG)
fn permute_rows(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = (wid.x + wid.y * nwg.x) * WG + lid;
  if (row >= p.n) {
    return;
  }
  var rest = row;
  var src = 0u;
  src += (rest % p.s4) * p.t4; rest /= p.s4;
  src += (rest % p.s3) * p.t3; rest /= p.s3;
  src += (rest % p.s2) * p.t2; rest /= p.s2;
  src += (rest % p.s1) * p.t1; rest /= p.s1;
  src += rest * p.t0;
  let dst = row * p.s5;
  for (var j = 0u; j < p.s5; j++) {
    out[dst + j] = x[src + j];
  }
}
