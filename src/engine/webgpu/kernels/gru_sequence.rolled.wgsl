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
// Every buffer is read and written as vec4: index = (float index) / 4.
//
// Source and generated kernel: edit gru_sequence.rolled.wgsl, then run `deno task gen:kernels`,
// which writes gru_sequence.wgsl (what the GPU runs) with every @unroll region spelled out
// (tools/unroll_wgsl.ts). Each row's code is written once, in a region repeated for row = 0..7
// where `$row` is the row's number (`a$row` -> a3, `$rowu` -> 3u); a trailing `@unroll k < 4`
// repeats one line. Not a WGSL loop over arrays: naga + llvmpipe keep loops over private arrays
// rolled and the arrays in memory (see kernels/matmul_blocked.wgsl).

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
  r$row: vec4<f32>, // @unroll row < 8
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
    // @unroll row < 8
    if (ROWS > $rowu) {
      h_ws[$rowu * CAPQ + q] = h0[min(first + $rowu, p.batch - 1u) * Q + q];
    }
    // @end
  }
}

/**
 * W_hh h for gates r, z, n of the 4 units of quad q and the 8 rows, reading h from slot `cur`:
 * per 4 k, 12 vec4 of weights (one per gate and unit, 4 consecutive k) and 8 vec4 of state feed
 * 384 multiply-adds. Result: one vec4 (over the quad's units) per gate and row.
 */
fn recurrent(cur: u32, q: u32) -> Gates8 {
  let Q = p.quads;
  var r$row = vec4<f32>(0.0); // @unroll row < 8
  var z$row = vec4<f32>(0.0); // @unroll row < 8
  var n$row = vec4<f32>(0.0); // @unroll row < 8
  for (var kq = 0u; kq < Q; kq++) {
    // Unit 4q + k's weights for k in 4 kq .. 4 kq + 3, each gate.
    let wr$k = w_hh[(0u * Q + q) * 4u * Q + $ku * Q + kq]; // @unroll k < 4
    let wz$k = w_hh[(1u * Q + q) * 4u * Q + $ku * Q + kq]; // @unroll k < 4
    let wn$k = w_hh[(2u * Q + q) * 4u * Q + $ku * Q + kq]; // @unroll k < 4
    // @unroll row < 8
    if (ROWS > $rowu) {
      let h = h_ws[cur + $rowu * CAPQ + kq];
      r$row += vec4<f32>(dot(wr0, h), dot(wr1, h), dot(wr2, h), dot(wr3, h));
      z$row += vec4<f32>(dot(wz0, h), dot(wz1, h), dot(wz2, h), dot(wz3, h));
      n$row += vec4<f32>(dot(wn0, h), dot(wn1, h), dot(wn2, h), dot(wn3, h));
    }
    // @end
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
      // @unroll row < 8
      if (ROWS > $rowu) {
        let b = first + $rowu;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
        let prev = h_ws[cur + $rowu * CAPQ + q];
        let hn = a.n.r$row + bn;
        let rg = sigmoid4(xp[x] + (a.r.r$row + br));
        let zg = sigmoid4(xp[x + Q] + (a.z.r$row + bz));
        let ng = tanh4(xp[x + 2u * Q] + rg * hn);
        let next = select(prev, ng + zg * (prev - ng), run);
        h_ws[nxt + $rowu * CAPQ + q] = next;
        if (b < p.batch) {
          out[(b * S + t) * Q + q] = next;
          let o = (b * S + t) * 4u * Q + q;
          saved[o] = rg;
          saved[o + Q] = zg;
          saved[o + 2u * Q] = ng;
          saved[o + 3u * Q] = hn;
        }
      }
      // @end
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
      // @unroll row < 8
      if (ROWS > $rowu) {
        let b = first + $rowu;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let x = (bb * S + t) * 3u * Q + q; // xp quad of gate r
        let prev = h_ws[cur + $rowu * CAPQ + q];
        let hn = a.n.r$row + bn;
        let rg = sigmoid4(xp[x] + (a.r.r$row + br));
        let zg = sigmoid4(xp[x + Q] + (a.z.r$row + bz));
        let ng = tanh4(xp[x + 2u * Q] + rg * hn);
        let next = select(prev, ng + zg * (prev - ng), run);
        h_ws[nxt + $rowu * CAPQ + q] = next;
        if (b < p.batch) {
          out[(b * S + t) * Q + q] = next;
        }
      }
      // @end
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
  var a$row = vec4<f32>(0.0); // @unroll row < 8
  var b$row = vec4<f32>(0.0); // @unroll row < 8
  for (var jq = 0u; jq < 3u * Q; jq++) {
    // Gate rows 4 jq .. 4 jq + 3 of W_hh, columns 4q .. 4q + 3 and 4q2 .. 4q2 + 3.
    let w$k = w_hh[(4u * jq + $ku) * Q + q]; // @unroll k < 4
    let v$k = w_hh[(4u * jq + $ku) * Q + q2]; // @unroll k < 4
    // @unroll row < 8
    if (ROWS > $rowu) {
      let g = dg_ws[$rowu * 3u * CAPQ + jq];
      a$row += w0 * g.x + w1 * g.y + w2 * g.z + w3 * g.w;
      b$row += v0 * g.x + v1 * g.y + v2 * g.z + v3 * g.w;
    }
    // @end
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
      // @unroll row < 8
      if (ROWS > $rowu) {
        let b = first + $rowu;
        let run = t < length_of(b);
        let bb = min(b, p.batch - 1u);
        let at = (bb * S + t) * Q + q;
        let d = dh_ws[$rowu * CAPQ + q] + d_out[at]; // dL/dh' of this step
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
        dg_ws[$rowu * 3u * CAPQ + q] = dar;
        dg_ws[$rowu * 3u * CAPQ + Q + q] = daz;
        dg_ws[$rowu * 3u * CAPQ + 2u * Q + q] = dhn;
        dh_ws[$rowu * CAPQ + q] = select(d, d * zg, run); // padded steps pass d through
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
      // @end
    }
    workgroupBarrier();
    // 2. Through hp = W_hh h + b_hh: dh += W_hh^T dhp.
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
    }
    // @end
  }
}
