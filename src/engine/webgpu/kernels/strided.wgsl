// strided: a strided view of a storage as a contiguous copy (gather) and back (scatter_add,
// the gradient of a view added at the view's positions). The host pads the view to rank 6
// with leading size-1 dims and passes, per dim d, its size s_d and its stride t_d in the
// storage, plus the storage offset of element 0. One invocation per element: decompose its
// row-major index over the sizes (last dim fastest) and sum coordinate * stride.
// gather_rows / scatter_add_rows: the same when the last dim is contiguous (t5 = 1), one
// invocation per row of s5 elements, so the integer divisions are paid once per row.

struct StridedParams {
  n: u32,
  offset: u32,
  s0: u32, s1: u32, s2: u32, s3: u32, s4: u32, s5: u32,
  t0: u32, t1: u32, t2: u32, t3: u32, t4: u32, t5: u32,
}

@group(0) @binding(0) var<uniform> p: StridedParams;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

override WG: u32 = 64;

// The storage position of element (rest) of the view, rest a row-major index over s1..s5
// below dim 0 (written out: uniform struct fields cannot be indexed by a loop variable).
fn position(index: u32) -> u32 {
  var rest = index;
  var at = p.offset;
  at += (rest % p.s5) * p.t5; rest /= p.s5;
  at += (rest % p.s4) * p.t4; rest /= p.s4;
  at += (rest % p.s3) * p.t3; rest /= p.s3;
  at += (rest % p.s2) * p.t2; rest /= p.s2;
  at += (rest % p.s1) * p.t1; rest /= p.s1;
  return at + rest * p.t0;
}

// The storage position of the first element of row (row) of the view (rows of s5 elements).
fn row_position(row: u32) -> u32 {
  var rest = row;
  var at = p.offset;
  at += (rest % p.s4) * p.t4; rest /= p.s4;
  at += (rest % p.s3) * p.t3; rest /= p.s3;
  at += (rest % p.s2) * p.t2; rest /= p.s2;
  at += (rest % p.s1) * p.t1; rest /= p.s1;
  return at + rest * p.t0;
}

@compute @workgroup_size(WG)
fn gather(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  dst[i] = src[position(i)];
}

@compute @workgroup_size(WG)
fn gather_rows(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = (wid.x + wid.y * nwg.x) * WG + lid;
  if (row >= p.n) {
    return;
  }
  let first = row_position(row);
  let to = row * p.s5;
  for (var j = 0u; j < p.s5; j++) {
    dst[to + j] = src[first + j];
  }
}

// scatter_add: dst (the storage) += src (the view, contiguous) at the view's positions.
@compute @workgroup_size(WG)
fn scatter_add(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  let at = position(i);
  dst[at] = dst[at] + src[i];
}

@compute @workgroup_size(WG)
fn scatter_add_rows(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = (wid.x + wid.y * nwg.x) * WG + lid;
  if (row >= p.n) {
    return;
  }
  let to = row_position(row);
  let first = row * p.s5;
  for (var j = 0u; j < p.s5; j++) {
    dst[to + j] = dst[to + j] + src[first + j];
  }
}
