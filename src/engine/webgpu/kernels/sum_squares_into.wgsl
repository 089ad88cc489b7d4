// sum_squares_into: partials[index] = sum of x[i]^2 for i < n, in one dispatch of one workgroup
// (each lane sums a strided share, then lane 0 adds the lanes' sums). The grad-norm clip of
// Adam writes one partial per parameter this way, then one sum: ~70 dispatches per step
// instead of a two-pass reduction plus an accumulate per parameter.

struct SumSquaresParams {
  n: u32,
  index: u32,
}

@group(0) @binding(0) var<uniform> p: SumSquaresParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<f32>;

override WG: u32 = 64;

var<workgroup> lanes: array<f32, WG>;

@compute @workgroup_size(WG)
fn sum_squares_into(@builtin(local_invocation_index) lid: u32) {
  var acc = 0.0;
  for (var i = lid; i < p.n; i += WG) {
    let v = x[i];
    acc += v * v;
  }
  lanes[lid] = acc;
  workgroupBarrier();
  if (lid == 0u) {
    var total = 0.0;
    for (var j = 0u; j < WG; j++) {
      total += lanes[j];
    }
    partials[p.index] = total;
  }
}
