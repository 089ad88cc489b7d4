// flash_attention: exact softmax(Q K^T * scale + mask) V without an n x n buffer, the forward of
// FlashAttention (Dao et al. 2022, "FlashAttention: Fast and Memory-Efficient Exact Attention
// with IO-Awareness", Algorithm 1). Keys are taken a block of 8 at a time; each query row keeps
// a running max m and a running sum l = sum exp(score - m), and its output row O holds
// sum exp(score - m) v. Per block: the scores, the new max m', then O = O * exp(m - m') + P V
// and l = l * exp(m - m') + rowsum(P) with P = exp(S - m') (the online softmax of Milakov &
// Gimelshein 2018). At the end O / l is the output and m + log(l) the row's log-sum-exp.
//
// Work split (measured on llvmpipe, see src/engine/webgpu/kernels/flash_attention.ts): one invocation per 4
// query rows of one (batch, head), a 4 x 8 tile of scores in registers (two mat4x4), so every
// loaded vec4 of q, k or v feeds 16 to 32 multiply-adds, as in the register-blocked matmul
// (kernels/matmul_blocked.wgsl); no workgroup memory, no barriers. Like Algorithm 1, the output
// rows stay in main memory (`out`) between key blocks: a 4 x d_k tile of O would not fit in
// registers. Grid: workgroup (x, y) = (WG * 4 queries, batch * heads + head).
//
// Keys come in chunks [key_start, key_end), one dispatch each: Mesa's llvmpipe ends an invocation
// after 65535 loop iterations counted over all the loops of a shader (LP_MAX_TGSI_LOOP_ITERATIONS),
// silently, so a long row is split over dispatches, carrying m and l in lse and row_sum.
//
// Layouts and masks are the attention primitive's (AttentionParams in src/engine/backend/contract.ts):
// q (b, t, h, c) at q[(b * tq + t) * q_stride + q_offset + h * dk + c], k and v rows likewise
// with kv_stride and k_offset / v_offset (k and v may be one buffer bound twice), out
// [B, tq, heads * dk], lse and row_sum [B, heads, tq]. q, k, v and out are read as vec4, so dk,
// the strides and the offsets must be multiples of 4 (the host pads other layouts): measured
// ~40% faster than four scalar loads each (fewer bounds checks and address computations).
// A key is hidden by the causal rule (j > t + causal_offset) or a -Infinity in the additive
// mask [mask_groups, mask_rows, tk]; a row with every key hidden gives out 0 and lse -Infinity.
//
// The fused attention primitive also returns the weights [B, heads, tq, tk]: with write_scores
// the forward leaves each visible key's score z (HIDDEN when the mask hides it) in `scores`.
// With write_scores 2 (a row short enough for one dispatch, the models' case) the last chunk
// turns them in place into weights exp(z - m) / l itself; with 1, attention_weights does,
// as exp(z - lse) with one invocation per element.

struct FlashParams {
  batch: u32,
  heads: u32,
  tq: u32,
  tk: u32,
  dk: u32,
  q_stride: u32,
  q_offset: u32,
  kv_stride: u32,
  k_offset: u32,
  v_offset: u32,
  causal: u32,
  causal_offset: i32,
  has_mask: u32,
  mask_groups: u32,
  mask_rows: u32,
  scale: f32,
  key_start: u32,
  key_end: u32,
  first: u32,
  last: u32,
  write_scores: u32, // 0: no scores; 1: scores; 2: weights (needs first and last)
}

@group(0) @binding(0) var<uniform> p: FlashParams;
// flash_attention_forward: q, k, v, mask -> out, lse, row_sum, scores
@group(0) @binding(1) var<storage, read> q: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> k: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> v: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> mask: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> lse: array<f32>;
@group(0) @binding(7) var<storage, read_write> row_sum: array<f32>;
@group(0) @binding(8) var<storage, read_write> scores: array<f32>;
// attention_weights: lse_in -> weights (the scores, in place)
@group(0) @binding(1) var<storage, read> lse_in: array<f32>;
@group(0) @binding(2) var<storage, read_write> weights: array<f32>;

override WG: u32 = 16;

/** Query rows per invocation and keys per block: a 4 x 8 tile of scores. */
const ROWS: u32 = 4u;
const KEYS: u32 = 8u;
/** Score of a hidden key, and the running max before any visible key (finite: WGSL may assume no infinities). */
const HIDDEN: f32 = -3.0e38;
const NEG_INF_BITS: u32 = 0xff800000u;
const LANE: vec4<u32> = vec4<u32>(0u, 1u, 2u, 3u);

fn is_neg_inf(v: f32) -> bool {
  return bitcast<u32>(v) == NEG_INF_BITS;
}

/** Number of keys query t may see under the causal rule (all tk without it). */
fn visible_keys(t: u32) -> u32 {
  if (p.causal == 0u) {
    return p.tk;
  }
  return u32(clamp(i32(t) + p.causal_offset + 1, 0, i32(p.tk)));
}

/** Where an invocation works: its 4 query rows of one (batch, head). */
struct Tile {
  b: u32,
  h: u32,
  /** The rows' query positions, clamped to tq - 1 past the end. */
  t: vec4<u32>,
  /** Which rows exist (only those are stored). */
  valid: vec4<bool>,
  /** Rows (b, h, t) of lse and row_sum. */
  row: vec4<u32>,
  /** Keys each row sees (causal rule). */
  visible: vec4<u32>,
  /** Start of each row's mask row. */
  mask_at: vec4<u32>,
}

/**
 * Scaled, masked scores of one key (column j of the score tile, one value per row): HIDDEN where
 * the key is hidden. Also writes them to `scores` when the fused primitive asks.
 */
fn score_column(tile: Tile, dots: vec4<f32>, j: u32, key_end: u32) -> vec4<f32> {
  let in_row = vec4<u32>(j) < min(tile.visible, vec4<u32>(key_end));
  var z = dots * p.scale;
  var keep = in_row;
  if (p.has_mask != 0u) {
    let mv = vec4<f32>(
      mask[tile.mask_at.x + j],
      mask[tile.mask_at.y + j],
      mask[tile.mask_at.z + j],
      mask[tile.mask_at.w + j],
    );
    let hidden = vec4<bool>(is_neg_inf(mv.x), is_neg_inf(mv.y), is_neg_inf(mv.z), is_neg_inf(mv.w));
    keep = keep & !hidden;
    z += mv;
  }
  z = select(vec4<f32>(HIDDEN), z, keep);
  if (p.write_scores != 0u) {
    let write = in_row & tile.valid;
    for (var r = 0u; r < ROWS; r++) {
      if (write[r]) {
        scores[tile.row[r] * p.tk + j] = z[r];
      }
    }
  }
  return z;
}

/** exp(z - m) where the key is visible, else 0. */
fn weight_column(z: vec4<f32>, m: vec4<f32>) -> vec4<f32> {
  return select(vec4<f32>(0.0), exp(z - m), z != vec4<f32>(HIDDEN));
}

/** One output row's columns 4c .. 4c + 3: O = O * correction + (P V), if the row exists. */
fn update_out(valid: bool, o_at: u32, c: u32, correction: f32, pv: vec4<f32>) {
  if (valid) {
    out[o_at + c] = out[o_at + c] * correction + pv;
  }
}

fn max_column(s: mat4x4<f32>) -> vec4<f32> {
  return max(max(s[0], s[1]), max(s[2], s[3]));
}

@compute @workgroup_size(WG)
fn flash_attention_forward(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  // 1. The tile: 4 query rows of head (b, h), and the workgroup's last row for the loop bound
  // (uniform, so every lane walks the same keys; each row hides the keys past its own).
  var tile: Tile;
  let bh = wid.y;
  tile.b = bh / p.heads;
  tile.h = bh % p.heads;
  let t0 = (wid.x * WG + lid) * ROWS;
  let t_wg_last = min((wid.x + 1u) * WG * ROWS, p.tq) - 1u;
  tile.valid = vec4<u32>(t0) + LANE < vec4<u32>(p.tq);
  tile.t = min(vec4<u32>(t0) + LANE, vec4<u32>(p.tq - 1u));
  tile.row = vec4<u32>(bh * p.tq) + tile.t;
  tile.visible = vec4<u32>(
    visible_keys(tile.t.x),
    visible_keys(tile.t.y),
    visible_keys(tile.t.z),
    visible_keys(tile.t.w),
  );
  let key_end = min(p.key_end, visible_keys(t_wg_last));
  let mg = select(tile.b, 0u, p.mask_groups == 1u);
  let mr = select(tile.t, vec4<u32>(0u), p.mask_rows == 1u);
  tile.mask_at = (vec4<u32>(mg * p.mask_rows) + mr) * p.tk;
  // Offsets in vec4s.
  let b = tile.b;
  let d4 = p.dk / 4u;
  let kv_stride = p.kv_stride / 4u;
  let q_at = (vec4<u32>(b * p.tq) + tile.t) * (p.q_stride / 4u) + (p.q_offset / 4u) + tile.h * d4;
  let o_at = (vec4<u32>(b * p.tq) + tile.t) * p.heads * d4 + tile.h * d4;
  let k_at = b * p.tk * kv_stride + p.k_offset / 4u + tile.h * d4;
  let v_at = b * p.tk * kv_stride + p.v_offset / 4u + tile.h * d4;

  // 2. The running state: fresh (O = 0), or carried over from the previous chunk of keys.
  var m = vec4<f32>(HIDDEN);
  var l = vec4<f32>(0.0);
  if (p.first != 0u) {
    for (var c = 0u; c < d4; c++) {
      for (var r = 0u; r < ROWS; r++) {
        if (tile.valid[r]) {
          out[o_at[r] + c] = vec4<f32>(0.0);
        }
      }
    }
  } else {
    m = vec4<f32>(lse[tile.row.x], lse[tile.row.y], lse[tile.row.z], lse[tile.row.w]);
    l = vec4<f32>(
      row_sum[tile.row.x],
      row_sum[tile.row.y],
      row_sum[tile.row.z],
      row_sum[tile.row.w],
    );
  }

  // 3. Blocks of 8 keys (a block past key_end repeats the last key, hidden by score_column).
  for (var j0 = p.key_start; j0 < key_end; j0 += KEYS) {
    let keys_lo = min(vec4<u32>(j0) + LANE, vec4<u32>(key_end - 1u));
    let keys_hi = min(vec4<u32>(j0 + 4u) + LANE, vec4<u32>(key_end - 1u));
    let k_lo = vec4<u32>(k_at) + keys_lo * kv_stride;
    let k_hi = vec4<u32>(k_at) + keys_hi * kv_stride;
    // S = Q K^T: s_lo[j][r] = q_r . k_(j0 + j), s_hi likewise for keys j0 + 4 .. j0 + 7.
    var s_lo = mat4x4<f32>();
    var s_hi = mat4x4<f32>();
    for (var c = 0u; c < d4; c++) {
      let q_rows = transpose(mat4x4<f32>(q[q_at.x + c], q[q_at.y + c], q[q_at.z + c], q[q_at.w + c]));
      s_lo += q_rows * mat4x4<f32>(k[k_lo.x + c], k[k_lo.y + c], k[k_lo.z + c], k[k_lo.w + c]);
      s_hi += q_rows * mat4x4<f32>(k[k_hi.x + c], k[k_hi.y + c], k[k_hi.z + c], k[k_hi.w + c]);
    }
    s_lo = mat4x4<f32>(
      score_column(tile, s_lo[0], j0, key_end),
      score_column(tile, s_lo[1], j0 + 1u, key_end),
      score_column(tile, s_lo[2], j0 + 2u, key_end),
      score_column(tile, s_lo[3], j0 + 3u, key_end),
    );
    s_hi = mat4x4<f32>(
      score_column(tile, s_hi[0], j0 + 4u, key_end),
      score_column(tile, s_hi[1], j0 + 5u, key_end),
      score_column(tile, s_hi[2], j0 + 6u, key_end),
      score_column(tile, s_hi[3], j0 + 7u, key_end),
    );
    // The new max, the rescale of what was summed under the old one (0 before the first visible
    // key, 1 while the max holds), and P = exp(S - m').
    let m_new = max(m, max(max_column(s_lo), max_column(s_hi)));
    let correction = exp(m - m_new);
    let p_lo = mat4x4<f32>(
      weight_column(s_lo[0], m_new),
      weight_column(s_lo[1], m_new),
      weight_column(s_lo[2], m_new),
      weight_column(s_lo[3], m_new),
    );
    let p_hi = mat4x4<f32>(
      weight_column(s_hi[0], m_new),
      weight_column(s_hi[1], m_new),
      weight_column(s_hi[2], m_new),
      weight_column(s_hi[3], m_new),
    );
    l = l * correction + (p_lo[0] + p_lo[1] + p_lo[2] + p_lo[3]) +
      (p_hi[0] + p_hi[1] + p_hi[2] + p_hi[3]);
    m = m_new;
    // O = O * correction + P V, 4 columns at a time: row r of P is column r of P^T.
    let pt_lo = transpose(p_lo);
    let pt_hi = transpose(p_hi);
    let v_lo = vec4<u32>(v_at) + keys_lo * kv_stride;
    let v_hi = vec4<u32>(v_at) + keys_hi * kv_stride;
    for (var c = 0u; c < d4; c++) {
      let vs_lo = mat4x4<f32>(v[v_lo.x + c], v[v_lo.y + c], v[v_lo.z + c], v[v_lo.w + c]);
      let vs_hi = mat4x4<f32>(v[v_hi.x + c], v[v_hi.y + c], v[v_hi.z + c], v[v_hi.w + c]);
      // Spelled out per row: a loop would index the matrices dynamically (private memory).
      update_out(tile.valid.x, o_at.x, c, correction.x, vs_lo * pt_lo[0] + vs_hi * pt_hi[0]);
      update_out(tile.valid.y, o_at.y, c, correction.y, vs_lo * pt_lo[1] + vs_hi * pt_hi[1]);
      update_out(tile.valid.z, o_at.z, c, correction.z, vs_lo * pt_lo[2] + vs_hi * pt_hi[2]);
      update_out(tile.valid.w, o_at.w, c, correction.w, vs_lo * pt_lo[3] + vs_hi * pt_hi[3]);
    }
  }

  // 4. After the last chunk: O / l and lse = m + log(l); before it: m and l for the next chunk.
  for (var r = 0u; r < ROWS; r++) {
    if (!tile.valid[r]) {
      continue;
    }
    let row = tile.row[r];
    if (p.last == 0u) {
      lse[row] = m[r];
      row_sum[row] = l[r];
      continue;
    }
    let found = l[r] > 0.0;
    lse[row] = select(bitcast<f32>(NEG_INF_BITS), m[r] + log(l[r]), found);
    let norm = select(0.0, 1.0 / l[r], found);
    for (var c = 0u; c < d4; c++) {
      out[o_at[r] + c] *= norm;
    }
    // The fused primitive's weights, when this dispatch saw the whole row (else the host runs
    // attention_weights): exp(z - m) / l, 0 for hidden keys and keys past `visible`.
    if (p.write_scores == 2u) {
      let at = row * p.tk;
      for (var j = 0u; j < p.tk; j++) {
        let z = scores[at + j];
        scores[at + j] = select(0.0, exp(z - m[r]) * norm, j < tile.visible[r] && z != HIDDEN);
      }
    }
  }
}

@compute @workgroup_size(WG)
fn attention_weights(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid; // (b, h, t, j)
  if (i >= p.batch * p.heads * p.tq * p.tk) {
    return;
  }
  let row = i / p.tk;
  let j = i % p.tk;
  // The forward wrote the score of every key j < visible_keys(t), HIDDEN for masked ones.
  let z = weights[i];
  let keep = j < visible_keys(row % p.tq) && z != HIDDEN;
  weights[i] = select(0.0, exp(z - lse_in[row]), keep);
}
