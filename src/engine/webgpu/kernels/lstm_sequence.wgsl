// lstm_sequence: a whole LSTM layer over a sequence in ONE dispatch (Hochreiter & Schmidhuber
// 1997, with the forget gate of Gers et al. 2000; nn.LSTM's gate order i, f, g, o), and its
// backward in one more: the fused LSTM cell, run for every step inside the kernel. Per step
//   a = xp + W_hh h + b_hh, i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g), o = sigmoid(a_o),
//   c' = f * c + i * g, h' = o * tanh(c').
// Rows past a sequence's length (right padding) carry h and c unchanged, so out[:, S-1] holds each
// row's final state. out [B, S, 2H] holds each step's [h | c].
//
// The layout and the register blocking are kernels/gru_sequence.wgsl's (read it first): workgroup
// w owns batch rows w ROWS .. w ROWS + ROWS - 1 (ROWS <= 8), invocation i owns the quads of 4
// consecutive hidden units 4i..4i+3, 4(i + WG).., so every access is one vec4 (H a multiple of 4);
// W_hh is read 4 k at a time. h is double-buffered in workgroup memory; c is only ever touched by
// the invocation that owns its quad, so it needs no second slot. The backward's dL/dh and dL/dc
// start from workgroup memory's zero initialization.
//
// Entry points:
// lstm_sequence_forward: out [B, S, 2H] and saved [B, S, 4H] (the gates i, f, g, o of every step).
// lstm_sequence_infer: out only.
// lstm_sequence_backward: walks t = S-1..0 with dL/dh and dL/dc carried in workgroup memory:
//   dgates [B, S, 4H] (w.r.t. the pre-activations a: both dxp and dhp), dh0, dc0 [B, H], and
//   h_prev [B, S, H] so the host gets dW_hh = dgates^T h_prev as one matmul.
// Every buffer is read and written as vec4: index = (float index) / 4. The 8 rows' code is spelled
// out row by row rather than looped over an array: naga + llvmpipe keep loops over private arrays
// rolled and in memory (see kernels/matmul_blocked.wgsl).

struct LstmSequenceParams {
  batch: u32,
  steps: u32,
  hidden: u32,
  quads: u32, // hidden / 4
}

@group(0) @binding(0) var<uniform> p: LstmSequenceParams;
// forward and infer: projected input, recurrent weights and bias, initial state, lengths.
@group(0) @binding(1) var<storage, read> xp: array<vec4<f32>>; // [B, S, 4H] = W_ih x + b_ih
@group(0) @binding(2) var<storage, read> w_hh: array<vec4<f32>>; // [4H, H] (also the backward's)
@group(0) @binding(3) var<storage, read> b_hh: array<vec4<f32>>; // [4H]
@group(0) @binding(4) var<storage, read> h0: array<vec4<f32>>; // [B, H] (also the backward's)
@group(0) @binding(5) var<storage, read> lengths: array<f32>; // [B] (also the backward's)
@group(0) @binding(6) var<storage, read> c0: array<vec4<f32>>; // [B, H]
@group(0) @binding(7) var<storage, read_write> out: array<vec4<f32>>; // [B, S, 2H]
@group(0) @binding(8) var<storage, read_write> saved: array<vec4<f32>>; // [B, S, 4H]
// backward: binding 1 is the saved gates, 3 the forward's out, 6 dL/dout, 7 c0, then the outputs.
@group(0) @binding(1) var<storage, read> saved_in: array<vec4<f32>>; // [B, S, 4H]
@group(0) @binding(3) var<storage, read> states: array<vec4<f32>>; // [B, S, 2H]
@group(0) @binding(6) var<storage, read> d_out: array<vec4<f32>>; // [B, S, 2H]
@group(0) @binding(7) var<storage, read> c0_in: array<vec4<f32>>; // [B, H]
@group(0) @binding(8) var<storage, read_write> dgates: array<vec4<f32>>; // [B, S, 4H]
@group(0) @binding(9) var<storage, read_write> dh0: array<vec4<f32>>; // [B, H]
@group(0) @binding(10) var<storage, read_write> dc0: array<vec4<f32>>; // [B, H]
@group(0) @binding(11) var<storage, read_write> h_prev: array<vec4<f32>>; // [B, S, H]

override WG: u32 = 8;
// Quads (4 units) the workgroup arrays hold per row (>= hidden / 4), sized by the host.
override CAPQ: u32 = 16;
// Batch rows per workgroup, at most 8 (as in gru_sequence.wgsl).
override ROWS: u32 = 8u;

// forward: h, [slot][row][quad], and c, [row][quad].
var<workgroup> h_ws: array<vec4<f32>, 2u * ROWS * CAPQ>;
var<workgroup> c_ws: array<vec4<f32>, ROWS * CAPQ>;
// backward: gradient w.r.t. the pre-activations of the current step, [row][gate][quad], and dL/dh,
// dL/dc carried back through time, [row][quad].
var<workgroup> dg_ws: array<vec4<f32>, 4u * ROWS * CAPQ>;
var<workgroup> dh_ws: array<vec4<f32>, ROWS * CAPQ>;
var<workgroup> dc_ws: array<vec4<f32>, ROWS * CAPQ>;

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

/** W_hh h per gate (i, f, g, o) for the quad's units, each row. */
struct Gates8 {
  i: Rows8,
  f: Rows8,
  g: Rows8,
  o: Rows8,
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

/** Loads h0 into slot 0 and c0 (rows past the batch repeat the last row, never stored). */
fn load_state(first: u32, lid: u32) {
  let Q = p.quads;
  for (var q = lid; q < Q; q += WG) {
    h_ws[0u * CAPQ + q] = h0[min(first + 0u, p.batch - 1u) * Q + q];
    c_ws[0u * CAPQ + q] = c0[min(first + 0u, p.batch - 1u) * Q + q];
    if (ROWS > 1u) {
      h_ws[1u * CAPQ + q] = h0[min(first + 1u, p.batch - 1u) * Q + q];
      c_ws[1u * CAPQ + q] = c0[min(first + 1u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 2u) {
      h_ws[2u * CAPQ + q] = h0[min(first + 2u, p.batch - 1u) * Q + q];
      c_ws[2u * CAPQ + q] = c0[min(first + 2u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 3u) {
      h_ws[3u * CAPQ + q] = h0[min(first + 3u, p.batch - 1u) * Q + q];
      c_ws[3u * CAPQ + q] = c0[min(first + 3u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 4u) {
      h_ws[4u * CAPQ + q] = h0[min(first + 4u, p.batch - 1u) * Q + q];
      c_ws[4u * CAPQ + q] = c0[min(first + 4u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 5u) {
      h_ws[5u * CAPQ + q] = h0[min(first + 5u, p.batch - 1u) * Q + q];
      c_ws[5u * CAPQ + q] = c0[min(first + 5u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 6u) {
      h_ws[6u * CAPQ + q] = h0[min(first + 6u, p.batch - 1u) * Q + q];
      c_ws[6u * CAPQ + q] = c0[min(first + 6u, p.batch - 1u) * Q + q];
    }
    if (ROWS > 7u) {
      h_ws[7u * CAPQ + q] = h0[min(first + 7u, p.batch - 1u) * Q + q];
      c_ws[7u * CAPQ + q] = c0[min(first + 7u, p.batch - 1u) * Q + q];
    }
  }
}

/**
 * W_hh h for gates i, f, g, o of the 4 units of quad q and the 8 rows, reading h from slot `cur`:
 * per 4 k, 16 vec4 of weights (one per gate and unit, 4 consecutive k) and 8 vec4 of state feed
 * 512 multiply-adds. Result: one vec4 (over the quad's units) per gate and row.
 */
fn recurrent(cur: u32, q: u32) -> Gates8 {
  let Q = p.quads;
  var i0 = vec4<f32>(0.0);
  var i1 = vec4<f32>(0.0);
  var i2 = vec4<f32>(0.0);
  var i3 = vec4<f32>(0.0);
  var i4 = vec4<f32>(0.0);
  var i5 = vec4<f32>(0.0);
  var i6 = vec4<f32>(0.0);
  var i7 = vec4<f32>(0.0);
  var f0 = vec4<f32>(0.0);
  var f1 = vec4<f32>(0.0);
  var f2 = vec4<f32>(0.0);
  var f3 = vec4<f32>(0.0);
  var f4 = vec4<f32>(0.0);
  var f5 = vec4<f32>(0.0);
  var f6 = vec4<f32>(0.0);
  var f7 = vec4<f32>(0.0);
  var g0 = vec4<f32>(0.0);
  var g1 = vec4<f32>(0.0);
  var g2 = vec4<f32>(0.0);
  var g3 = vec4<f32>(0.0);
  var g4 = vec4<f32>(0.0);
  var g5 = vec4<f32>(0.0);
  var g6 = vec4<f32>(0.0);
  var g7 = vec4<f32>(0.0);
  var o0 = vec4<f32>(0.0);
  var o1 = vec4<f32>(0.0);
  var o2 = vec4<f32>(0.0);
  var o3 = vec4<f32>(0.0);
  var o4 = vec4<f32>(0.0);
  var o5 = vec4<f32>(0.0);
  var o6 = vec4<f32>(0.0);
  var o7 = vec4<f32>(0.0);
  for (var kq = 0u; kq < Q; kq++) {
    let wi0 = w_hh[(0u * Q + q) * 4u * Q + 0u * Q + kq];
    let wi1 = w_hh[(0u * Q + q) * 4u * Q + 1u * Q + kq];
    let wi2 = w_hh[(0u * Q + q) * 4u * Q + 2u * Q + kq];
    let wi3 = w_hh[(0u * Q + q) * 4u * Q + 3u * Q + kq];
    let wf0 = w_hh[(1u * Q + q) * 4u * Q + 0u * Q + kq];
    let wf1 = w_hh[(1u * Q + q) * 4u * Q + 1u * Q + kq];
    let wf2 = w_hh[(1u * Q + q) * 4u * Q + 2u * Q + kq];
    let wf3 = w_hh[(1u * Q + q) * 4u * Q + 3u * Q + kq];
    let wg0 = w_hh[(2u * Q + q) * 4u * Q + 0u * Q + kq];
    let wg1 = w_hh[(2u * Q + q) * 4u * Q + 1u * Q + kq];
    let wg2 = w_hh[(2u * Q + q) * 4u * Q + 2u * Q + kq];
    let wg3 = w_hh[(2u * Q + q) * 4u * Q + 3u * Q + kq];
    let wo0 = w_hh[(3u * Q + q) * 4u * Q + 0u * Q + kq];
    let wo1 = w_hh[(3u * Q + q) * 4u * Q + 1u * Q + kq];
    let wo2 = w_hh[(3u * Q + q) * 4u * Q + 2u * Q + kq];
    let wo3 = w_hh[(3u * Q + q) * 4u * Q + 3u * Q + kq];
    let h0 = h_ws[cur + 0u * CAPQ + kq];
    i0 += vec4<f32>(dot(wi0, h0), dot(wi1, h0), dot(wi2, h0), dot(wi3, h0));
    f0 += vec4<f32>(dot(wf0, h0), dot(wf1, h0), dot(wf2, h0), dot(wf3, h0));
    g0 += vec4<f32>(dot(wg0, h0), dot(wg1, h0), dot(wg2, h0), dot(wg3, h0));
    o0 += vec4<f32>(dot(wo0, h0), dot(wo1, h0), dot(wo2, h0), dot(wo3, h0));
    if (ROWS > 1u) {
      let h1 = h_ws[cur + 1u * CAPQ + kq];
      i1 += vec4<f32>(dot(wi0, h1), dot(wi1, h1), dot(wi2, h1), dot(wi3, h1));
      f1 += vec4<f32>(dot(wf0, h1), dot(wf1, h1), dot(wf2, h1), dot(wf3, h1));
      g1 += vec4<f32>(dot(wg0, h1), dot(wg1, h1), dot(wg2, h1), dot(wg3, h1));
      o1 += vec4<f32>(dot(wo0, h1), dot(wo1, h1), dot(wo2, h1), dot(wo3, h1));
    }
    if (ROWS > 2u) {
      let h2 = h_ws[cur + 2u * CAPQ + kq];
      i2 += vec4<f32>(dot(wi0, h2), dot(wi1, h2), dot(wi2, h2), dot(wi3, h2));
      f2 += vec4<f32>(dot(wf0, h2), dot(wf1, h2), dot(wf2, h2), dot(wf3, h2));
      g2 += vec4<f32>(dot(wg0, h2), dot(wg1, h2), dot(wg2, h2), dot(wg3, h2));
      o2 += vec4<f32>(dot(wo0, h2), dot(wo1, h2), dot(wo2, h2), dot(wo3, h2));
    }
    if (ROWS > 3u) {
      let h3 = h_ws[cur + 3u * CAPQ + kq];
      i3 += vec4<f32>(dot(wi0, h3), dot(wi1, h3), dot(wi2, h3), dot(wi3, h3));
      f3 += vec4<f32>(dot(wf0, h3), dot(wf1, h3), dot(wf2, h3), dot(wf3, h3));
      g3 += vec4<f32>(dot(wg0, h3), dot(wg1, h3), dot(wg2, h3), dot(wg3, h3));
      o3 += vec4<f32>(dot(wo0, h3), dot(wo1, h3), dot(wo2, h3), dot(wo3, h3));
    }
    if (ROWS > 4u) {
      let h4 = h_ws[cur + 4u * CAPQ + kq];
      i4 += vec4<f32>(dot(wi0, h4), dot(wi1, h4), dot(wi2, h4), dot(wi3, h4));
      f4 += vec4<f32>(dot(wf0, h4), dot(wf1, h4), dot(wf2, h4), dot(wf3, h4));
      g4 += vec4<f32>(dot(wg0, h4), dot(wg1, h4), dot(wg2, h4), dot(wg3, h4));
      o4 += vec4<f32>(dot(wo0, h4), dot(wo1, h4), dot(wo2, h4), dot(wo3, h4));
    }
    if (ROWS > 5u) {
      let h5 = h_ws[cur + 5u * CAPQ + kq];
      i5 += vec4<f32>(dot(wi0, h5), dot(wi1, h5), dot(wi2, h5), dot(wi3, h5));
      f5 += vec4<f32>(dot(wf0, h5), dot(wf1, h5), dot(wf2, h5), dot(wf3, h5));
      g5 += vec4<f32>(dot(wg0, h5), dot(wg1, h5), dot(wg2, h5), dot(wg3, h5));
      o5 += vec4<f32>(dot(wo0, h5), dot(wo1, h5), dot(wo2, h5), dot(wo3, h5));
    }
    if (ROWS > 6u) {
      let h6 = h_ws[cur + 6u * CAPQ + kq];
      i6 += vec4<f32>(dot(wi0, h6), dot(wi1, h6), dot(wi2, h6), dot(wi3, h6));
      f6 += vec4<f32>(dot(wf0, h6), dot(wf1, h6), dot(wf2, h6), dot(wf3, h6));
      g6 += vec4<f32>(dot(wg0, h6), dot(wg1, h6), dot(wg2, h6), dot(wg3, h6));
      o6 += vec4<f32>(dot(wo0, h6), dot(wo1, h6), dot(wo2, h6), dot(wo3, h6));
    }
    if (ROWS > 7u) {
      let h7 = h_ws[cur + 7u * CAPQ + kq];
      i7 += vec4<f32>(dot(wi0, h7), dot(wi1, h7), dot(wi2, h7), dot(wi3, h7));
      f7 += vec4<f32>(dot(wf0, h7), dot(wf1, h7), dot(wf2, h7), dot(wf3, h7));
      g7 += vec4<f32>(dot(wg0, h7), dot(wg1, h7), dot(wg2, h7), dot(wg3, h7));
      o7 += vec4<f32>(dot(wo0, h7), dot(wo1, h7), dot(wo2, h7), dot(wo3, h7));
    }
  }
  return Gates8(
    Rows8(i0, i1, i2, i3, i4, i5, i6, i7),
    Rows8(f0, f1, f2, f3, f4, f5, f6, f7),
    Rows8(g0, g1, g2, g3, g4, g5, g6, g7),
    Rows8(o0, o1, o2, o3, o4, o5, o6, o7),
  );
}

@compute @workgroup_size(WG)
fn lstm_sequence_forward(
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
  load_state(first, lid);
  workgroupBarrier();
  for (var t = 0u; t < S; t++) {
    let cur = (t & 1u) * ROWS * CAPQ;
    let nxt = ROWS * CAPQ - cur;
    for (var q = lid; q < Q; q += WG) {
      let a = recurrent(cur, q);
      let bi = b_hh[q];
      let bf = b_hh[Q + q];
      let bg = b_hh[2u * Q + q];
      let bo = b_hh[3u * Q + q];
      {
        let b = first + 0u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r0 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r0 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r0 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r0 + bo));
        let h = h_ws[cur + 0u * CAPQ + q];
        let c = c_ws[0u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 0u * CAPQ + q] = h_next;
        c_ws[0u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
          let s = (b * S + t) * 4u * Q + q;
          saved[s] = ig;
          saved[s + Q] = fg;
          saved[s + 2u * Q] = gg;
          saved[s + 3u * Q] = og;
        }
      }
      if (ROWS > 1u) {
        let b = first + 1u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r1 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r1 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r1 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r1 + bo));
        let h = h_ws[cur + 1u * CAPQ + q];
        let c = c_ws[1u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 1u * CAPQ + q] = h_next;
        c_ws[1u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
          let s = (b * S + t) * 4u * Q + q;
          saved[s] = ig;
          saved[s + Q] = fg;
          saved[s + 2u * Q] = gg;
          saved[s + 3u * Q] = og;
        }
      }
      if (ROWS > 2u) {
        let b = first + 2u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r2 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r2 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r2 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r2 + bo));
        let h = h_ws[cur + 2u * CAPQ + q];
        let c = c_ws[2u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 2u * CAPQ + q] = h_next;
        c_ws[2u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
          let s = (b * S + t) * 4u * Q + q;
          saved[s] = ig;
          saved[s + Q] = fg;
          saved[s + 2u * Q] = gg;
          saved[s + 3u * Q] = og;
        }
      }
      if (ROWS > 3u) {
        let b = first + 3u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r3 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r3 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r3 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r3 + bo));
        let h = h_ws[cur + 3u * CAPQ + q];
        let c = c_ws[3u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 3u * CAPQ + q] = h_next;
        c_ws[3u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
          let s = (b * S + t) * 4u * Q + q;
          saved[s] = ig;
          saved[s + Q] = fg;
          saved[s + 2u * Q] = gg;
          saved[s + 3u * Q] = og;
        }
      }
      if (ROWS > 4u) {
        let b = first + 4u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r4 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r4 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r4 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r4 + bo));
        let h = h_ws[cur + 4u * CAPQ + q];
        let c = c_ws[4u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 4u * CAPQ + q] = h_next;
        c_ws[4u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
          let s = (b * S + t) * 4u * Q + q;
          saved[s] = ig;
          saved[s + Q] = fg;
          saved[s + 2u * Q] = gg;
          saved[s + 3u * Q] = og;
        }
      }
      if (ROWS > 5u) {
        let b = first + 5u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r5 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r5 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r5 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r5 + bo));
        let h = h_ws[cur + 5u * CAPQ + q];
        let c = c_ws[5u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 5u * CAPQ + q] = h_next;
        c_ws[5u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
          let s = (b * S + t) * 4u * Q + q;
          saved[s] = ig;
          saved[s + Q] = fg;
          saved[s + 2u * Q] = gg;
          saved[s + 3u * Q] = og;
        }
      }
      if (ROWS > 6u) {
        let b = first + 6u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r6 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r6 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r6 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r6 + bo));
        let h = h_ws[cur + 6u * CAPQ + q];
        let c = c_ws[6u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 6u * CAPQ + q] = h_next;
        c_ws[6u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
          let s = (b * S + t) * 4u * Q + q;
          saved[s] = ig;
          saved[s + Q] = fg;
          saved[s + 2u * Q] = gg;
          saved[s + 3u * Q] = og;
        }
      }
      if (ROWS > 7u) {
        let b = first + 7u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r7 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r7 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r7 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r7 + bo));
        let h = h_ws[cur + 7u * CAPQ + q];
        let c = c_ws[7u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 7u * CAPQ + q] = h_next;
        c_ws[7u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
          let s = (b * S + t) * 4u * Q + q;
          saved[s] = ig;
          saved[s + Q] = fg;
          saved[s + 2u * Q] = gg;
          saved[s + 3u * Q] = og;
        }
      }
    }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WG)
fn lstm_sequence_infer(
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
  load_state(first, lid);
  workgroupBarrier();
  for (var t = 0u; t < S; t++) {
    let cur = (t & 1u) * ROWS * CAPQ;
    let nxt = ROWS * CAPQ - cur;
    for (var q = lid; q < Q; q += WG) {
      let a = recurrent(cur, q);
      let bi = b_hh[q];
      let bf = b_hh[Q + q];
      let bg = b_hh[2u * Q + q];
      let bo = b_hh[3u * Q + q];
      {
        let b = first + 0u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r0 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r0 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r0 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r0 + bo));
        let h = h_ws[cur + 0u * CAPQ + q];
        let c = c_ws[0u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 0u * CAPQ + q] = h_next;
        c_ws[0u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
        }
      }
      if (ROWS > 1u) {
        let b = first + 1u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r1 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r1 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r1 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r1 + bo));
        let h = h_ws[cur + 1u * CAPQ + q];
        let c = c_ws[1u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 1u * CAPQ + q] = h_next;
        c_ws[1u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
        }
      }
      if (ROWS > 2u) {
        let b = first + 2u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r2 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r2 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r2 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r2 + bo));
        let h = h_ws[cur + 2u * CAPQ + q];
        let c = c_ws[2u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 2u * CAPQ + q] = h_next;
        c_ws[2u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
        }
      }
      if (ROWS > 3u) {
        let b = first + 3u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r3 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r3 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r3 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r3 + bo));
        let h = h_ws[cur + 3u * CAPQ + q];
        let c = c_ws[3u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 3u * CAPQ + q] = h_next;
        c_ws[3u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
        }
      }
      if (ROWS > 4u) {
        let b = first + 4u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r4 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r4 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r4 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r4 + bo));
        let h = h_ws[cur + 4u * CAPQ + q];
        let c = c_ws[4u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 4u * CAPQ + q] = h_next;
        c_ws[4u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
        }
      }
      if (ROWS > 5u) {
        let b = first + 5u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r5 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r5 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r5 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r5 + bo));
        let h = h_ws[cur + 5u * CAPQ + q];
        let c = c_ws[5u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 5u * CAPQ + q] = h_next;
        c_ws[5u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
        }
      }
      if (ROWS > 6u) {
        let b = first + 6u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r6 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r6 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r6 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r6 + bo));
        let h = h_ws[cur + 6u * CAPQ + q];
        let c = c_ws[6u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 6u * CAPQ + q] = h_next;
        c_ws[6u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
        }
      }
      if (ROWS > 7u) {
        let b = first + 7u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r7 + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r7 + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r7 + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r7 + bo));
        let h = h_ws[cur + 7u * CAPQ + q];
        let c = c_ws[7u * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + 7u * CAPQ + q] = h_next;
        c_ws[7u * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
        }
      }
    }
    workgroupBarrier();
  }
}

// --- backward ---------------------------------------------------------------------------------

/**
 * W_hh^T dgates for the 8 units of quads q and q2 (as k) and the 8 rows: per 4 gate rows j,
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
  for (var jq = 0u; jq < 4u * Q; jq++) {
    // Gate rows 4 jq .. 4 jq + 3 of W_hh, columns 4q .. 4q + 3 and 4q2 .. 4q2 + 3.
    let w0 = w_hh[(4u * jq + 0u) * Q + q];
    let w1 = w_hh[(4u * jq + 1u) * Q + q];
    let w2 = w_hh[(4u * jq + 2u) * Q + q];
    let w3 = w_hh[(4u * jq + 3u) * Q + q];
    let v0 = w_hh[(4u * jq + 0u) * Q + q2];
    let v1 = w_hh[(4u * jq + 1u) * Q + q2];
    let v2 = w_hh[(4u * jq + 2u) * Q + q2];
    let v3 = w_hh[(4u * jq + 3u) * Q + q2];
    let g0 = dg_ws[0u * 4u * CAPQ + jq];
    a0 += w0 * g0.x + w1 * g0.y + w2 * g0.z + w3 * g0.w;
    b0 += v0 * g0.x + v1 * g0.y + v2 * g0.z + v3 * g0.w;
    if (ROWS > 1u) {
      let g1 = dg_ws[1u * 4u * CAPQ + jq];
      a1 += w0 * g1.x + w1 * g1.y + w2 * g1.z + w3 * g1.w;
      b1 += v0 * g1.x + v1 * g1.y + v2 * g1.z + v3 * g1.w;
    }
    if (ROWS > 2u) {
      let g2 = dg_ws[2u * 4u * CAPQ + jq];
      a2 += w0 * g2.x + w1 * g2.y + w2 * g2.z + w3 * g2.w;
      b2 += v0 * g2.x + v1 * g2.y + v2 * g2.z + v3 * g2.w;
    }
    if (ROWS > 3u) {
      let g3 = dg_ws[3u * 4u * CAPQ + jq];
      a3 += w0 * g3.x + w1 * g3.y + w2 * g3.z + w3 * g3.w;
      b3 += v0 * g3.x + v1 * g3.y + v2 * g3.z + v3 * g3.w;
    }
    if (ROWS > 4u) {
      let g4 = dg_ws[4u * 4u * CAPQ + jq];
      a4 += w0 * g4.x + w1 * g4.y + w2 * g4.z + w3 * g4.w;
      b4 += v0 * g4.x + v1 * g4.y + v2 * g4.z + v3 * g4.w;
    }
    if (ROWS > 5u) {
      let g5 = dg_ws[5u * 4u * CAPQ + jq];
      a5 += w0 * g5.x + w1 * g5.y + w2 * g5.z + w3 * g5.w;
      b5 += v0 * g5.x + v1 * g5.y + v2 * g5.z + v3 * g5.w;
    }
    if (ROWS > 6u) {
      let g6 = dg_ws[6u * 4u * CAPQ + jq];
      a6 += w0 * g6.x + w1 * g6.y + w2 * g6.z + w3 * g6.w;
      b6 += v0 * g6.x + v1 * g6.y + v2 * g6.z + v3 * g6.w;
    }
    if (ROWS > 7u) {
      let g7 = dg_ws[7u * 4u * CAPQ + jq];
      a7 += w0 * g7.x + w1 * g7.y + w2 * g7.z + w3 * g7.w;
      b7 += v0 * g7.x + v1 * g7.y + v2 * g7.z + v3 * g7.w;
    }
  }
  return Rows8x2(Rows8(a0, a1, a2, a3, a4, a5, a6, a7), Rows8(b0, b1, b2, b3, b4, b5, b6, b7));
}

@compute @workgroup_size(WG)
fn lstm_sequence_backward(
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
    // 1. Through the cell (h' = o tanh(c'), c' = f c + i g, the gates' activations).
    for (var q = lid; q < Q; q += WG) {
      {
        let b = first + 0u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let o = (bb * S + t) * 2u * Q + q; // [h | c] quad of this step
        let dh = dh_ws[0u * CAPQ + q] + d_out[o]; // dL/dh'
        let dc = dc_ws[0u * CAPQ + q] + d_out[o + Q]; // dL/dc', the direct part
        let s = (bb * S + t) * 4u * Q + q;
        let ig = saved_in[s];
        let fg = saved_in[s + Q];
        let gg = saved_in[s + 2u * Q];
        let og = saved_in[s + 3u * Q];
        var h_before: vec4<f32>;
        var c_before: vec4<f32>;
        if (t == 0u) {
          h_before = h0[bb * Q + q];
          c_before = c0_in[bb * Q + q];
        } else {
          h_before = states[o - 2u * Q];
          c_before = states[o - Q];
        }
        let tc = tanh4(states[o + Q]);
        let dct = dc + (dh * og) * (1.0 - tc * tc); // dL/dc' through h' = o tanh(c') too
        let di = select(zero, (dct * gg) * (ig * (1.0 - ig)), run);
        let df = select(zero, (dct * c_before) * (fg * (1.0 - fg)), run);
        let dg = select(zero, (dct * ig) * (1.0 - gg * gg), run);
        let do_ = select(zero, (dh * tc) * (og * (1.0 - og)), run);
        dg_ws[0u * 4u * CAPQ + q] = di;
        dg_ws[0u * 4u * CAPQ + Q + q] = df;
        dg_ws[0u * 4u * CAPQ + 2u * Q + q] = dg;
        dg_ws[0u * 4u * CAPQ + 3u * Q + q] = do_;
        dc_ws[0u * CAPQ + q] = select(dc, dct * fg, run); // padded steps pass dL/dc through
        dh_ws[0u * CAPQ + q] = select(dh, zero, run); // phase 2 adds W_hh^T dgates
        if (b < p.batch) {
          let g = (b * S + t) * 4u * Q + q;
          dgates[g] = di;
          dgates[g + Q] = df;
          dgates[g + 2u * Q] = dg;
          dgates[g + 3u * Q] = do_;
          h_prev[(b * S + t) * Q + q] = h_before;
        }
      }
      if (ROWS > 1u) {
        let b = first + 1u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let o = (bb * S + t) * 2u * Q + q; // [h | c] quad of this step
        let dh = dh_ws[1u * CAPQ + q] + d_out[o]; // dL/dh'
        let dc = dc_ws[1u * CAPQ + q] + d_out[o + Q]; // dL/dc', the direct part
        let s = (bb * S + t) * 4u * Q + q;
        let ig = saved_in[s];
        let fg = saved_in[s + Q];
        let gg = saved_in[s + 2u * Q];
        let og = saved_in[s + 3u * Q];
        var h_before: vec4<f32>;
        var c_before: vec4<f32>;
        if (t == 0u) {
          h_before = h0[bb * Q + q];
          c_before = c0_in[bb * Q + q];
        } else {
          h_before = states[o - 2u * Q];
          c_before = states[o - Q];
        }
        let tc = tanh4(states[o + Q]);
        let dct = dc + (dh * og) * (1.0 - tc * tc); // dL/dc' through h' = o tanh(c') too
        let di = select(zero, (dct * gg) * (ig * (1.0 - ig)), run);
        let df = select(zero, (dct * c_before) * (fg * (1.0 - fg)), run);
        let dg = select(zero, (dct * ig) * (1.0 - gg * gg), run);
        let do_ = select(zero, (dh * tc) * (og * (1.0 - og)), run);
        dg_ws[1u * 4u * CAPQ + q] = di;
        dg_ws[1u * 4u * CAPQ + Q + q] = df;
        dg_ws[1u * 4u * CAPQ + 2u * Q + q] = dg;
        dg_ws[1u * 4u * CAPQ + 3u * Q + q] = do_;
        dc_ws[1u * CAPQ + q] = select(dc, dct * fg, run); // padded steps pass dL/dc through
        dh_ws[1u * CAPQ + q] = select(dh, zero, run); // phase 2 adds W_hh^T dgates
        if (b < p.batch) {
          let g = (b * S + t) * 4u * Q + q;
          dgates[g] = di;
          dgates[g + Q] = df;
          dgates[g + 2u * Q] = dg;
          dgates[g + 3u * Q] = do_;
          h_prev[(b * S + t) * Q + q] = h_before;
        }
      }
      if (ROWS > 2u) {
        let b = first + 2u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let o = (bb * S + t) * 2u * Q + q; // [h | c] quad of this step
        let dh = dh_ws[2u * CAPQ + q] + d_out[o]; // dL/dh'
        let dc = dc_ws[2u * CAPQ + q] + d_out[o + Q]; // dL/dc', the direct part
        let s = (bb * S + t) * 4u * Q + q;
        let ig = saved_in[s];
        let fg = saved_in[s + Q];
        let gg = saved_in[s + 2u * Q];
        let og = saved_in[s + 3u * Q];
        var h_before: vec4<f32>;
        var c_before: vec4<f32>;
        if (t == 0u) {
          h_before = h0[bb * Q + q];
          c_before = c0_in[bb * Q + q];
        } else {
          h_before = states[o - 2u * Q];
          c_before = states[o - Q];
        }
        let tc = tanh4(states[o + Q]);
        let dct = dc + (dh * og) * (1.0 - tc * tc); // dL/dc' through h' = o tanh(c') too
        let di = select(zero, (dct * gg) * (ig * (1.0 - ig)), run);
        let df = select(zero, (dct * c_before) * (fg * (1.0 - fg)), run);
        let dg = select(zero, (dct * ig) * (1.0 - gg * gg), run);
        let do_ = select(zero, (dh * tc) * (og * (1.0 - og)), run);
        dg_ws[2u * 4u * CAPQ + q] = di;
        dg_ws[2u * 4u * CAPQ + Q + q] = df;
        dg_ws[2u * 4u * CAPQ + 2u * Q + q] = dg;
        dg_ws[2u * 4u * CAPQ + 3u * Q + q] = do_;
        dc_ws[2u * CAPQ + q] = select(dc, dct * fg, run); // padded steps pass dL/dc through
        dh_ws[2u * CAPQ + q] = select(dh, zero, run); // phase 2 adds W_hh^T dgates
        if (b < p.batch) {
          let g = (b * S + t) * 4u * Q + q;
          dgates[g] = di;
          dgates[g + Q] = df;
          dgates[g + 2u * Q] = dg;
          dgates[g + 3u * Q] = do_;
          h_prev[(b * S + t) * Q + q] = h_before;
        }
      }
      if (ROWS > 3u) {
        let b = first + 3u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let o = (bb * S + t) * 2u * Q + q; // [h | c] quad of this step
        let dh = dh_ws[3u * CAPQ + q] + d_out[o]; // dL/dh'
        let dc = dc_ws[3u * CAPQ + q] + d_out[o + Q]; // dL/dc', the direct part
        let s = (bb * S + t) * 4u * Q + q;
        let ig = saved_in[s];
        let fg = saved_in[s + Q];
        let gg = saved_in[s + 2u * Q];
        let og = saved_in[s + 3u * Q];
        var h_before: vec4<f32>;
        var c_before: vec4<f32>;
        if (t == 0u) {
          h_before = h0[bb * Q + q];
          c_before = c0_in[bb * Q + q];
        } else {
          h_before = states[o - 2u * Q];
          c_before = states[o - Q];
        }
        let tc = tanh4(states[o + Q]);
        let dct = dc + (dh * og) * (1.0 - tc * tc); // dL/dc' through h' = o tanh(c') too
        let di = select(zero, (dct * gg) * (ig * (1.0 - ig)), run);
        let df = select(zero, (dct * c_before) * (fg * (1.0 - fg)), run);
        let dg = select(zero, (dct * ig) * (1.0 - gg * gg), run);
        let do_ = select(zero, (dh * tc) * (og * (1.0 - og)), run);
        dg_ws[3u * 4u * CAPQ + q] = di;
        dg_ws[3u * 4u * CAPQ + Q + q] = df;
        dg_ws[3u * 4u * CAPQ + 2u * Q + q] = dg;
        dg_ws[3u * 4u * CAPQ + 3u * Q + q] = do_;
        dc_ws[3u * CAPQ + q] = select(dc, dct * fg, run); // padded steps pass dL/dc through
        dh_ws[3u * CAPQ + q] = select(dh, zero, run); // phase 2 adds W_hh^T dgates
        if (b < p.batch) {
          let g = (b * S + t) * 4u * Q + q;
          dgates[g] = di;
          dgates[g + Q] = df;
          dgates[g + 2u * Q] = dg;
          dgates[g + 3u * Q] = do_;
          h_prev[(b * S + t) * Q + q] = h_before;
        }
      }
      if (ROWS > 4u) {
        let b = first + 4u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let o = (bb * S + t) * 2u * Q + q; // [h | c] quad of this step
        let dh = dh_ws[4u * CAPQ + q] + d_out[o]; // dL/dh'
        let dc = dc_ws[4u * CAPQ + q] + d_out[o + Q]; // dL/dc', the direct part
        let s = (bb * S + t) * 4u * Q + q;
        let ig = saved_in[s];
        let fg = saved_in[s + Q];
        let gg = saved_in[s + 2u * Q];
        let og = saved_in[s + 3u * Q];
        var h_before: vec4<f32>;
        var c_before: vec4<f32>;
        if (t == 0u) {
          h_before = h0[bb * Q + q];
          c_before = c0_in[bb * Q + q];
        } else {
          h_before = states[o - 2u * Q];
          c_before = states[o - Q];
        }
        let tc = tanh4(states[o + Q]);
        let dct = dc + (dh * og) * (1.0 - tc * tc); // dL/dc' through h' = o tanh(c') too
        let di = select(zero, (dct * gg) * (ig * (1.0 - ig)), run);
        let df = select(zero, (dct * c_before) * (fg * (1.0 - fg)), run);
        let dg = select(zero, (dct * ig) * (1.0 - gg * gg), run);
        let do_ = select(zero, (dh * tc) * (og * (1.0 - og)), run);
        dg_ws[4u * 4u * CAPQ + q] = di;
        dg_ws[4u * 4u * CAPQ + Q + q] = df;
        dg_ws[4u * 4u * CAPQ + 2u * Q + q] = dg;
        dg_ws[4u * 4u * CAPQ + 3u * Q + q] = do_;
        dc_ws[4u * CAPQ + q] = select(dc, dct * fg, run); // padded steps pass dL/dc through
        dh_ws[4u * CAPQ + q] = select(dh, zero, run); // phase 2 adds W_hh^T dgates
        if (b < p.batch) {
          let g = (b * S + t) * 4u * Q + q;
          dgates[g] = di;
          dgates[g + Q] = df;
          dgates[g + 2u * Q] = dg;
          dgates[g + 3u * Q] = do_;
          h_prev[(b * S + t) * Q + q] = h_before;
        }
      }
      if (ROWS > 5u) {
        let b = first + 5u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let o = (bb * S + t) * 2u * Q + q; // [h | c] quad of this step
        let dh = dh_ws[5u * CAPQ + q] + d_out[o]; // dL/dh'
        let dc = dc_ws[5u * CAPQ + q] + d_out[o + Q]; // dL/dc', the direct part
        let s = (bb * S + t) * 4u * Q + q;
        let ig = saved_in[s];
        let fg = saved_in[s + Q];
        let gg = saved_in[s + 2u * Q];
        let og = saved_in[s + 3u * Q];
        var h_before: vec4<f32>;
        var c_before: vec4<f32>;
        if (t == 0u) {
          h_before = h0[bb * Q + q];
          c_before = c0_in[bb * Q + q];
        } else {
          h_before = states[o - 2u * Q];
          c_before = states[o - Q];
        }
        let tc = tanh4(states[o + Q]);
        let dct = dc + (dh * og) * (1.0 - tc * tc); // dL/dc' through h' = o tanh(c') too
        let di = select(zero, (dct * gg) * (ig * (1.0 - ig)), run);
        let df = select(zero, (dct * c_before) * (fg * (1.0 - fg)), run);
        let dg = select(zero, (dct * ig) * (1.0 - gg * gg), run);
        let do_ = select(zero, (dh * tc) * (og * (1.0 - og)), run);
        dg_ws[5u * 4u * CAPQ + q] = di;
        dg_ws[5u * 4u * CAPQ + Q + q] = df;
        dg_ws[5u * 4u * CAPQ + 2u * Q + q] = dg;
        dg_ws[5u * 4u * CAPQ + 3u * Q + q] = do_;
        dc_ws[5u * CAPQ + q] = select(dc, dct * fg, run); // padded steps pass dL/dc through
        dh_ws[5u * CAPQ + q] = select(dh, zero, run); // phase 2 adds W_hh^T dgates
        if (b < p.batch) {
          let g = (b * S + t) * 4u * Q + q;
          dgates[g] = di;
          dgates[g + Q] = df;
          dgates[g + 2u * Q] = dg;
          dgates[g + 3u * Q] = do_;
          h_prev[(b * S + t) * Q + q] = h_before;
        }
      }
      if (ROWS > 6u) {
        let b = first + 6u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let o = (bb * S + t) * 2u * Q + q; // [h | c] quad of this step
        let dh = dh_ws[6u * CAPQ + q] + d_out[o]; // dL/dh'
        let dc = dc_ws[6u * CAPQ + q] + d_out[o + Q]; // dL/dc', the direct part
        let s = (bb * S + t) * 4u * Q + q;
        let ig = saved_in[s];
        let fg = saved_in[s + Q];
        let gg = saved_in[s + 2u * Q];
        let og = saved_in[s + 3u * Q];
        var h_before: vec4<f32>;
        var c_before: vec4<f32>;
        if (t == 0u) {
          h_before = h0[bb * Q + q];
          c_before = c0_in[bb * Q + q];
        } else {
          h_before = states[o - 2u * Q];
          c_before = states[o - Q];
        }
        let tc = tanh4(states[o + Q]);
        let dct = dc + (dh * og) * (1.0 - tc * tc); // dL/dc' through h' = o tanh(c') too
        let di = select(zero, (dct * gg) * (ig * (1.0 - ig)), run);
        let df = select(zero, (dct * c_before) * (fg * (1.0 - fg)), run);
        let dg = select(zero, (dct * ig) * (1.0 - gg * gg), run);
        let do_ = select(zero, (dh * tc) * (og * (1.0 - og)), run);
        dg_ws[6u * 4u * CAPQ + q] = di;
        dg_ws[6u * 4u * CAPQ + Q + q] = df;
        dg_ws[6u * 4u * CAPQ + 2u * Q + q] = dg;
        dg_ws[6u * 4u * CAPQ + 3u * Q + q] = do_;
        dc_ws[6u * CAPQ + q] = select(dc, dct * fg, run); // padded steps pass dL/dc through
        dh_ws[6u * CAPQ + q] = select(dh, zero, run); // phase 2 adds W_hh^T dgates
        if (b < p.batch) {
          let g = (b * S + t) * 4u * Q + q;
          dgates[g] = di;
          dgates[g + Q] = df;
          dgates[g + 2u * Q] = dg;
          dgates[g + 3u * Q] = do_;
          h_prev[(b * S + t) * Q + q] = h_before;
        }
      }
      if (ROWS > 7u) {
        let b = first + 7u;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let o = (bb * S + t) * 2u * Q + q; // [h | c] quad of this step
        let dh = dh_ws[7u * CAPQ + q] + d_out[o]; // dL/dh'
        let dc = dc_ws[7u * CAPQ + q] + d_out[o + Q]; // dL/dc', the direct part
        let s = (bb * S + t) * 4u * Q + q;
        let ig = saved_in[s];
        let fg = saved_in[s + Q];
        let gg = saved_in[s + 2u * Q];
        let og = saved_in[s + 3u * Q];
        var h_before: vec4<f32>;
        var c_before: vec4<f32>;
        if (t == 0u) {
          h_before = h0[bb * Q + q];
          c_before = c0_in[bb * Q + q];
        } else {
          h_before = states[o - 2u * Q];
          c_before = states[o - Q];
        }
        let tc = tanh4(states[o + Q]);
        let dct = dc + (dh * og) * (1.0 - tc * tc); // dL/dc' through h' = o tanh(c') too
        let di = select(zero, (dct * gg) * (ig * (1.0 - ig)), run);
        let df = select(zero, (dct * c_before) * (fg * (1.0 - fg)), run);
        let dg = select(zero, (dct * ig) * (1.0 - gg * gg), run);
        let do_ = select(zero, (dh * tc) * (og * (1.0 - og)), run);
        dg_ws[7u * 4u * CAPQ + q] = di;
        dg_ws[7u * 4u * CAPQ + Q + q] = df;
        dg_ws[7u * 4u * CAPQ + 2u * Q + q] = dg;
        dg_ws[7u * 4u * CAPQ + 3u * Q + q] = do_;
        dc_ws[7u * CAPQ + q] = select(dc, dct * fg, run); // padded steps pass dL/dc through
        dh_ws[7u * CAPQ + q] = select(dh, zero, run); // phase 2 adds W_hh^T dgates
        if (b < p.batch) {
          let g = (b * S + t) * 4u * Q + q;
          dgates[g] = di;
          dgates[g + Q] = df;
          dgates[g + 2u * Q] = dg;
          dgates[g + 3u * Q] = do_;
          h_prev[(b * S + t) * Q + q] = h_before;
        }
      }
    }
    workgroupBarrier();
    // 2. Through a = xp + W_hh h + b_hh: dh += W_hh^T dgates.
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
      dc0[(first + 0u) * Q + q] = dc_ws[0u * CAPQ + q];
    }
    if (ROWS > 1u && first + 1u < p.batch) {
      dh0[(first + 1u) * Q + q] = dh_ws[1u * CAPQ + q];
      dc0[(first + 1u) * Q + q] = dc_ws[1u * CAPQ + q];
    }
    if (ROWS > 2u && first + 2u < p.batch) {
      dh0[(first + 2u) * Q + q] = dh_ws[2u * CAPQ + q];
      dc0[(first + 2u) * Q + q] = dc_ws[2u * CAPQ + q];
    }
    if (ROWS > 3u && first + 3u < p.batch) {
      dh0[(first + 3u) * Q + q] = dh_ws[3u * CAPQ + q];
      dc0[(first + 3u) * Q + q] = dc_ws[3u * CAPQ + q];
    }
    if (ROWS > 4u && first + 4u < p.batch) {
      dh0[(first + 4u) * Q + q] = dh_ws[4u * CAPQ + q];
      dc0[(first + 4u) * Q + q] = dc_ws[4u * CAPQ + q];
    }
    if (ROWS > 5u && first + 5u < p.batch) {
      dh0[(first + 5u) * Q + q] = dh_ws[5u * CAPQ + q];
      dc0[(first + 5u) * Q + q] = dc_ws[5u * CAPQ + q];
    }
    if (ROWS > 6u && first + 6u < p.batch) {
      dh0[(first + 6u) * Q + q] = dh_ws[6u * CAPQ + q];
      dc0[(first + 6u) * Q + q] = dc_ws[6u * CAPQ + q];
    }
    if (ROWS > 7u && first + 7u < p.batch) {
      dh0[(first + 7u) * Q + q] = dh_ws[7u * CAPQ + q];
      dc0[(first + 7u) * Q + q] = dc_ws[7u * CAPQ + q];
    }
  }
}
