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
// Every buffer is read and written as vec4: index = (float index) / 4.
//
// Source and generated kernel: edit lstm_sequence.rolled.wgsl, then run `deno task gen:kernels`,
// which writes lstm_sequence.wgsl (what the GPU runs) with every @unroll region spelled out
// (tools/unroll_wgsl.ts; gru_sequence.rolled.wgsl says why and how).

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
  r$row: vec4<f32>, // @unroll row < 8
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
    // @unroll row < 8
    if (ROWS > $rowu) {
      h_ws[$rowu * CAPQ + q] = h0[min(first + $rowu, p.batch - 1u) * Q + q];
      c_ws[$rowu * CAPQ + q] = c0[min(first + $rowu, p.batch - 1u) * Q + q];
    }
    // @end
  }
}

/**
 * W_hh h for gates i, f, g, o of the 4 units of quad q and the 8 rows, reading h from slot `cur`:
 * per 4 k, 16 vec4 of weights (one per gate and unit, 4 consecutive k) and 8 vec4 of state feed
 * 512 multiply-adds. Result: one vec4 (over the quad's units) per gate and row.
 */
fn recurrent(cur: u32, q: u32) -> Gates8 {
  let Q = p.quads;
  var i$row = vec4<f32>(0.0); // @unroll row < 8
  var f$row = vec4<f32>(0.0); // @unroll row < 8
  var g$row = vec4<f32>(0.0); // @unroll row < 8
  var o$row = vec4<f32>(0.0); // @unroll row < 8
  for (var kq = 0u; kq < Q; kq++) {
    // Unit 4q + k's weights for k in 4 kq .. 4 kq + 3, each gate.
    let wi$k = w_hh[(0u * Q + q) * 4u * Q + $ku * Q + kq]; // @unroll k < 4
    let wf$k = w_hh[(1u * Q + q) * 4u * Q + $ku * Q + kq]; // @unroll k < 4
    let wg$k = w_hh[(2u * Q + q) * 4u * Q + $ku * Q + kq]; // @unroll k < 4
    let wo$k = w_hh[(3u * Q + q) * 4u * Q + $ku * Q + kq]; // @unroll k < 4
    // @unroll row < 8
    if (ROWS > $rowu) {
      let h = h_ws[cur + $rowu * CAPQ + kq];
      i$row += vec4<f32>(dot(wi0, h), dot(wi1, h), dot(wi2, h), dot(wi3, h));
      f$row += vec4<f32>(dot(wf0, h), dot(wf1, h), dot(wf2, h), dot(wf3, h));
      g$row += vec4<f32>(dot(wg0, h), dot(wg1, h), dot(wg2, h), dot(wg3, h));
      o$row += vec4<f32>(dot(wo0, h), dot(wo1, h), dot(wo2, h), dot(wo3, h));
    }
    // @end
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
      // @unroll row < 8
      if (ROWS > $rowu) {
        let b = first + $rowu;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r$row + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r$row + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r$row + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r$row + bo));
        let h = h_ws[cur + $rowu * CAPQ + q];
        let c = c_ws[$rowu * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + $rowu * CAPQ + q] = h_next;
        c_ws[$rowu * CAPQ + q] = c_next;
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
      // @end
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
      // @unroll row < 8
      if (ROWS > $rowu) {
        let b = first + $rowu;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 4u * Q + q; // xp quad of gate i
        let ig = sigmoid4(xp[x] + (a.i.r$row + bi));
        let fg = sigmoid4(xp[x + Q] + (a.f.r$row + bf));
        let gg = tanh4(xp[x + 2u * Q] + (a.g.r$row + bg));
        let og = sigmoid4(xp[x + 3u * Q] + (a.o.r$row + bo));
        let h = h_ws[cur + $rowu * CAPQ + q];
        let c = c_ws[$rowu * CAPQ + q];
        let c_next = select(c, fg * c + ig * gg, run);
        let h_next = select(h, og * tanh4(c_next), run);
        h_ws[nxt + $rowu * CAPQ + q] = h_next;
        c_ws[$rowu * CAPQ + q] = c_next;
        if (b < p.batch) {
          let o = (b * S + t) * 2u * Q + q;
          out[o] = h_next;
          out[o + Q] = c_next;
        }
      }
      // @end
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
  var a$row = vec4<f32>(0.0); // @unroll row < 8
  var b$row = vec4<f32>(0.0); // @unroll row < 8
  for (var jq = 0u; jq < 4u * Q; jq++) {
    // Gate rows 4 jq .. 4 jq + 3 of W_hh, columns 4q .. 4q + 3 and 4q2 .. 4q2 + 3.
    let w$k = w_hh[(4u * jq + $ku) * Q + q]; // @unroll k < 4
    let v$k = w_hh[(4u * jq + $ku) * Q + q2]; // @unroll k < 4
    // @unroll row < 8
    if (ROWS > $rowu) {
      let g = dg_ws[$rowu * 4u * CAPQ + jq];
      a$row += w0 * g.x + w1 * g.y + w2 * g.z + w3 * g.w;
      b$row += v0 * g.x + v1 * g.y + v2 * g.z + v3 * g.w;
    }
    // @end
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
      // @unroll row < 8
      if (ROWS > $rowu) {
        let b = first + $rowu;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let o = (bb * S + t) * 2u * Q + q; // [h | c] quad of this step
        let dh = dh_ws[$rowu * CAPQ + q] + d_out[o]; // dL/dh'
        let dc = dc_ws[$rowu * CAPQ + q] + d_out[o + Q]; // dL/dc', the direct part
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
        dg_ws[$rowu * 4u * CAPQ + q] = di;
        dg_ws[$rowu * 4u * CAPQ + Q + q] = df;
        dg_ws[$rowu * 4u * CAPQ + 2u * Q + q] = dg;
        dg_ws[$rowu * 4u * CAPQ + 3u * Q + q] = do_;
        dc_ws[$rowu * CAPQ + q] = select(dc, dct * fg, run); // padded steps pass dL/dc through
        dh_ws[$rowu * CAPQ + q] = select(dh, zero, run); // phase 2 adds W_hh^T dgates
        if (b < p.batch) {
          let g = (b * S + t) * 4u * Q + q;
          dgates[g] = di;
          dgates[g + Q] = df;
          dgates[g + 2u * Q] = dg;
          dgates[g + 3u * Q] = do_;
          h_prev[(b * S + t) * Q + q] = h_before;
        }
      }
      // @end
    }
    workgroupBarrier();
    // 2. Through a = xp + W_hh h + b_hh: dh += W_hh^T dgates.
    for (var q = lid; q < Q; q += 2u * WG) {
      let has2 = q + WG < Q;
      let q2 = select(q, q + WG, has2);
      let a = recurrent_backward(q, q2);
      // @unroll row < 8
      if (ROWS > $rowu) {
        dh_ws[$rowu * CAPQ + q] += a.a.r$row;
      }
      // @end
      if (has2) {
        // @unroll row < 8
        if (ROWS > $rowu) {
          dh_ws[$rowu * CAPQ + q2] += a.b.r$row;
        }
        // @end
      }
    }
    workgroupBarrier();
  }
  for (var q = lid; q < Q; q += WG) {
    // @unroll row < 8
    if (ROWS > $rowu && first + $rowu < p.batch) {
      dh0[(first + $rowu) * Q + q] = dh_ws[$rowu * CAPQ + q];
      dc0[(first + $rowu) * Q + q] = dc_ws[$rowu * CAPQ + q];
    }
    // @end
  }
}
