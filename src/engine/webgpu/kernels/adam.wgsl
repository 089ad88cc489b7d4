// In place AdamW step (Kingma & Ba 2015, "Adam"; decoupled weight decay from Loshchilov & Hutter
// 2019, "Decoupled Weight Decay Regularization"), one invocation per parameter:
//   g = grad * clip_scale
//   param -= lr * weight_decay * param
//   m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
//   param -= lr * (m / correction1) / (sqrt(v / correction2) + eps)
// with correction_k = 1 - beta_k^step computed on the host. With clipping the grad scale is
// min(1, max_norm / (sqrt(norm_sq[0]) + 1e-6)), read on the GPU so the global gradient norm never
// needs a readback (norm_sq is the sumSquares of all gradients).
// adam_step4 does the same for n a multiple of 4, 16 elements (4 vec4s) per invocation: fewer
// workgroups, each of which has a fixed cost on llvmpipe.

struct AdamParams {
  n: u32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  correction1: f32,
  correction2: f32,
  weight_decay: f32,
  clip: u32, // 1 = scale grads by the global-norm clip factor
  max_norm: f32,
}

@group(0) @binding(0) var<uniform> p: AdamParams;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read> norm_sq: array<f32>; // unread when p.clip == 0
@group(0) @binding(3) var<storage, read_write> param: array<f32>;
@group(0) @binding(4) var<storage, read_write> m: array<f32>;
@group(0) @binding(5) var<storage, read_write> v: array<f32>;
// adam_step4 (no entry point uses both names of one binding)
@group(0) @binding(1) var<storage, read> grad4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> param4: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> m4: array<vec4<f32>>;
@group(0) @binding(5) var<storage, read_write> v4: array<vec4<f32>>;

override WG: u32 = 64;

/** The clip factor of the gradients (1 without clipping). */
fn grad_scale() -> f32 {
  if (p.clip == 1u) {
    return min(1.0, p.max_norm / (sqrt(norm_sq[0]) + 1e-6));
  }
  return 1.0;
}

@compute @workgroup_size(WG)
fn adam_step(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  let g = grad[i] * grad_scale();
  var w = param[i];
  w -= p.lr * p.weight_decay * w;
  let mi = p.beta1 * m[i] + (1.0 - p.beta1) * g;
  let vi = p.beta2 * v[i] + (1.0 - p.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  param[i] = w - p.lr * (mi / p.correction1) / (sqrt(vi / p.correction2) + p.eps);
}

@compute @workgroup_size(WG)
fn adam_step4(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let n4 = p.n / 4u;
  let first = ((wid.x + wid.y * nwg.x) * WG + lid) * 4u;
  let scale = grad_scale();
  for (var i = first; i < min(first + 4u, n4); i++) {
    let g = grad4[i] * scale;
    var w = param4[i];
    w -= p.lr * p.weight_decay * w;
    let mi = p.beta1 * m4[i] + (1.0 - p.beta1) * g;
    let vi = p.beta2 * v4[i] + (1.0 - p.beta2) * g * g;
    m4[i] = mi;
    v4[i] = vi;
    param4[i] = w - p.lr * (mi / p.correction1) / (sqrt(vi / p.correction2) + p.eps);
  }
}
