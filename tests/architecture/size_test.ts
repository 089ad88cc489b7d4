/**
 * Size limits of the source (issue #15): no file over MAX_FILE_LINES lines and no function over
 * MAX_FUNCTION_LINES lines in src/, main.ts and tools/. A file or function over the limit is
 * one that does several things; split it by concept (one concept per file) or extract
 * well-named steps. The generated kernels (*.wgsl) are exempt.
 *
 * Functions are found by parsing with TypeScript's own parser: function declarations,
 * methods, constructors, accessors, arrow functions and function expressions, each measured
 * from its first line (its JSDoc excluded) to its last. A function's lines include everything
 * nested in it, so a command chain built inside a function counts against that function.
 */
import assert from "node:assert/strict";
import ts from "typescript";

/** The most lines a source file may have. */
export const MAX_FILE_LINES = 400;
/** The most lines a function may span. */
export const MAX_FUNCTION_LINES = 80;

const root = new URL("../../", import.meta.url).pathname;

/** What the limits cover, relative to the repository root. */
const SCANNED = ["src/", "main.ts", "tools/"];

/**
 * Data tables (a lexicon, a catalog of sentences) may be longer than MAX_FILE_LINES: one entry
 * per line reads better than entries split over files. Each entry says why. Empty today.
 */
const DATA_TABLES: Readonly<Record<string, string>> = {};

/**
 * Functions still over the limit, by `path name`, while other helpers shrink them. This list
 * must become EMPTY; the test fails when an entry is no longer over the limit, so it only
 * shrinks. Never add to it: extract steps instead.
 */
const SHRINKING: readonly string[] = [];

/** Lines of a text as `wc -l` counts them for a file that ends with a newline. */
export function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** A function of a source file: its qualified name, first line (1-based) and line count. */
export interface FunctionSpan {
  name: string;
  line: number;
  lines: number;
}

/** Every function of a TypeScript source, nested ones included, with its span. */
export function functionSpans(path: string, text: string): FunctionSpan[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node, scope: string[]) => {
    let inner = scope;
    if (ts.isClassLike(node) && node.name) inner = [...scope, node.name.text];
    if (
      ts.isObjectLiteralExpression(node) && ts.isVariableDeclaration(node.parent) &&
      ts.isIdentifier(node.parent.name)
    ) {
      inner = [...scope, node.parent.name.text]; // a table of functions: `table.entry`
    }
    if (isFunction(node)) {
      inner = [...scope, nameOf(node)];
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      spans.push({ name: inner.join("."), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, []);
  return spans;
}

function isFunction(node: ts.Node): node is ts.SignatureDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) || ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node);
}

/** A function's own name, else the name it is bound to, else where it is passed. */
function nameOf(node: ts.SignatureDeclaration): string {
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const own = node.name && !ts.isComputedPropertyName(node.name) ? node.name.getText() : "";
  if (own) {
    return ts.isGetAccessor(node) ? `get ${own}` : ts.isSetAccessor(node) ? `set ${own}` : own;
  }
  const parent = node.parent;
  if (
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) && !ts.isComputedPropertyName(parent.name)
  ) {
    return parent.name.getText();
  }
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression;
    const called = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
    return `<callback of ${called}>`;
  }
  return "<anonymous>";
}

/** Every file the limits cover, relative to the root (generated kernels excluded). */
function scannedFiles(): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    const info = Deno.statSync(root + rel);
    if (info.isFile) {
      if (!rel.endsWith(".wgsl")) files.push(rel);
      return;
    }
    for (const entry of Deno.readDirSync(root + rel)) {
      walk(`${rel}${entry.name}${entry.isDirectory ? "/" : ""}`);
    }
  };
  for (const start of SCANNED) walk(start);
  return files.sort();
}

/** Files over the limit, as `path: N lines`. */
export function longFiles(files: Readonly<Record<string, string>>): string[] {
  return Object.entries(files)
    .filter(([, text]) => lineCount(text) > MAX_FILE_LINES)
    .map(([path, text]) => `${path}: ${lineCount(text)} lines`);
}

/** Functions over the limit, keyed `path name`, with where they start and how long they are. */
export function longFunctions(files: Readonly<Record<string, string>>): Map<string, string> {
  const found = new Map<string, string>();
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith(".ts")) continue;
    for (const f of functionSpans(path, text)) {
      if (f.lines > MAX_FUNCTION_LINES) {
        found.set(`${path} ${f.name}`, `${path}:${f.line} ${f.name}: ${f.lines} lines`);
      }
    }
  }
  return found;
}

function readScanned(): Record<string, string> {
  return Object.fromEntries(scannedFiles().map((f) => [f, Deno.readTextFileSync(root + f)]));
}

Deno.test(`no source file is over ${MAX_FILE_LINES} lines (data tables listed with a reason)`, () => {
  const over = longFiles(readScanned());
  const unexpected = over.filter((o) => !Object.hasOwn(DATA_TABLES, o.split(":")[0]));
  assert.deepEqual(unexpected, [], `split these by concept:\n${unexpected.join("\n")}`);
  const stale = Object.keys(DATA_TABLES).filter((f) => !over.some((o) => o.startsWith(`${f}:`)));
  assert.deepEqual(stale, [], "DATA_TABLES entries no longer over the limit: remove them");
});

Deno.test(`no function is over ${MAX_FUNCTION_LINES} lines (SHRINKING only shrinks)`, () => {
  const over = longFunctions(readScanned());
  const unexpected = [...over].filter(([key]) => !SHRINKING.includes(key)).map(([, at]) => at);
  assert.deepEqual(unexpected, [], `extract well-named steps from:\n${unexpected.join("\n")}`);
  const stale = SHRINKING.filter((key) => !over.has(key));
  assert.deepEqual(stale, [], "SHRINKING entries no longer over the limit: remove them");
});

// --- the checker itself, on small fixtures -----------------------------------------------------

/** `n` lines of text, each a statement, ending with a newline. */
function linesOf(n: number): string {
  return Array.from({ length: n }, (_, i) => `const v${i} = ${i};`).join("\n") + "\n";
}

/** A function declaration spanning exactly `n` lines (n >= 2), after a JSDoc that does not count. */
function functionOf(name: string, n: number): string {
  const body = Array.from({ length: n - 2 }, (_, i) => `  const v${i} = ${i};`).join("\n");
  return `/** Not counted. */\nexport function ${name}(): void {\n${body}\n}\n`;
}

Deno.test("the file limit: 400 lines pass, 401 fail; *.wgsl is not scanned", () => {
  assert.equal(lineCount(linesOf(400)), 400);
  assert.equal(lineCount("a\nb"), 2);
  assert.deepEqual(longFiles({ "src/ok.ts": linesOf(400) }), []);
  assert.deepEqual(longFiles({ "src/big.ts": linesOf(401) }), ["src/big.ts: 401 lines"]);
  assert.ok(scannedFiles().every((f) => !f.endsWith(".wgsl")));
  assert.ok(
    scannedFiles().includes("main.ts") && scannedFiles().some((f) => f.startsWith("tools/")),
  );
});

Deno.test("the function limit: 80 lines pass, 81 fail, for every kind of function", () => {
  assert.deepEqual([...longFunctions({ "src/a.ts": functionOf("fits", 80) }).keys()], []);
  assert.deepEqual([...longFunctions({ "src/a.ts": functionOf("long", 81) }).keys()], [
    "src/a.ts long",
  ]);
  const body = Array.from({ length: 79 }, (_, i) => `    const v${i} = ${i};`).join("\n");
  const kinds = [
    `export class C {\n  constructor() {\n${body}\n  }\n  method() {\n${body}\n  }\n}\n`,
    `export class G {\n  get value(): number {\n${body}\n    return 0;\n  }\n}\n`,
    `export const arrow = () => {\n${body}\n};\n`,
    `export const expression = function () {\n${body}\n};\n`,
    `export const table = {\n  entry() {\n${body}\n  },\n};\n`,
    `program.command("x").action(async () => {\n${body}\n});\n`,
  ].join("");
  assert.deepEqual([...longFunctions({ "src/k.ts": kinds }).keys()], [
    "src/k.ts C.constructor",
    "src/k.ts C.method",
    "src/k.ts G.get value",
    "src/k.ts arrow",
    "src/k.ts expression",
    "src/k.ts table.entry",
    "src/k.ts <callback of action>",
  ]);
});

Deno.test("a command chain built inside a function counts against that function", () => {
  const options = Array.from({ length: 80 }, (_, i) => `    .option("--o${i}", "option ${i}")`);
  const text = `export function makeCommand() {\n  return new Command("c")\n${
    options.join("\n")
  };\n}\n`;
  const spans = functionSpans("src/c.ts", text);
  assert.deepEqual(spans, [{ name: "makeCommand", line: 1, lines: 83 }]);
  assert.deepEqual([...longFunctions({ "src/c.ts": text }).keys()], ["src/c.ts makeCommand"]);
});

Deno.test("nested functions are named by their enclosing ones", () => {
  const text =
    `function outer() {\n  const inner = () => 1;\n  return { run() { return inner(); } };\n}\n`;
  assert.deepEqual(functionSpans("src/n.ts", text).map((f) => f.name), [
    "outer",
    "outer.inner",
    "outer.run",
  ]);
});
