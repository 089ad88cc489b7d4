/**
 * docs/CONTRACT.md and what the GPT's commands print agree, field by field: the JSON shapes the
 * contract writes for `generate`, `tokens`, `tokenizer`, `run` and `models` (and the `bench`,
 * `export` objects, with the fields `bench generate` adds) are read from the document itself,
 * and every field it promises (a `?` marks one that may be absent) is in the `--json` output of
 * the command run at the attn> prompt with the shipped GPT, nested objects and the elements of
 * arrays included. A field dropped from the code, or renamed in either place, fails here.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTaskHome } from "../support/state.ts";

const contract = Deno.readTextFileSync(new URL("../../docs/CONTRACT.md", import.meta.url));

/** A documented JSON shape: an object's fields, an array's elements, or anything (null). */
type Shape =
  | { fields: Map<string, { shape: Shape; optional: boolean }> }
  | { element: Shape }
  | null;

/** Reads the contract's notation: `{ a, b: { c }, d?: number, e: [{ f }], g: "x" | "y" }`. */
function parseShape(text: string): Shape {
  const tokens = text.match(/\.\.\.|"[^"]*"|[A-Za-z_][\w]*(?:\[\])*|\d+|[{}[\]:,|?]/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const expect = (t: string) => {
    assert.equal(tokens[i], t, `expected ${t} at token ${i} of ${text}`);
    i++;
  };
  const type = (): Shape => {
    let shape: Shape = null;
    if (peek() === "{") shape = object();
    else if (peek() === "[") {
      i++;
      if (peek() === "...") i++;
      else shape = { element: type() };
      expect("]");
    } else i++; // a name of a type or a literal
    while (peek() === "|") {
      i++;
      type(); // `string | null`: the first alternative is the documented shape
    }
    return shape;
  };
  const object = (): Shape => {
    const fields = new Map<string, { shape: Shape; optional: boolean }>();
    expect("{");
    while (peek() !== "}") {
      if (peek() === "...") {
        i++;
        continue;
      }
      const name = tokens[i++];
      const optional = peek() === "?";
      if (optional) i++;
      const shape = peek() === ":" ? (i++, type()) : null;
      fields.set(name, { shape, optional });
      if (peek() === ",") i++;
    }
    expect("}");
    return { fields };
  };
  const shape = type();
  assert.equal(i, tokens.length, `expected the end of ${text}, got ${tokens.slice(i).join(" ")}`);
  return shape;
}

/** The paths of fields `shape` promises and `value` lacks (`a[].b`: in some element of a). */
function missing(value: unknown, shape: Shape, path: string): string[] {
  if (shape === null) return [];
  if ("element" in shape) {
    if (!Array.isArray(value)) return [`${path} (expected an array)`];
    return [...new Set(value.flatMap((v) => missing(v, shape.element, `${path}[]`)))];
  }
  if (typeof value !== "object" || value === null) return [`${path} (expected an object)`];
  const record = value as Record<string, unknown>;
  return [...shape.fields].flatMap(([name, field]) => {
    if (!(name in record)) return field.optional ? [] : [`${path}.${name}`];
    return missing(record[name], field.shape, `${path}.${name}`);
  });
}

/** The shape written after `heading`: a `{...}` code span in its paragraph, else the next block. */
function documented(heading: string): Shape {
  const start = contract.indexOf(heading);
  assert.ok(start >= 0, `docs/CONTRACT.md has no ${heading}`);
  const after = contract.slice(start + heading.length);
  const span = after.split("\n\n")[0].match(/`([{[][^`]*)`/);
  const text = span ? span[1] : after.match(/\n```\n([^]*?)\n```/)?.[1];
  assert.ok(text, `expected a JSON shape after ${heading}`);
  return parseShape(text);
}

/** One paragraph of the contract, on one line. */
function paragraph(startingWith: string): string {
  const start = contract.indexOf(startingWith);
  assert.ok(start >= 0, `docs/CONTRACT.md has no ${startingWith}`);
  return contract.slice(start).split("\n\n")[0].replaceAll("\n", " ");
}

/** The `name: { ... }` shapes of a paragraph's code spans (how `bench generate` adds fields). */
function spans(text: string): Map<string, Shape> {
  const out = new Map<string, Shape>();
  for (const [, name, body] of text.matchAll(/`(\w+): (\{[^`]*\})`/g)) {
    out.set(name, parseShape(body));
  }
  return out;
}

/** Fields `bench generate` adds to each result, named in its paragraph as single code spans. */
const GENERATE_RESULT_FIELDS = ["value", "series", "sweep", "cacheBytes", "slope"];

/** What `bench generate --json` lacks of the contract's `bench` object and its own additions. */
function benchGenerateMissing(out: unknown): string[] {
  const text = paragraph("`bench generate [--len");
  for (const name of GENERATE_RESULT_FIELDS) assert.ok(text.includes(`\`${name}\``), name);
  const added = spans(text);
  assert.deepEqual([...added.keys()], ["params", "model", "agreement"]);
  type Field = { shape: Shape; optional: boolean };
  const field = (shape: Shape): Field => ({ shape, optional: false });
  const named = GENERATE_RESULT_FIELDS.map((name): [string, Field] => [name, field(null)]);
  const result: Shape = { fields: new Map([["params", field(added.get("params")!)], ...named]) };
  const report: Shape = {
    fields: new Map([
      ["results", field({ element: result })],
      ["model", field(added.get("model")!)],
      ["agreement", field(added.get("agreement")!)],
    ]),
  };
  return [
    ...missing(out, documented("**`bench <suite> --json`**"), ""),
    ...missing(out, report, ""),
  ];
}

Deno.test("parseShape reads the contract's notation", () => {
  const shape = parseShape(
    '{ a, b?: string, c: { d: "x" | "y" }, e: [{ f }], g: [...], h: number[] }',
  );
  assert.deepEqual(missing({ a: 1, c: { d: "x" }, e: [{ f: 1 }, {}], g: 0, h: [] }, shape, ""), [
    ".e[].f",
  ]);
  assert.deepEqual(missing({ c: 1, e: [] }, shape, ""), [
    ".a",
    ".c (expected an object)",
    ".g",
    ".h",
  ]);
});

Deno.test("the GPT commands print every field docs/CONTRACT.md promises", async () => {
  const cases: [string, (out: unknown) => string[]][] = [];
  const add = (command: string, heading: string) =>
    cases.push([command, (out) => missing(out, documented(heading), "")]);
  add("generate 나는 학생이다", "**`generate <prompt...> --json`**");
  add(
    "generate 나는 --continue --temperature 1 --top-k 5 --top-p 0.9 --seed 7 --max-new 4",
    "**`generate <prompt...> --json`**",
  );
  add("generate 나는 학생이다 --no-cache", "**`generate <prompt...> --json`**");
  add("run 나는 학생이다 --model ko-en-gpt", "**`run <text> --json`**");
  add("tokens 나는 학생이다 --model ko-en-gpt", "**`tokens <text> --json`**");
  add("tokens 나는 학생이다", "**`tokens <text> --json`**");
  add("tokenizer 5 --model ko-en-gpt", "**`tokenizer [n] --json`**");
  add("models", "**`models --json`**");
  add(
    "export --model ko-en-gpt --format torch --out ~/.local/state/attn/gpt.safetensors",
    "**`export ... --json`**",
  );
  cases.push(["bench generate --len 8,16 --reps 1", benchGenerateMissing]);
  await withTaskHome(async (home) => {
    const script = cases.map(([command]) => `${command} --json --backend cpu\n`).join("");
    const run = await runAttn([], { task: "start", stdin: script, env: { HOME: home } });
    assert.equal(run.code, 0, run.stderr);
    const outputs = run.stdout.split("\n").filter((l) => /^[{[]/.test(l)).map((l) => JSON.parse(l));
    assert.equal(
      outputs.length,
      cases.length,
      `expected one JSON line per command:\n${run.stdout}`,
    );
    const problems = cases.flatMap(([command, lacks], k) =>
      lacks(outputs[k]).map((field) => `${command}: no ${field}`)
    );
    assert.deepEqual(problems, []);
  });
});
