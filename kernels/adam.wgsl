// In place AdamW step (Kingma & Ba 2015, "Adam"; decoupled weight decay from Loshchilov & Hutter
// 2019, "Decoupled Weight Decay Regularization"), one invocation per parameter:
//   g = grad * clip_scale
//   param -= lr * weight_decay * param
//   m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
//   param -= lr * (m / correction1) / (sqrt(v / correction2) + eps)
// with correction_k = 1 - beta_k^step computed on the host. With clipping the grad scale is
// min(1, max_norm / (sqrt(norm_sq[0]) + 1e-6)), read on the GPU so the global gradient norm never
// needs a readback (norm_sq is the sumSquares of all gradients).

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

override WG: u32 = 64;

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
  var scale = 1.0;
  if (p.clip == 1u) {
    scale = min(1.0, p.max_norm / (sqrt(norm_sq[0]) + 1e-6));
  }
  let g = grad[i] * scale;
  var w = param[i];
  w -= p.lr * p.weight_decay * w;
  let mi = p.beta1 * m[i] + (1.0 - p.beta1) * g;
  let vi = p.beta2 * v[i] + (1.0 - p.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  param[i] = w - p.lr * (mi / p.correction1) / (sqrt(vi / p.correction2) + p.eps);
}
