// accumulate_axis: dest viewed as [outer, axis_len, inner] gets source [outer, len, inner] added
// into the window [start, start + len) of its axis, in place. The gradient of a slice, added
// into a gradient that already holds other parts (the tape's sparse accumulation), without a
// zero-filled full-size temporary. One invocation per element of the window.

struct AxisParams {
  n: u32, // outer * len * inner
  inner: u32,
  len: u32,
  axis_len: u32,
  start: u32,
}

@group(0) @binding(0) var<uniform> p: AxisParams;
@group(0) @binding(1) var<storage, read> source: array<f32>;
@group(0) @binding(2) var<storage, read_write> dest: array<f32>;

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn accumulate_axis(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  let window = p.len * p.inner;
  let o = i / window;
  let r = i - o * window;
  let at = (o * p.axis_len + p.start) * p.inner + r;
  dest[at] = dest[at] + source[i];
}
