// gru_sequence: a whole GRU layer over a sequence in ONE dispatch (Cho et al. 2014; nn.GRU's
// gate order r, z, n), and its backward in one more. The per-step path records a recurrent matmul,
// a cell and the slices that join the steps for every time step, forward and backward; on llvmpipe
// the fixed cost of those dispatches outweighs their arithmetic. Here the time loop runs inside the
// kernel:
//   hp = W_hh h + b_hh, r = sigmoid(xr + hr), z = sigmoid(xz + hz), n = tanh(xn + r * hn),
//   h' = n + z * (h - n).
// Rows past a sequence's length (right padding) carry their state unchanged, so out[:, S-1] is each
// row's state after its last real token.
//
// Layout: workgroup w owns batch rows w ROWS .. w ROWS + ROWS - 1 (ROWS <= 8; fewer for small
// batches) and keeps their h in workgroup memory; invocation i owns the "quad" of 4 consecutive
// hidden units 4i..4i+3 (then 4(i + WG).., ...), so every load and store of a row's values is one
// vec4 (H must be a multiple of 4; the host steps through time otherwise). On llvmpipe each load
// inside a loop is a gather over the SIMD lanes that costs about as much for a vec4 as for a
// float, so the products are register-blocked like kernels/matmul_blocked.wgsl's: per 4 k an
// invocation loads 12 vec4 of W_hh (its 4 units x 3 gates) and 8 vec4 of h for 384
// multiply-adds. Measured on llvmpipe (B 64, S 12, forward, CPU time at H 64 / 128): one unit x 4
// rows per invocation with scalar loads 7.6 / 26 ms, with vec4 weights 4.9 / 17 ms, this layout
// (a quad x 8 rows) 3.0 / 10.5 ms; 16 rows gained nothing (the accumulators spill). The per-step
// path took 5 / 11 ms. The backward's W_hh^T dhp takes two quads per invocation (8 vec4 of weights
// and 8 of gradients per 4 gate rows): 5.4 -> 4.4 ms at H 64.
// WG is 8, llvmpipe's SIMD width, so a barrier never switches between coroutines. h is
// double-buffered (step t reads slot t % 2, writes the other), so one barrier per step separates
// reading from overwriting; the backward's dL/dh starts from workgroup memory's zero
// initialization.
//
// Entry points:
// gru_sequence_forward: out [B, S, H] and saved [B, S, 4H] (r, z, n, hn per step: the backward's).
// gru_sequence_infer: out only (inference keeps no gates).
// gru_sequence_backward: walks t = S-1..0 with dL/dh carried in workgroup memory: dxp [B, S, 3H],
//   dhp [B, S, 3H] (gradient w.r.t. W_hh h + b_hh per step), dh0 [B, H], and h_prev [B, S, H]
//   (the state each step started from) so the host gets dW_hh = dhp^T h_prev as one matmul.
// Every buffer is read and written as vec4: index = (float index) / 4. The 8 rows' code is spelled
// out row by row rather than looped over an array: naga + llvmpipe keep loops over private arrays
// rolled and in memory (see kernels/matmul_blocked.wgsl).

struct GruSequenceParams {
  batch: u32,
  steps: u32,
  hidden: u32,
  quads: u32, // hidden / 4
}

@group(0) @binding(0) var<uniform> p: GruSequenceParams;
// forward and infer: projected input, recurrent weights and bias, initial state, lengths.
@group(0) @binding(1) var<storage, read> xp: array<vec4<f32>>; // [B, S, 3H] = W_ih x + b_ih
@group(0) @binding(2) var<storage, read> w_hh: array<vec4<f32>>; // [3H, H] (also the backward's)
@group(0) @binding(3) var<storage, read> b_hh: array<vec4<f32>>; // [3H]
@group(0) @binding(4) var<storage, read> h0: array<vec4<f32>>; // [B, H] (also the backward's)
@group(0) @binding(5) var<storage, read> lengths: array<f32>; // [B] (also the backward's)
@group(0) @binding(6) var<storage, read_write> out: array<vec4<f32>>; // [B, S, H]
@group(0) @binding(7) var<storage, read_write> saved: array<vec4<f32>>; // [B, S, 4H]
// backward: binding 1 is the saved gates, 3 the forward's out, 6 dL/dout, then the outputs.
@group(0) @binding(1) var<storage, read> saved_in: array<vec4<f32>>; // [B, S, 4H]
@group(0) @binding(3) var<storage, read> states: array<vec4<f32>>; // [B, S, H]
@group(0) @binding(6) var<storage, read> d_out: array<vec4<f32>>; // [B, S, H]
@group(0) @binding(7) var<storage, read_write> dxp: array<vec4<f32>>; // [B, S, 3H]
@group(0) @binding(8) var<storage, read_write> dhp: array<vec4<f32>>; // [B, S, 3H]
@group(0) @binding(9) var<storage, read_write> dh0: array<vec4<f32>>; // [B, H]
@group(0) @binding(10) var<storage, read_write> h_prev: array<vec4<f32>>; // [B, S, H]

override WG: u32 = 8;
// Quads (4 units) the workgroup arrays hold per row (>= hidden / 4); the host sizes it per hidden
// size and keeps the arrays within the device's workgroup storage.
override CAPQ: u32 = 16;
// Batch rows per workgroup, at most 8 (the code spells out 8 rows; rows past ROWS drop out when
// the pipeline is specialized): fewer for small batches, whose extra rows would be wasted work.
override ROWS: u32 = 8u;

// forward: h, [slot][row][quad].
var<workgroup> h_ws: array<vec4<f32>, 2u * ROWS * CAPQ>;
// backward: gradient w.r.t. W_hh h + b_hh of the current step, [row][gate][quad], and dL/dh
// carried back through time, [row][quad].
var<workgroup> dg_ws: array<vec4<f32>, 3u * ROWS * CAPQ>;
var<workgroup> dh_ws: array<vec4<f32>, ROWS * CAPQ>;

/** A vec4 (4 consecutive units) for each of the workgroup's 8 rows. */
struct Rows8 {
  r0: vec4<f32>,
  r1: vec4<f32>,
  r2: vec4<f32>,
  r3: vec4<f32>,
  r4: vec4<f32>,
  r5: vec4<f32>,
  r6: vec4<f32>,
  r7: vec4<f32>,
}

/** Two quads' values for each row. */
struct Rows8x2 {
  a: Rows8,
  b: Rows8,
}

/** W_hh h per gate (r, z, n) for the quad's units, each row. */
struct Gates8 {
  r: Rows8,
  z: Rows8,
  n: Rows8,
}

fn sigmoid4(v: vec4<f32>) -> vec4<f32> {
  return 1.0 / (1.0 + exp(-v));
}

// tanh that stays finite for large |v| on every driver (as unary.wgsl's).
fn tanh4(v: vec4<f32>) -> vec4<f32> {
  return tanh(clamp(v, vec4<f32>(-15.0), vec4<f32>(15.0)));
}

fn first_row(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return (wid.x + wid.y * nwg.x) * ROWS;
}

/** Row b's real length; rows past the batch get 0 (they never run and are never stored). */
fn length_of(b: u32) -> u32 {
  if (b >= p.batch) {
    return 0u;
  }
  return u32(lengths[b]);
}

/** Loads h0 into slot 0 (rows past the batch repeat the last row; they are never stored). */
fn load_h0(first: u32, lid: u32) {
  let Q = p.quads;
  for (var q = lid; q < Q; q += WG) {
    h_ws[0u * CAPQ + q] = h0[min(first + 0u, p.batch - 1u) * Q + q];
    if (ROWS > 1u) {
      h_ws[1u * CAPQ + q] = h0[min(first + 1u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 2u) {
      h_ws[2u * CAPQ + q] = h0[min(first + 2u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 3u) {
      h_ws[3u * CAPQ + q] = h0[min(first + 3u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 4u) {
      h_ws[4u * CAPQ + q] = h0[min(first + 4u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 5u) {
      h_ws[5u * CAPQ + q] = h0[min(first + 5u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 6u) {
      h_ws[6u * CAPQ + q] = h0[min(first + 6u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 7u) {
      h_ws[7u * CAPQ + q] = h0[min(first + 7u, p.batch - 1u) * Q + q];
    }
  }
}

/**
 * W_hh h for gates r, z, n of the 4 units of quad q and the 8 rows, reading h from slot `cur`:
 * per 4 k, 12 vec4 of weights (one per gate and unit, 4 consecutive k) and 8 vec4 of state feed
 * 384 multiply-adds. Result: one vec4 (over the quad's units) per gate and row.
 */
fn recurrent(cur: u32, q: u32) -> Gates8 {
  let Q = p.quads;
  var r0 = vec4<f32>(0.0);
  var r1 = vec4<f32>(0.0);
  var r2 = vec4<f32>(0.0);
  var r3 = vec4<f32>(0.0);
  var r4 = vec4<f32>(0.0);
  var r5 = vec4<f32>(0.0);
  var r6 = vec4<f32>(0.0);
  var r7 = vec4<f32>(0.0);
  var z0 = vec4<f32>(0.0);
  var z1 = vec4<f32>(0.0);
  var z2 = vec4<f32>(0.0);
  var z3 = vec4<f32>(0.0);
  var z4 = vec4<f32>(0.0);
  var z5 = vec4<f32>(0.0);
  var z6 = vec4<f32>(0.0);
  var z7 = vec4<f32>(0.0);
  var n0 = vec4<f32>(0.0);
  var n1 = vec4<f32>(0.0);
  var n2 = vec4<f32>(0.0);
  var n3 = vec4<f32>(0.0);
  var n4 = vec4<f32>(0.0);
  var n5 = vec4<f32>(0.0);
  var n6 = vec4<f32>(0.0);
  var n7 = vec4<f32>(0.0);
  for (var kq = 0u; kq < Q; kq++) {
    let wr0 = w_hh[(0u * Q + q) * 4u * Q + 0u * Q + kq];
    let wr1 = w_hh[(0u * Q + q) * 4u * Q + 1u * Q + kq];
    let wr2 = w_hh[(0u * Q + q) * 4u * Q + 2u * Q + kq];
    let wr3 = w_hh[(0u * Q + q) * 4u * Q + 3u * Q + kq];
    let wz0 = w_hh[(1u * Q + q) * 4u * Q + 0u * Q + kq];
    let wz1 = w_hh[(1u * Q + q) * 4u * Q + 1u * Q + kq];
    let wz2 = w_hh[(1u * Q + q) * 4u * Q + 2u * Q + kq];
    let wz3 = w_hh[(1u * Q + q) * 4u * Q + 3u * Q + kq];
    let wn0 = w_hh[(2u * Q + q) * 4u * Q + 0u * Q + kq];
    let wn1 = w_hh[(2u * Q + q) * 4u * Q + 1u * Q + kq];
    let wn2 = w_hh[(2u * Q + q) * 4u * Q + 2u * Q + kq];
    let wn3 = w_hh[(2u * Q + q) * 4u * Q + 3u * Q + kq];
    let h0 = h_ws[cur + 0u * CAPQ + kq];
    r0 += vec4<f32>(dot(wr0, h0), dot(wr1, h0), dot(wr2, h0), dot(wr3, h0));
    z0 += vec4<f32>(dot(wz0, h0), dot(wz1, h0), dot(wz2, h0), dot(wz3, h0));
    n0 += vec4<f32>(dot(wn0, h0), dot(wn1, h0), dot(wn2, h0), dot(wn3, h0));
    if (ROWS > 1u) {
      let h1 = h_ws[cur + 1u * CAPQ + kq];
      r1 += vec4<f32>(dot(wr0, h1), dot(wr1, h1), dot(wr2, h1), dot(wr3, h1));
      z1 += vec4<f32>(dot(wz0, h1), dot(wz1, h1), dot(wz2, h1), dot(wz3, h1));
      n1 += vec4<f32>(dot(wn0, h1), dot(wn1, h1), dot(wn2, h1), dot(wn3, h1));
    }
    if (ROWS > 2u) {
      let h2 = h_ws[cur + 2u * CAPQ + kq];
      r2 += vec4<f32>(dot(wr0, h2), dot(wr1, h2), dot(wr2, h2), dot(wr3, h2));
      z2 += vec4<f32>(dot(wz0, h2), dot(wz1, h2), dot(wz2, h2), dot(wz3, h2));
      n2 += vec4<f32>(dot(wn0, h2), dot(wn1, h2), dot(wn2, h2), dot(wn3, h2));
    }
    if (ROWS > 3u) {
      let h3 = h_ws[cur + 3u * CAPQ + kq];
      r3 += vec4<f32>(dot(wr0, h3), dot(wr1, h3), dot(wr2, h3), dot(wr3, h3));
      z3 += vec4<f32>(dot(wz0, h3), dot(wz1, h3), dot(wz2, h3), dot(wz3, h3));
      n3 += vec4<f32>(dot(wn0, h3), dot(wn1, h3), dot(wn2, h3), dot(wn3, h3));
    }
    if (ROWS > 4u) {
      let h4 = h_ws[cur + 4u * CAPQ + kq];
      r4 += vec4<f32>(dot(wr0, h4), dot(wr1, h4), dot(wr2, h4), dot(wr3, h4));
      z4 += vec4<f32>(dot(wz0, h4), dot(wz1, h4), dot(wz2, h4), dot(wz3, h4));
      n4 += vec4<f32>(dot(wn0, h4), dot(wn1, h4), dot(wn2, h4), dot(wn3, h4));
    }
    if (ROWS > 5u) {
      let h5 = h_ws[cur + 5u * CAPQ + kq];
      r5 += vec4<f32>(dot(wr0, h5), dot(wr1, h5), dot(wr2, h5), dot(wr3, h5));
      z5 += vec4<f32>(dot(wz0, h5), dot(wz1, h5), dot(wz2, h5), dot(wz3, h5));
      n5 += vec4<f32>(dot(wn0, h5), dot(wn1, h5), dot(wn2, h5), dot(wn3, h5));
    }
    if (ROWS > 6u) {
      let h6 = h_ws[cur + 6u * CAPQ + kq];
      r6 += vec4<f32>(dot(wr0, h6), dot(wr1, h6), dot(wr2, h6), dot(wr3, h6));
      z6 += vec4<f32>(dot(wz0, h6), dot(wz1, h6), dot(wz2, h6), dot(wz3, h6));
      n6 += vec4<f32>(dot(wn0, h6), dot(wn1, h6), dot(wn2, h6), dot(wn3, h6));
    }
    if (ROWS > 7u) {
      let h7 = h_ws[cur + 7u * CAPQ + kq];
      r7 += vec4<f32>(dot(wr0, h7), dot(wr1, h7), dot(wr2, h7), dot(wr3, h7));
      z7 += vec4<f32>(dot(wz0, h7), dot(wz1, h7), dot(wz2, h7), dot(wz3, h7));
      n7 += vec4<f32>(dot(wn0, h7), dot(wn1, h7), dot(wn2, h7), dot(wn3, h7));
    }
  }
  return Gates8(
    Rows8(r0, r1, r2, r3, r4, r5, r6, r7),
    Rows8(z0, z1, z2, z3, z4, z5, z6, z7),
    Rows8(n0, n1, n2, n3, n4, n5, n6, n7),
  );
}

@compute @workgroup_size(WG)
fn gru_sequence_forward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let first = first_row(wid, nwg);
  if (first >= p.batch) {
    return; // the whole workgroup leaves: the barriers below stay uniform
  }
  let Q = p.quads;
  let S = p.steps;
  load_h0(first, lid);
  workgroupBarrier();
  for (var t = 0u; t < S; t++) {
    let cur = (t & 1u) * ROWS * CAPQ;
    let nxt = ROWS * CAPQ - cur;
    for (var q = lid; q < Q; q += WG) {
      let a = recurrent(cur, q);
      let br = b_hh[q];
      let bz = b_hh[Q + q];
      let bn = b_hh[2u * Q + q];
    {
      let b = first + 0u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 0u * CAPQ + q];
      let hn = a.n.r0 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r0 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r0 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 0u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
        let o = (b * S + t) * 4u * Q + q;
        saved[o] = rg;
        saved[o + Q] = zg;
        saved[o + 2u * Q] = ng;
        saved[o + 3u * Q] = hn;
      }
    }
    if (ROWS > 1u) {
      let b = first + 1u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 1u * CAPQ + q];
      let hn = a.n.r1 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r1 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r1 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 1u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
        let o = (b * S + t) * 4u * Q + q;
        saved[o] = rg;
        saved[o + Q] = zg;
        saved[o + 2u * Q] = ng;
        saved[o + 3u * Q] = hn;
      }
    }
    if (ROWS > 2u) {
      let b = first + 2u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 2u * CAPQ + q];
      let hn = a.n.r2 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r2 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r2 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 2u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
        let o = (b * S + t) * 4u * Q + q;
        saved[o] = rg;
        saved[o + Q] = zg;
        saved[o + 2u * Q] = ng;
        saved[o + 3u * Q] = hn;
      }
    }
    if (ROWS > 3u) {
      let b = first + 3u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 3u * CAPQ + q];
      let hn = a.n.r3 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r3 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r3 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 3u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
        let o = (b * S + t) * 4u * Q + q;
        saved[o] = rg;
        saved[o + Q] = zg;
        saved[o + 2u * Q] = ng;
        saved[o + 3u * Q] = hn;
      }
    }
    if (ROWS > 4u) {
      let b = first + 4u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 4u * CAPQ + q];
      let hn = a.n.r4 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r4 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r4 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 4u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
        let o = (b * S + t) * 4u * Q + q;
        saved[o] = rg;
        saved[o + Q] = zg;
        saved[o + 2u * Q] = ng;
        saved[o + 3u * Q] = hn;
      }
    }
    if (ROWS > 5u) {
      let b = first + 5u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 5u * CAPQ + q];
      let hn = a.n.r5 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r5 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r5 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 5u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
        let o = (b * S + t) * 4u * Q + q;
        saved[o] = rg;
        saved[o + Q] = zg;
        saved[o + 2u * Q] = ng;
        saved[o + 3u * Q] = hn;
      }
    }
    if (ROWS > 6u) {
      let b = first + 6u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 6u * CAPQ + q];
      let hn = a.n.r6 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r6 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r6 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 6u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
        let o = (b * S + t) * 4u * Q + q;
        saved[o] = rg;
        saved[o + Q] = zg;
        saved[o + 2u * Q] = ng;
        saved[o + 3u * Q] = hn;
      }
    }
    if (ROWS > 7u) {
      let b = first + 7u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 7u * CAPQ + q];
      let hn = a.n.r7 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r7 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r7 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 7u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
        let o = (b * S + t) * 4u * Q + q;
        saved[o] = rg;
        saved[o + Q] = zg;
        saved[o + 2u * Q] = ng;
        saved[o + 3u * Q] = hn;
      }
    }
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WG)
fn gru_sequence_infer(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let first = first_row(wid, nwg);
  if (first >= p.batch) {
    return; // the whole workgroup leaves: the barriers below stay uniform
  }
  let Q = p.quads;
  let S = p.steps;
  load_h0(first, lid);
  workgroupBarrier();
  for (var t = 0u; t < S; t++) {
    let cur = (t & 1u) * ROWS * CAPQ;
    let nxt = ROWS * CAPQ - cur;
    for (var q = lid; q < Q; q += WG) {
      let a = recurrent(cur, q);
      let br = b_hh[q];
      let bz = b_hh[Q + q];
      let bn = b_hh[2u * Q + q];
    {
      let b = first + 0u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 0u * CAPQ + q];
      let hn = a.n.r0 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r0 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r0 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 0u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
      }
    }
    if (ROWS > 1u) {
      let b = first + 1u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 1u * CAPQ + q];
      let hn = a.n.r1 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r1 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r1 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 1u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
      }
    }
    if (ROWS > 2u) {
      let b = first + 2u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 2u * CAPQ + q];
      let hn = a.n.r2 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r2 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r2 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 2u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
      }
    }
    if (ROWS > 3u) {
      let b = first + 3u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 3u * CAPQ + q];
      let hn = a.n.r3 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r3 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r3 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 3u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
      }
    }
    if (ROWS > 4u) {
      let b = first + 4u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 4u * CAPQ + q];
      let hn = a.n.r4 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r4 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r4 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 4u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
      }
    }
    if (ROWS > 5u) {
      let b = first + 5u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 5u * CAPQ + q];
      let hn = a.n.r5 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r5 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r5 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 5u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
      }
    }
    if (ROWS > 6u) {
      let b = first + 6u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 6u * CAPQ + q];
      let hn = a.n.r6 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r6 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r6 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 6u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
      }
    }
    if (ROWS > 7u) {
      let b = first + 7u;
      let run = t < length_of(b);
      let bb = min(b, p.batch - 1u);
      let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
      let prev = h_ws[cur + 7u * CAPQ + q];
      let hn = a.n.r7 + bn;
      let rg = sigmoid4(xp[x] + (a.r.r7 + br));
      let zg = sigmoid4(xp[x + Q] + (a.z.r7 + bz));
      let ng = tanh4(xp[x + 2u * Q] + rg * hn);
      let next = select(prev, ng + zg * (prev - ng), run);
      h_ws[nxt + 7u * CAPQ + q] = next;
      if (b < p.batch) {
        out[(b * S + t) * Q + q] = next;
      }
    }
    }
    workgroupBarrier();
  }
}

// --- backward ---------------------------------------------------------------------------------

/**
 * W_hh^T dhp for the 8 units of quads q and q2 (as k) and the 8 rows: per 4 gate rows j,
 * 8 vec4 of weights (rows j..j+3, each quad's 4 columns) and 8 vec4 of gradients feed
 * 256 multiply-adds. Result: quad q's rows, then quad q2's.
 */
fn recurrent_backward(q: u32, q2: u32) -> Rows8x2 {
  let Q = p.quads;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);
  var b0 = vec4<f32>(0.0);
  var b1 = vec4<f32>(0.0);
  var b2 = vec4<f32>(0.0);
  var b3 = vec4<f32>(0.0);
  var b4 = vec4<f32>(0.0);
  var b5 = vec4<f32>(0.0);
  var b6 = vec4<f32>(0.0);
  var b7 = vec4<f32>(0.0);
  for (var jq = 0u; jq < 3u * Q; jq++) {
    // Gate rows 4 jq .. 4 jq + 3 of W_hh, columns 4q .. 4q + 3 and 4q2 .. 4q2 + 3.
    let w0 = w_hh[(4u * jq + 0u) * Q + q];
    let w1 = w_hh[(4u * jq + 1u) * Q + q];
    let w2 = w_hh[(4u * jq + 2u) * Q + q];
    let w3 = w_hh[(4u * jq + 3u) * Q + q];
    let v0 = w_hh[(4u * jq + 0u) * Q + q2];
    let v1 = w_hh[(4u * jq + 1u) * Q + q2];
    let v2 = w_hh[(4u * jq + 2u) * Q + q2];
    let v3 = w_hh[(4u * jq + 3u) * Q + q2];
    let g0 = dg_ws[0u * 3u * CAPQ + jq];
    a0 += w0 * g0.x + w1 * g0.y + w2 * g0.z + w3 * g0.w;
    b0 += v0 * g0.x + v1 * g0.y + v2 * g0.z + v3 * g0.w;
    if (ROWS > 1u) {
      let g1 = dg_ws[1u * 3u * CAPQ + jq];
      a1 += w0 * g1.x + w1 * g1.y + w2 * g1.z + w3 * g1.w;
      b1 += v0 * g1.x + v1 * g1.y + v2 * g1.z + v3 * g1.w;
    }
    if (ROWS > 2u) {
      let g2 = dg_ws[2u * 3u * CAPQ + jq];
      a2 += w0 * g2.x + w1 * g2.y + w2 * g2.z + w3 * g2.w;
      b2 += v0 * g2.x + v1 * g2.y + v2 * g2.z + v3 * g2.w;
    }
    if (ROWS > 3u) {
      let g3 = dg_ws[3u * 3u * CAPQ + jq];
      a3 += w0 * g3.x + w1 * g3.y + w2 * g3.z + w3 * g3.w;
      b3 += v0 * g3.x + v1 * g3.y + v2 * g3.z + v3 * g3.w;
    }
    if (ROWS > 4u) {
      let g4 = dg_ws[4u * 3u * CAPQ + jq];
      a4 += w0 * g4.x + w1 * g4.y + w2 * g4.z + w3 * g4.w;
      b4 += v0 * g4.x + v1 * g4.y + v2 * g4.z + v3 * g4.w;
    }
    if (ROWS > 5u) {
      let g5 = dg_ws[5u * 3u * CAPQ + jq];
      a5 += w0 * g5.x + w1 * g5.y + w2 * g5.z + w3 * g5.w;
      b5 += v0 * g5.x + v1 * g5.y + v2 * g5.z + v3 * g5.w;
    }
    if (ROWS > 6u) {
      let g6 = dg_ws[6u * 3u * CAPQ + jq];
      a6 += w0 * g6.x + w1 * g6.y + w2 * g6.z + w3 * g6.w;
      b6 += v0 * g6.x + v1 * g6.y + v2 * g6.z + v3 * g6.w;
    }
    if (ROWS > 7u) {
      let g7 = dg_ws[7u * 3u * CAPQ + jq];
      a7 += w0 * g7.x + w1 * g7.y + w2 * g7.z + w3 * g7.w;
      b7 += v0 * g7.x + v1 * g7.y + v2 * g7.z + v3 * g7.w;
    }
  }
  return Rows8x2(Rows8(a0, a1, a2, a3, a4, a5, a6, a7), Rows8(b0, b1, b2, b3, b4, b5, b6, b7));
}

@compute @workgroup_size(WG)
fn gru_sequence_backward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let first = first_row(wid, nwg);
  if (first >= p.batch) {
    return;
  }
  let Q = p.quads;
  let S = p.steps;
  let zero = vec4<f32>(0.0);
  for (var s = 0u; s < S; s++) {
    let t = S - 1u - s;
    // 1. Through the gates (h' = n + z (h - n), n = tanh(xn + r hn), r and z sigmoids).
    for (var q = lid; q < Q; q += WG) {
      {
        let b = first + 0u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let at = (bb * S + t) * Q + q;
        let d = dh_ws[0u * CAPQ + q] + d_out[at]; // dL/dh' of this step
        let s = (bb * S + t) * 4u * Q + q;
        let rg = saved_in[s];
        let zg = saved_in[s + Q];
        let ng = saved_in[s + 2u * Q];
        let hn = saved_in[s + 3u * Q];
        var prev: vec4<f32>;
        if (t == 0u) {
          prev = h0[bb * Q + q];
        } else {
          prev = states[at - Q];
        }
        let dan = select(zero, (d * (1.0 - zg)) * (1.0 - ng * ng), run); // through tanh
        let daz = select(zero, (d * (prev - ng)) * (zg * (1.0 - zg)), run); // through sigmoid
        let dar = (dan * hn) * (rg * (1.0 - rg));
        let dhn = dan * rg;
        dg_ws[0u * 3u * CAPQ + q] = dar;
        dg_ws[0u * 3u * CAPQ + Q + q] = daz;
        dg_ws[0u * 3u * CAPQ + 2u * Q + q] = dhn;
        dh_ws[0u * CAPQ + q] = select(d, d * zg, run); // padded steps pass d through
        if (b < p.batch) {
          let g = (b * S + t) * 3u * Q + q;
          dxp[g] = dar;
          dxp[g + Q] = daz;
          dxp[g + 2u * Q] = dan;
          dhp[g] = dar;
          dhp[g + Q] = daz;
          dhp[g + 2u * Q] = dhn;
          h_prev[(b * S + t) * Q + q] = prev;
        }
      }
      if (ROWS > 1u) {
        let b = first + 1u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let at = (bb * S + t) * Q + q;
        let d = dh_ws[1u * CAPQ + q] + d_out[at]; // dL/dh' of this step
        let s = (bb * S + t) * 4u * Q + q;
        let rg = saved_in[s];
        let zg = saved_in[s + Q];
        let ng = saved_in[s + 2u * Q];
        let hn = saved_in[s + 3u * Q];
        var prev: vec4<f32>;
        if (t == 0u) {
          prev = h0[bb * Q + q];
        } else {
          prev = states[at - Q];
        }
        let dan = select(zero, (d * (1.0 - zg)) * (1.0 - ng * ng), run); // through tanh
        let daz = select(zero, (d * (prev - ng)) * (zg * (1.0 - zg)), run); // through sigmoid
        let dar = (dan * hn) * (rg * (1.0 - rg));
        let dhn = dan * rg;
        dg_ws[1u * 3u * CAPQ + q] = dar;
        dg_ws[1u * 3u * CAPQ + Q + q] = daz;
        dg_ws[1u * 3u * CAPQ + 2u * Q + q] = dhn;
        dh_ws[1u * CAPQ + q] = select(d, d * zg, run); // padded steps pass d through
        if (b < p.batch) {
          let g = (b * S + t) * 3u * Q + q;
          dxp[g] = dar;
          dxp[g + Q] = daz;
          dxp[g + 2u * Q] = dan;
          dhp[g] = dar;
          dhp[g + Q] = daz;
          dhp[g + 2u * Q] = dhn;
          h_prev[(b * S + t) * Q + q] = prev;
        }
      }
      if (ROWS > 2u) {
        let b = first + 2u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let at = (bb * S + t) * Q + q;
        let d = dh_ws[2u * CAPQ + q] + d_out[at]; // dL/dh' of this step
        let s = (bb * S + t) * 4u * Q + q;
        let rg = saved_in[s];
        let zg = saved_in[s + Q];
        let ng = saved_in[s + 2u * Q];
        let hn = saved_in[s + 3u * Q];
        var prev: vec4<f32>;
        if (t == 0u) {
          prev = h0[bb * Q + q];
        } else {
          prev = states[at - Q];
        }
        let dan = select(zero, (d * (1.0 - zg)) * (1.0 - ng * ng), run); // through tanh
        let daz = select(zero, (d * (prev - ng)) * (zg * (1.0 - zg)), run); // through sigmoid
        let dar = (dan * hn) * (rg * (1.0 - rg));
        let dhn = dan * rg;
        dg_ws[2u * 3u * CAPQ + q] = dar;
        dg_ws[2u * 3u * CAPQ + Q + q] = daz;
        dg_ws[2u * 3u * CAPQ + 2u * Q + q] = dhn;
        dh_ws[2u * CAPQ + q] = select(d, d * zg, run); // padded steps pass d through
        if (b < p.batch) {
          let g = (b * S + t) * 3u * Q + q;
          dxp[g] = dar;
          dxp[g + Q] = daz;
          dxp[g + 2u * Q] = dan;
          dhp[g] = dar;
          dhp[g + Q] = daz;
          dhp[g + 2u * Q] = dhn;
          h_prev[(b * S + t) * Q + q] = prev;
        }
      }
      if (ROWS > 3u) {
        let b = first + 3u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let at = (bb * S + t) * Q + q;
        let d = dh_ws[3u * CAPQ + q] + d_out[at]; // dL/dh' of this step
        let s = (bb * S + t) * 4u * Q + q;
        let rg = saved_in[s];
        let zg = saved_in[s + Q];
        let ng = saved_in[s + 2u * Q];
        let hn = saved_in[s + 3u * Q];
        var prev: vec4<f32>;
        if (t == 0u) {
          prev = h0[bb * Q + q];
        } else {
          prev = states[at - Q];
        }
        let dan = select(zero, (d * (1.0 - zg)) * (1.0 - ng * ng), run); // through tanh
        let daz = select(zero, (d * (prev - ng)) * (zg * (1.0 - zg)), run); // through sigmoid
        let dar = (dan * hn) * (rg * (1.0 - rg));
        let dhn = dan * rg;
        dg_ws[3u * 3u * CAPQ + q] = dar;
        dg_ws[3u * 3u * CAPQ + Q + q] = daz;
        dg_ws[3u * 3u * CAPQ + 2u * Q + q] = dhn;
        dh_ws[3u * CAPQ + q] = select(d, d * zg, run); // padded steps pass d through
        if (b < p.batch) {
          let g = (b * S + t) * 3u * Q + q;
          dxp[g] = dar;
          dxp[g + Q] = daz;
          dxp[g + 2u * Q] = dan;
          dhp[g] = dar;
          dhp[g + Q] = daz;
          dhp[g + 2u * Q] = dhn;
          h_prev[(b * S + t) * Q + q] = prev;
        }
      }
      if (ROWS > 4u) {
        let b = first + 4u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let at = (bb * S + t) * Q + q;
        let d = dh_ws[4u * CAPQ + q] + d_out[at]; // dL/dh' of this step
        let s = (bb * S + t) * 4u * Q + q;
        let rg = saved_in[s];
        let zg = saved_in[s + Q];
        let ng = saved_in[s + 2u * Q];
        let hn = saved_in[s + 3u * Q];
        var prev: vec4<f32>;
        if (t == 0u) {
          prev = h0[bb * Q + q];
        } else {
          prev = states[at - Q];
        }
        let dan = select(zero, (d * (1.0 - zg)) * (1.0 - ng * ng), run); // through tanh
        let daz = select(zero, (d * (prev - ng)) * (zg * (1.0 - zg)), run); // through sigmoid
        let dar = (dan * hn) * (rg * (1.0 - rg));
        let dhn = dan * rg;
        dg_ws[4u * 3u * CAPQ + q] = dar;
        dg_ws[4u * 3u * CAPQ + Q + q] = daz;
        dg_ws[4u * 3u * CAPQ + 2u * Q + q] = dhn;
        dh_ws[4u * CAPQ + q] = select(d, d * zg, run); // padded steps pass d through
        if (b < p.batch) {
          let g = (b * S + t) * 3u * Q + q;
          dxp[g] = dar;
          dxp[g + Q] = daz;
          dxp[g + 2u * Q] = dan;
          dhp[g] = dar;
          dhp[g + Q] = daz;
          dhp[g + 2u * Q] = dhn;
          h_prev[(b * S + t) * Q + q] = prev;
        }
      }
      if (ROWS > 5u) {
        let b = first + 5u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let at = (bb * S + t) * Q + q;
        let d = dh_ws[5u * CAPQ + q] + d_out[at]; // dL/dh' of this step
        let s = (bb * S + t) * 4u * Q + q;
        let rg = saved_in[s];
        let zg = saved_in[s + Q];
        let ng = saved_in[s + 2u * Q];
        let hn = saved_in[s + 3u * Q];
        var prev: vec4<f32>;
        if (t == 0u) {
          prev = h0[bb * Q + q];
        } else {
          prev = states[at - Q];
        }
        let dan = select(zero, (d * (1.0 - zg)) * (1.0 - ng * ng), run); // through tanh
        let daz = select(zero, (d * (prev - ng)) * (zg * (1.0 - zg)), run); // through sigmoid
        let dar = (dan * hn) * (rg * (1.0 - rg));
        let dhn = dan * rg;
        dg_ws[5u * 3u * CAPQ + q] = dar;
        dg_ws[5u * 3u * CAPQ + Q + q] = daz;
        dg_ws[5u * 3u * CAPQ + 2u * Q + q] = dhn;
        dh_ws[5u * CAPQ + q] = select(d, d * zg, run); // padded steps pass d through
        if (b < p.batch) {
          let g = (b * S + t) * 3u * Q + q;
          dxp[g] = dar;
          dxp[g + Q] = daz;
          dxp[g + 2u * Q] = dan;
          dhp[g] = dar;
          dhp[g + Q] = daz;
          dhp[g + 2u * Q] = dhn;
          h_prev[(b * S + t) * Q + q] = prev;
        }
      }
      if (ROWS > 6u) {
        let b = first + 6u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let at = (bb * S + t) * Q + q;
        let d = dh_ws[6u * CAPQ + q] + d_out[at]; // dL/dh' of this step
        let s = (bb * S + t) * 4u * Q + q;
        let rg = saved_in[s];
        let zg = saved_in[s + Q];
        let ng = saved_in[s + 2u * Q];
        let hn = saved_in[s + 3u * Q];
        var prev: vec4<f32>;
        if (t == 0u) {
          prev = h0[bb * Q + q];
        } else {
          prev = states[at - Q];
        }
        let dan = select(zero, (d * (1.0 - zg)) * (1.0 - ng * ng), run); // through tanh
        let daz = select(zero, (d * (prev - ng)) * (zg * (1.0 - zg)), run); // through sigmoid
        let dar = (dan * hn) * (rg * (1.0 - rg));
        let dhn = dan * rg;
        dg_ws[6u * 3u * CAPQ + q] = dar;
        dg_ws[6u * 3u * CAPQ + Q + q] = daz;
        dg_ws[6u * 3u * CAPQ + 2u * Q + q] = dhn;
        dh_ws[6u * CAPQ + q] = select(d, d * zg, run); // padded steps pass d through
        if (b < p.batch) {
          let g = (b * S + t) * 3u * Q + q;
          dxp[g] = dar;
          dxp[g + Q] = daz;
          dxp[g + 2u * Q] = dan;
          dhp[g] = dar;
          dhp[g + Q] = daz;
          dhp[g + 2u * Q] = dhn;
          h_prev[(b * S + t) * Q + q] = prev;
        }
      }
      if (ROWS > 7u) {
        let b = first + 7u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let at = (bb * S + t) * Q + q;
        let d = dh_ws[7u * CAPQ + q] + d_out[at]; // dL/dh' of this step
        let s = (bb * S + t) * 4u * Q + q;
        let rg = saved_in[s];
        let zg = saved_in[s + Q];
        let ng = saved_in[s + 2u * Q];
        let hn = saved_in[s + 3u * Q];
        var prev: vec4<f32>;
        if (t == 0u) {
          prev = h0[bb * Q + q];
        } else {
          prev = states[at - Q];
        }
        let dan = select(zero, (d * (1.0 - zg)) * (1.0 - ng * ng), run); // through tanh
        let daz = select(zero, (d * (prev - ng)) * (zg * (1.0 - zg)), run); // through sigmoid
        let dar = (dan * hn) * (rg * (1.0 - rg));
        let dhn = dan * rg;
        dg_ws[7u * 3u * CAPQ + q] = dar;
        dg_ws[7u * 3u * CAPQ + Q + q] = daz;
        dg_ws[7u * 3u * CAPQ + 2u * Q + q] = dhn;
        dh_ws[7u * CAPQ + q] = select(d, d * zg, run); // padded steps pass d through
        if (b < p.batch) {
          let g = (b * S + t) * 3u * Q + q;
          dxp[g] = dar;
          dxp[g + Q] = daz;
          dxp[g + 2u * Q] = dan;
          dhp[g] = dar;
          dhp[g + Q] = daz;
          dhp[g + 2u * Q] = dhn;
          h_prev[(b * S + t) * Q + q] = prev;
        }
      }
    }
    workgroupBarrier();
    // 2. Through hp = W_hh h + b_hh: dh += W_hh^T dhp.
    for (var q = lid; q < Q; q += 2u * WG) {
      let has2 = q + WG < Q;
      let q2 = select(q, q + WG, has2);
      let a = recurrent_backward(q, q2);
      dh_ws[0u * CAPQ + q] += a.a.r0;
      if (ROWS > 1u) {
        dh_ws[1u * CAPQ + q] += a.a.r1;
      }
      if (ROWS > 2u) {
        dh_ws[2u * CAPQ + q] += a.a.r2;
      }
      if (ROWS > 3u) {
        dh_ws[3u * CAPQ + q] += a.a.r3;
      }
      if (ROWS > 4u) {
        dh_ws[4u * CAPQ + q] += a.a.r4;
      }
      if (ROWS > 5u) {
        dh_ws[5u * CAPQ + q] += a.a.r5;
      }
      if (ROWS > 6u) {
        dh_ws[6u * CAPQ + q] += a.a.r6;
      }
      if (ROWS > 7u) {
        dh_ws[7u * CAPQ + q] += a.a.r7;
      }
      if (has2) {
        dh_ws[0u * CAPQ + q2] += a.b.r0;
        if (ROWS > 1u) {
          dh_ws[1u * CAPQ + q2] += a.b.r1;
        }
        if (ROWS > 2u) {
          dh_ws[2u * CAPQ + q2] += a.b.r2;
        }
        if (ROWS > 3u) {
          dh_ws[3u * CAPQ + q2] += a.b.r3;
        }
        if (ROWS > 4u) {
          dh_ws[4u * CAPQ + q2] += a.b.r4;
        }
        if (ROWS > 5u) {
          dh_ws[5u * CAPQ + q2] += a.b.r5;
        }
        if (ROWS > 6u) {
          dh_ws[6u * CAPQ + q2] += a.b.r6;
        }
        if (ROWS > 7u) {
          dh_ws[7u * CAPQ + q2] += a.b.r7;
        }
      }
    }
    workgroupBarrier();
  }
  for (var q = lid; q < Q; q += WG) {
    if (ROWS > 0u && first + 0u < p.batch) {
      dh0[(first + 0u) * Q + q] = dh_ws[0u * CAPQ + q];
    }
    if (ROWS > 1u && first + 1u < p.batch) {
      dh0[(first + 1u) * Q + q] = dh_ws[1u * CAPQ + q];
    }
    if (ROWS > 2u && first + 2u < p.batch) {
      dh0[(first + 2u) * Q + q] = dh_ws[2u * CAPQ + q];
    }
    if (ROWS > 3u && first + 3u < p.batch) {
      dh0[(first + 3u) * Q + q] = dh_ws[3u * CAPQ + q];
    }
    if (ROWS > 4u && first + 4u < p.batch) {
      dh0[(first + 4u) * Q + q] = dh_ws[4u * CAPQ + q];
    }
    if (ROWS > 5u && first + 5u < p.batch) {
      dh0[(first + 5u) * Q + q] = dh_ws[5u * CAPQ + q];
    }
    if (ROWS > 6u && first + 6u < p.batch) {
      dh0[(first + 6u) * Q + q] = dh_ws[6u * CAPQ + q];
    }
    if (ROWS > 7u && first + 7u < p.batch) {
      dh0[(first + 7u) * Q + q] = dh_ws[7u * CAPQ + q];
    }
  }
}
