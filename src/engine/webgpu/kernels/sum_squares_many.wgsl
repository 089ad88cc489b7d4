// sum_squares_many: partials[index + j] = sum of xj[i]^2 over its nj elements, for up to 16
// tensors x0 .. x15 in one dispatch: workgroup j takes tensor j, each lane a strided share, then
// lane 0 adds the lanes' sums (as kernels/sum_squares_into.wgsl, one tensor per dispatch). Adam's
// global grad-norm clip writes its per-parameter partials in ceil(parameters / 16) dispatches
// this way instead of one per parameter: on llvmpipe the fixed cost of a dispatch is most of
// what a bias's partial costs. WGSL cannot index bindings or pass storage pointers, hence one
// switch case per binding.

struct SumSquaresManyParams {
  count: u32, // tensors in use (workgroups)
  index: u32, // partial of tensor 0
  n0: u32,
  n1: u32,
  n2: u32,
  n3: u32,
  n4: u32,
  n5: u32,
  n6: u32,
  n7: u32,
  n8: u32,
  n9: u32,
  n10: u32,
  n11: u32,
  n12: u32,
  n13: u32,
  n14: u32,
  n15: u32,
}

@group(0) @binding(0) var<uniform> p: SumSquaresManyParams;
@group(0) @binding(1) var<storage, read> x0: array<f32>;
@group(0) @binding(2) var<storage, read> x1: array<f32>;
@group(0) @binding(3) var<storage, read> x2: array<f32>;
@group(0) @binding(4) var<storage, read> x3: array<f32>;
@group(0) @binding(5) var<storage, read> x4: array<f32>;
@group(0) @binding(6) var<storage, read> x5: array<f32>;
@group(0) @binding(7) var<storage, read> x6: array<f32>;
@group(0) @binding(8) var<storage, read> x7: array<f32>;
@group(0) @binding(9) var<storage, read> x8: array<f32>;
@group(0) @binding(10) var<storage, read> x9: array<f32>;
@group(0) @binding(11) var<storage, read> x10: array<f32>;
@group(0) @binding(12) var<storage, read> x11: array<f32>;
@group(0) @binding(13) var<storage, read> x12: array<f32>;
@group(0) @binding(14) var<storage, read> x13: array<f32>;
@group(0) @binding(15) var<storage, read> x14: array<f32>;
@group(0) @binding(16) var<storage, read> x15: array<f32>;
@group(0) @binding(17) var<storage, read_write> partials: array<f32>;

override WG: u32 = 64;

var<workgroup> lanes: array<f32, WG>;

@compute @workgroup_size(WG)
fn sum_squares_many(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let j = wid.x;
  if (j >= p.count) {
    return; // uniform per workgroup: the barrier below is still reached by all its lanes
  }
  var acc = 0.0;
  switch j {
    case 0u: { for (var i = lid; i < p.n0; i += WG) { acc += x0[i] * x0[i]; } }
    case 1u: { for (var i = lid; i < p.n1; i += WG) { acc += x1[i] * x1[i]; } }
    case 2u: { for (var i = lid; i < p.n2; i += WG) { acc += x2[i] * x2[i]; } }
    case 3u: { for (var i = lid; i < p.n3; i += WG) { acc += x3[i] * x3[i]; } }
    case 4u: { for (var i = lid; i < p.n4; i += WG) { acc += x4[i] * x4[i]; } }
    case 5u: { for (var i = lid; i < p.n5; i += WG) { acc += x5[i] * x5[i]; } }
    case 6u: { for (var i = lid; i < p.n6; i += WG) { acc += x6[i] * x6[i]; } }
    case 7u: { for (var i = lid; i < p.n7; i += WG) { acc += x7[i] * x7[i]; } }
    case 8u: { for (var i = lid; i < p.n8; i += WG) { acc += x8[i] * x8[i]; } }
    case 9u: { for (var i = lid; i < p.n9; i += WG) { acc += x9[i] * x9[i]; } }
    case 10u: { for (var i = lid; i < p.n10; i += WG) { acc += x10[i] * x10[i]; } }
    case 11u: { for (var i = lid; i < p.n11; i += WG) { acc += x11[i] * x11[i]; } }
    case 12u: { for (var i = lid; i < p.n12; i += WG) { acc += x12[i] * x12[i]; } }
    case 13u: { for (var i = lid; i < p.n13; i += WG) { acc += x13[i] * x13[i]; } }
    case 14u: { for (var i = lid; i < p.n14; i += WG) { acc += x14[i] * x14[i]; } }
    case 15u: { for (var i = lid; i < p.n15; i += WG) { acc += x15[i] * x15[i]; } }
    default: {}
  }
  lanes[lid] = acc;
  workgroupBarrier();
  if (lid == 0u) {
    var total = 0.0;
    for (var l = 0u; l < WG; l++) {
      total += lanes[l];
    }
    partials[p.index + j] = total;
  }
}
