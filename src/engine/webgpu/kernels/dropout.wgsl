// dropout: inverted dropout (Srivastava et al. 2014) with a counter-based
// hash, so the mask is redrawn from (seed, i) instead of stored:
// out[i] = x[i] * keepScale where u(seed, i) >= rate, else 0, with
// u(seed, i) = (pcg(i ^ pcg(seed)) >> 8) / 2^24. Mirrors
// src/engine/random.ts bit for bit: PCG-RXS-M-XS 32 (O'Neill 2014, as in
// Jarzynski & Olano 2020), u32 arithmetic wraps exactly like Math.imul.

struct DropoutParams {
  n: u32,
  // u >= rate  <=>  hash bits >= ceil(rate * 2^24): an integer compare, so the
  // mask matches the float64 compare on the cpu even when rate is not an f32.
  keep_from: u32,
  seed: u32,
  // 1 / (1 - rate), computed in float64 on the host
  keep_scale: f32,
}

@group(0) @binding(0) var<uniform> p: DropoutParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

override WG: u32 = 64;

fn pcg_hash(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

@compute @workgroup_size(WG)
fn dropout(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.n) {
    return;
  }
  // The 24 bits of uniformAt(): u = bits / 2^24.
  let bits = pcg_hash(i ^ pcg_hash(p.seed)) >> 8u;
  out[i] = select(0.0, x[i] * p.keep_scale, bits >= p.keep_from);
}
