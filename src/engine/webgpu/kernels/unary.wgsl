// unary: element-wise functions of one input and their gradients.
// The op is a uniform param (one pipeline for all ops; the branch is the same
// for every invocation, so it costs nothing measurable).
// Op codes (src/engine/webgpu/kernels/elementwise.ts): 0 relu, 1 gelu, 2 tanh, 3 sigmoid,
// 4 exp, 5 log, 6 neg, 7 sqrt, 8 square, 9 scale (x * alpha).
//
// gelu is the exact form (Hendrycks & Gimpel 2016, PyTorch's default):
// gelu(x) = x * Phi(x), Phi(x) = 0.5 * erfc(-x / sqrt 2). WGSL has no erf, so
// erfc uses Abramowitz & Stegun 7.1.26: for u >= 0,
// erfc(u) = (a1 t + a2 t^2 + a3 t^3 + a4 t^4 + a5 t^5) exp(-u^2), t = 1 / (1 + p u),
// absolute error <= 1.5e-7 in exact arithmetic (f32 rounding adds ~1e-7).
// Using erfc directly for the lower tail avoids the cancellation of 1 + erf(z).

struct UnaryParams {
  n: u32,
  op: u32,
  alpha: f32,
}

// Forward binds x, out; backward binds x, y, dy, dx. No entry point uses both
// variables declared at binding 2.
@group(0) @binding(0) var<uniform> p: UnaryParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;

override WG: u32 = 64;

const INV_SQRT2: f32 = 0.70710678118654752;
const INV_SQRT_2PI: f32 = 0.39894228040143268;

// erfc(u) for u >= 0, Abramowitz & Stegun 7.1.26 (|error| <= 1.5e-7).
fn erfc_nonneg(u: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.3275911 * u);
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return poly * exp(-u * u);
}

// Phi(x), the standard normal CDF.
fn normal_cdf(v: f32) -> f32 {
  let half_tail = 0.5 * erfc_nonneg(abs(v) * INV_SQRT2);
  return select(1.0 - half_tail, half_tail, v < 0.0);
}

// tanh that stays finite: tanh(15) rounds to 1 in f32, and some drivers
// compute tanh via exp(2x), which overflows for large |x|.
fn safe_tanh(v: f32) -> f32 {
  return tanh(clamp(v, -15.0, 15.0));
}

fn forward(op: u32, v: f32) -> f32 {
  switch op {
    case 0u: { return max(v, 0.0); }
    case 1u: { return v * normal_cdf(v); }
    case 2u: { return safe_tanh(v); }
    case 3u: { return 1.0 / (1.0 + exp(-v)); }
    case 4u: { return exp(v); }
    case 5u: { return log(v); }
    case 6u: { return -v; }
    case 7u: { return sqrt(v); }
    case 8u: { return v * v; }
    default: { return v * p.alpha; }
  }
}

// d op(x) / dx * g, given x, y = op(x) and the incoming gradient g.
fn backward(op: u32, xv: f32, yv: f32, g: f32) -> f32 {
  switch op {
    case 0u: { return select(0.0, g, xv > 0.0); }
    case 1u: {
      // d/dx x Phi(x) = Phi(x) + x phi(x)
      return g * (normal_cdf(xv) + xv * INV_SQRT_2PI * exp(-0.5 * xv * xv));
    }
    case 2u: { return g * (1.0 - yv * yv); }
    case 3u: { return g * yv * (1.0 - yv); }
    case 4u: { return g * yv; }
    case 5u: { return g / xv; }
    case 6u: { return -g; }
    case 7u: { return g * 0.5 / yv; }
    case 8u: { return g * 2.0 * xv; }
    default: { return g * p.alpha; }
  }
}

fn flat_index(wid: vec3u, nwg: vec3u, lid: u32) -> u32 {
  return (wid.x + wid.y * nwg.x) * WG + lid;
}

// out = op(x)
@compute @workgroup_size(WG)
fn unary_forward(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = flat_index(wid, nwg, lid);
  if (i >= p.n) {
    return;
  }
  out[i] = forward(p.op, x[i]);
}

// dx = dy * op'(x)
@compute @workgroup_size(WG)
fn unary_backward(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = flat_index(wid, nwg, lid);
  if (i >= p.n) {
    return;
  }
  dx[i] = backward(p.op, x[i], y[i], dy[i]);
}
