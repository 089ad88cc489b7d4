// slice: copies along one axis of a contiguous tensor viewed as
// [outer, axisLen, inner]. slice_axis reads the window [start, start + len)
// into a fresh [outer, len, inner]; write_axis writes [outer, len, inner] into
// that window of an existing buffer, in place. One invocation per element of
// the window.

struct AxisParams {
  // elements in the window: outer * len * inner
  n: u32,
  inner: u32,
  len: u32,
  axis_len: u32,
  start: u32,
}

@group(0) @binding(0) var<uniform> p: AxisParams;
@group(0) @binding(1) var<storage, read> source: array<f32>;
@group(0) @binding(2) var<storage, read_write> dest: array<f32>;

override WG: u32 = 64;

// Offset in the [outer, axisLen, inner] tensor of window element i.
fn full_offset(i: u32) -> u32 {
  let window = p.len * p.inner;
  let o = i / window;
  let r = i - o * window;
  return (o * p.axis_len + p.start) * p.inner + r;
}

@compute @workgroup_size(WG)
fn slice_axis(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  dest[i] = source[full_offset(i)];
}

@compute @workgroup_size(WG)
fn write_axis(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  dest[full_offset(i)] = source[i];
}
