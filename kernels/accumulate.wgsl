// accumulate: target[i] += x[i] * alpha, in place (gradient accumulation).

struct AccumulateParams {
  n: u32,
  alpha: f32,
}

@group(0) @binding(0) var<uniform> p: AccumulateParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> target_: array<f32>;

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
