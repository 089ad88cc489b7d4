/**
 * The kernels of tools/matmul_lab.ts: WGSL generators for each family (see that file's comment)
 * and the default list of variants it runs.
 */

/** One kernel to try. */
export interface Variant {
  name: string;
  wgsl: string;
  /** A and B read from rgba32float textures (4 consecutive values a texel). */
  tex?: boolean;
  /** B bound as a uniform buffer (the whole of it: at most 64 KiB). */
  ubo?: boolean;
  /** Workgroups for a product [m, k] x [k, n]. */
  grid(m: number, n: number): [number, number];
}

const HEADER = `
struct P { m: u32, k: u32, n: u32, pad: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> a4: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b4: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> out4: array<vec4<f32>>;
`;

/** B as a uniform buffer (at most 64 KiB): llvmpipe loads a uniform-buffer value once for all lanes when its address is the same for all. */
const HEADER_UBO = HEADER.replace(
  "@group(0) @binding(2) var<storage, read> b4: array<vec4<f32>>;",
  "@group(0) @binding(2) var<uniform> bu: array<vec4<f32>, 4096>;",
);

/** A and B as rgba32float textures: A [m rows, k/4 texels], B [k rows, n/4 texels]. */
const HEADER_TEX = HEADER.replace(
  "@group(0) @binding(1) var<storage, read> a4: array<vec4<f32>>;\n@group(0) @binding(2) var<storage, read> b4: array<vec4<f32>>;",
  "@group(0) @binding(1) var ta: texture_2d<f32>;\n@group(0) @binding(2) var tb: texture_2d<f32>;",
);

const range = (n: number) => [...Array(n).keys()];
const comp = ["x", "y", "z", "w"];

/** Every invocation owns TM x TN outputs (TN a multiple of 4); WG invocations, WG_N along n. */
function blk(
  tm: number,
  tn: number,
  wg: number,
  wgN: number,
  tex = false,
  noLoad = false,
  ubo = false,
): Variant {
  const tn4 = tn / 4;
  const wgM = wg / wgN;
  const lines: string[] = [];
  for (const i of range(tm)) {
    for (const j of range(tn4)) lines.push(`var c${i}_${j} = vec4<f32>(0.0);`);
  }
  const body: string[] = [];
  const loads: string[] = [];
  for (const i of range(tm)) {
    loads.push(
      tex
        ? `let av${i} = textureLoad(ta, vec2<u32>(kq, min(r0 + ${i}u, p.m - 1u)), 0);`
        : `let av${i} = a4[(min(r0 + ${i}u, p.m - 1u)) * k4 + kq];`,
    );
  }
  for (const kk of range(4)) {
    for (const j of range(tn4)) {
      loads.push(
        tex
          ? `let b${kk}_${j} = textureLoad(tb, vec2<u32>(min(q0 + ${j}u, n4 - 1u), kq * 4u + ${kk}u), 0);`
          : `let b${kk}_${j} = ${
            ubo ? "bu" : "b4"
          }[(kq * 4u + ${kk}u) * n4 + min(q0 + ${j}u, n4 - 1u)];`,
      );
    }
    for (const i of range(tm)) {
      for (const j of range(tn4)) {
        body.push(`c${i}_${j} = fma(vec4<f32>(av${i}.${comp[kk]}), b${kk}_${j}, c${i}_${j});`);
      }
    }
  }
  const store: string[] = [];
  for (const i of range(tm)) {
    for (const j of range(tn4)) {
      store.push(
        `if (r0 + ${i}u < p.m && q0 + ${j}u < n4) { out4[(r0 + ${i}u) * n4 + q0 + ${j}u] = c${i}_${j}; }`,
      );
    }
  }
  const wgsl = `${tex ? HEADER_TEX : ubo ? HEADER_UBO : HEADER}
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let k4 = p.k / 4u;
  let n4 = p.n / 4u;
  let r0 = (wid.y * ${wgM}u + lid / ${wgN}u) * ${tm}u;
  let q0 = (wid.x * ${wgN}u + lid % ${wgN}u) * ${tn4}u;
  ${lines.join("\n  ")}
  ${noLoad ? `let kq = 0u;\n  ${loads.join("\n  ")}` : ""}
  for (var kq = 0u; kq < k4; kq++) {
    ${noLoad ? "" : loads.join("\n    ")}
    ${body.join("\n    ")}
  }
  ${store.join("\n  ")}
}`;
  return {
    ubo,
    name: `blk${tex ? "T" : ""}${ubo ? "U" : ""}${noLoad ? "-noload" : ""} ${tm}x${tn} wg${wg}`,
    wgsl,
    tex,
    grid: (m, n) => [Math.ceil(n / (tn * wgN)), Math.ceil(m / (tm * wgM))],
  };
}

/**
 * One (or `tm`: 1 or 2) output row per invocation, TN columns per workgroup: the B loads'
 * addresses depend only on the workgroup and the loop counter (uniform), A's on the row.
 */
function rows(tn: number, wg: number, tm = 1, ubo = false): Variant {
  const tn4 = tn / 4;
  const decl: string[] = [];
  for (const i of range(tm)) {
    for (const j of range(tn4)) decl.push(`var c${i}_${j} = vec4<f32>(0.0);`);
  }
  const body: string[] = [];
  for (const i of range(tm)) body.push(`let a${i} = a4[ra${i} + kq];`);
  for (const kk of range(4)) {
    body.push(`let brow${kk} = (kq * 4u + ${kk}u) * n4 + q0;`);
    for (const j of range(tn4)) {
      body.push(`let b${kk}_${j} = ${ubo ? "bu" : "b4"}[brow${kk} + ${j}u];`);
      for (const i of range(tm)) {
        body.push(`c${i}_${j} = fma(vec4<f32>(a${i}.${comp[kk]}), b${kk}_${j}, c${i}_${j});`);
      }
    }
  }
  const store: string[] = [];
  for (const i of range(tm)) {
    store.push(`if (r${i} < p.m) {`);
    for (const j of range(tn4)) store.push(`  out4[r${i} * n4 + q0 + ${j}u] = c${i}_${j};`);
    store.push(`}`);
  }
  const rowsDecl = range(tm).map((i) =>
    `let r${i} = wid.y * ${wg * tm}u + ${i * wg}u + lid;\n  let ra${i} = min(r${i}, p.m - 1u) * k4;`
  );
  const wgsl = `${ubo ? HEADER_UBO : HEADER}
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let k4 = p.k / 4u;
  let n4 = p.n / 4u;
  let q0 = wid.x * ${tn4}u;
  ${rowsDecl.join("\n  ")}
  ${decl.join("\n  ")}
  for (var kq = 0u; kq < k4; kq++) {
    ${body.join("\n    ")}
  }
  ${store.join("\n  ")}
}`;
  return {
    name: `rows${ubo ? "U" : ""}${tm === 1 ? "" : tm} ${tn} wg${wg}`,
    ubo,
    wgsl,
    grid: (m, n) => [Math.ceil(n / tn), Math.ceil(m / (wg * tm))],
  };
}

/** The default list of variants. */
export function allVariants(): Variant[] {
  return [
    blk(8, 8, 64, 8),
    blk(4, 8, 64, 8),
    blk(2, 8, 64, 8),
    blk(1, 8, 64, 8),
    blk(4, 4, 64, 8),
    blk(8, 4, 64, 8),
    blk(1, 4, 64, 8),
    blk(4, 8, 64, 8, true),
    blk(8, 8, 64, 8, true),
    blk(4, 4, 64, 8, true),
    blk(2, 8, 64, 8, true),
    blk(1, 8, 64, 8, true),
    blk(2, 4, 64, 8, true),
    blk(3, 4, 64, 8, true),
    blk(1, 4, 64, 8, true),
    blk(16, 8, 64, 8, true),
    blk(8, 16, 64, 4, true),
    blk(16, 16, 64, 4, true),
    blk(16, 8, 64, 8),
    blk(8, 16, 64, 4),
    blk(16, 16, 64, 4),
    blk(4, 8, 64, 8, false, false, true),
    blk(8, 8, 64, 8, false, false, true),
    blk(4, 4, 64, 8, false, false, true),
    blk(16, 8, 64, 8, false, false, true),
    blk(4, 8, 64, 8, false, true),
    blk(4, 4, 64, 8, false, true),
    blk(8, 8, 64, 8, false, true),
    ...[4, 8, 12, 16].map((tn) => rows(tn, 64)),
    ...[8, 16, 32, 128, 256].map((wg) => rows(8, wg)),
    rows(8, 64, 2),
    rows(4, 64, 2),
    ...[4, 8, 12, 16].map((tn) => rows(tn, 64, 1, true)),
    ...[8, 32, 128].map((wg) => rows(12, wg, 1, true)),
    rows(8, 64, 2, true),
  ];
}
