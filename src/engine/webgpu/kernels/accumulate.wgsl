// accumulate: target[i] += x[i] * alpha, in place (gradient accumulation).
// accumulate4 does the same for n a multiple of 4, 16 elements (4 vec4s) per invocation: on
// llvmpipe each workgroup has a fixed cost, and one element per invocation made a 49152-element
// accumulate ~3x slower than this.

struct AccumulateParams {
  n: u32,
  alpha: f32,
}

@group(0) @binding(0) var<uniform> p: AccumulateParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> target_: array<f32>;
// accumulate4 (no entry point uses both names of one binding)
@group(0) @binding(1) var<storage, read> x4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> target4: array<vec4<f32>>;

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn accumulate(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  target_[i] = target_[i] + x[i] * p.alpha;
}

@compute @workgroup_size(WG)
fn accumulate4(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let n4 = p.n / 4u;
  let first = ((wid.x + wid.y * nwg.x) * WG + lid) * 4u;
  for (var i = first; i < min(first + 4u, n4); i++) {
    target4[i] = target4[i] + x4[i] * p.alpha;
  }
}
