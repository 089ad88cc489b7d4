/**
 * The layers of src/ import only downward (docs/ARCHITECTURE.md). Each folder belongs to one
 * layer; a file may import from its own folder, from its layer's own subfolders, and from any
 * lower layer, never from a higher one. Inside the engine, ops never reach a backend
 * implementation, and the two backends never reach each other. src/main.ts is the composition
 * root and may import anything.
 */
import assert from "node:assert/strict";

const src = new URL("../../src/", import.meta.url).pathname;

/** Bottom to top. A file's layer is the first entry its path (under src/) starts with. */
const LAYERS: readonly (readonly string[])[] = [
  ["platform/"],
  ["engine/"],
  ["data/"],
  ["models/"],
  ["measure/"],
  ["train/"],
  ["bench/"],
  ["experiments/"],
  ["app/"],
  ["render/"],
  ["cli/"],
  ["repl/"],
];

/** Inside the engine, bottom to top (engine/open_backend.ts alone opens cpu and webgpu). */
const ENGINE: readonly (readonly string[])[] = [
  ["engine/backend/"],
  [
    "engine/tensor.ts",
    "engine/layout.ts",
    "engine/tape.ts",
    "engine/policy.ts",
    "engine/random.ts",
  ],
  ["engine/ops/"],
  ["engine/fused/", "engine/optim/"],
  ["engine/cpu/", "engine/webgpu/"],
  ["engine/open_backend.ts", "engine/all_ops.ts", "engine/mod.ts"],
];

/** Imports that break the rules today, to be removed as the code moves (must end empty). */
export const ALLOWED_VIOLATIONS: readonly string[] = [];

/** Files below render/ that still print, to be emptied the same way. */
const ALLOWED_PRINTING: readonly string[] = [];

/** Files outside the engine that still read the tape to pick a kernel, likewise. */
const ALLOWED_TAPE_READERS: readonly string[] = [];

function layerOf(path: string, layers: readonly (readonly string[])[]): number {
  return layers.findIndex((prefixes) => prefixes.some((p) => path.startsWith(p)));
}

/** Every relative import and re-export of a source file, resolved to a path under src/. */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const m of text.matchAll(pattern)) {
    const resolved = new URL(m[1], `file://${src}${file}`).pathname;
    if (resolved.startsWith(src)) found.push(resolved.slice(src.length));
  }
  return found;
}

function sourceFiles(dir = src, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const rel = prefix + entry.name;
    if (entry.isDirectory) files.push(...sourceFiles(`${dir}${entry.name}/`, `${rel}/`));
    else if (entry.name.endsWith(".ts")) files.push(rel);
  }
  return files.sort();
}

/** The rule an import breaks, or null. */
export function violation(from: string, to: string): string | null {
  if (from === "main.ts") return null; // the composition root
  const a = layerOf(from, LAYERS);
  const b = layerOf(to, LAYERS);
  if (a < 0) return `${from} is in no layer`;
  if (b < 0) return `${to} is in no layer`;
  if (b > a) return `${LAYERS[a][0]} imports upward into ${LAYERS[b][0]}`;
  if (a === 1 && b === 1) {
    const ea = layerOf(from, ENGINE);
    const eb = layerOf(to, ENGINE);
    if (ea < 0 || eb < 0) return `${ea < 0 ? from : to} is in no engine layer`;
    if (eb > ea) return `engine: ${from} imports upward into ${to}`;
    const backendOf = (p: string) => p.match(/^engine\/(cpu|webgpu)\//)?.[1];
    if (backendOf(from) && backendOf(to) && backendOf(from) !== backendOf(to)) {
      return `engine: the ${backendOf(from)} backend imports the ${backendOf(to)} backend`;
    }
  }
  return null;
}

Deno.test("every import in src/ points to its own layer or one below", () => {
  const found: string[] = [];
  for (const file of sourceFiles()) {
    for (const to of importsOf(file, Deno.readTextFileSync(`${src}${file}`))) {
      const why = violation(file, to);
      if (why) found.push(`${file} -> ${to}: ${why}`);
    }
  }
  const unexpected = found.filter((v) => !ALLOWED_VIOLATIONS.some((a) => v.startsWith(a)));
  assert.deepEqual(unexpected, [], `imports against the layering:\n${unexpected.join("\n")}`);
  const stale = ALLOWED_VIOLATIONS.filter((a) => !found.some((v) => v.startsWith(a)));
  assert.deepEqual(stale, [], "allowlisted imports that no longer exist: remove them");
});

Deno.test("every layer has a mod.ts: its public surface, explained with a runnable example", () => {
  const missing: string[] = [];
  for (const [folder] of LAYERS) {
    const path = `${src}${folder}mod.ts`;
    let text: string;
    try {
      text = Deno.readTextFileSync(path);
    } catch {
      missing.push(`${folder}mod.ts is missing`);
      continue;
    }
    const doc = /^\/\*\*([\s\S]*?)\*\//.exec(text)?.[1] ?? "";
    if (!doc.includes("@module")) missing.push(`${folder}mod.ts opens with no @module doc`);
    // deno task test runs it (deno test --doc); "```ts ignore" would not count.
    if (!/```ts\n/.test(doc)) missing.push(`${folder}mod.ts has no \`\`\`ts example`);
    if (!/^export /m.test(text)) missing.push(`${folder}mod.ts exports nothing`);
  }
  assert.deepEqual(missing, []);
});

Deno.test("violation() catches an upward import, a cross-backend import and an engine inversion", () => {
  assert.equal(violation("models/transformer.ts", "engine/ops/mod.ts"), null);
  assert.match(violation("engine/ops/matmul.ts", "models/model.ts")!, /upward/);
  assert.match(violation("engine/webgpu/backend.ts", "engine/cpu/check.ts")!, /cpu backend/);
  assert.match(violation("engine/ops/matmul.ts", "engine/webgpu/runtime.ts")!, /engine: /);
  assert.match(violation("render/run_view.ts", "cli/session.ts")!, /upward/);
  assert.equal(violation("main.ts", "repl/repl.ts"), null);
});

Deno.test("command files import no other command: what they share lives in app/", () => {
  const found = sourceFiles()
    .filter((f) => f.startsWith("cli/commands/") && f !== "cli/commands/mod.ts")
    .flatMap((f) =>
      importsOf(f, Deno.readTextFileSync(`${src}${f}`))
        .filter((to) => to.startsWith("cli/commands/"))
        .map((to) => `${f} -> ${to}`)
    );
  assert.deepEqual(found, []);
});

Deno.test("nothing below render/ writes to the terminal", () => {
  const renderLayer = layerOf("render/", LAYERS);
  const printing = /\bconsole\.(log|error|warn|info|debug)\b|\bDeno\.std(out|err)\b/;
  const found = sourceFiles()
    .filter((f) => layerOf(f, LAYERS) < renderLayer)
    .filter((f) => printing.test(Deno.readTextFileSync(`${src}${f}`)));
  assert.deepEqual(found, ALLOWED_PRINTING, "files below render/ that print");
});

Deno.test("no file outside the engine reads the autograd tape to choose a kernel", () => {
  const found = sourceFiles()
    .filter((f) => !f.startsWith("engine/"))
    .filter((f) => /\bTape\.current\b/.test(Deno.readTextFileSync(`${src}${f}`)));
  assert.deepEqual(found, ALLOWED_TAPE_READERS);
});

Deno.test("only engine/open_backend.ts opens a backend (with the matmul tuning)", () => {
  // engine/webgpu/runtime.ts defines GpuRuntime.create (and getRuntime, which tests use).
  const opensOne = /\bnew (Cpu|WebGpu)Backend\(|\bGpuRuntime\.create\(/;
  const found = sourceFiles()
    .filter((f) => f !== "engine/open_backend.ts" && f !== "engine/webgpu/runtime.ts")
    .filter((f) => opensOne.test(withoutComments(Deno.readTextFileSync(`${src}${f}`))));
  assert.deepEqual(found, [], "files that open a backend of their own: use openBackend");
});

/** Source text without its comment lines (JSDoc and // lines): mentions in prose do not count. */
function withoutComments(text: string): string {
  return text.split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join("\n");
}
