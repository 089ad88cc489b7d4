// binary: out[i] = a[i % na] op b[i % nb] for i < n = max(na, nb): the smaller
// operand repeats, which is broadcasting over leading dimensions (biasAdd is
// add with b = bias [cols]). Op codes: 0 add, 1 sub, 2 mul, 3 div.

struct BinaryParams {
  n: u32,
  na: u32,
  nb: u32,
  op: u32,
}

@group(0) @binding(0) var<uniform> p: BinaryParams;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

override WG: u32 = 64;

fn apply(op: u32, u: f32, v: f32) -> f32 {
  switch op {
    case 0u: { return u + v; }
    case 1u: { return u - v; }
    case 2u: { return u * v; }
    default: { return u / v; }
  }
}

@compute @workgroup_size(WG)
fn binary(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  // Skip the modulo (an integer division) when the operand is full size.
  let ia = select(i % p.na, i, p.na == p.n);
  let ib = select(i % p.nb, i, p.nb == p.n);
  out[i] = apply(p.op, a[ia], b[ib]);
}
