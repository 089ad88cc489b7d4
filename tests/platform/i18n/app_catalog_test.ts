/**
 * The app-wide catalog holds every catalog of src/ and every message in it is well formed:
 * ids unique, the same placeholders in en and ko, hedged particles only after placeholders.
 */
import assert from "node:assert/strict";
import {
  allMessages,
  appCatalogs,
  isLiteralMessage,
  oneLanguageValues,
} from "../../../src/cli/all_messages.ts";
import {
  catalogProblems,
  mergeCatalogs,
  unresolvedParticles,
} from "../../../src/platform/i18n/catalog_checks.ts";
import type { Catalog } from "../../../src/platform/i18n/messages.ts";

const src = new URL("../../../src/", import.meta.url).pathname;

/** Every `messages.ts` / `*_messages.ts` file under src/ (the formatter itself aside). */
function messageFiles(dir = src, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const rel = prefix + entry.name;
    if (entry.isDirectory) files.push(...messageFiles(`${dir}${entry.name}/`, `${rel}/`));
    else if (/(^|_)messages\.ts$/.test(entry.name) && rel !== "platform/i18n/messages.ts") {
      files.push(rel);
    }
  }
  return files.sort();
}

/** True for an object every value of which is an { en, ko } pair of strings. */
function isCatalog(value: unknown): value is Catalog {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const entries = Object.values(value);
  return entries.length > 0 &&
    entries.every((m) =>
      m !== null && typeof m === "object" && typeof m.en === "string" && typeof m.ko === "string"
    );
}

/** The catalogs each message file exports, by file. */
async function discovered(): Promise<[string, Catalog[]][]> {
  const found: [string, Catalog[]][] = [];
  for (const file of messageFiles()) {
    const module = await import(`${src}${file}`);
    found.push([file, Object.values(module).filter(isCatalog)]);
  }
  return found;
}

/**
 * Every message of the app: the app-wide catalog, and the REPL's catalogs, which sit above
 * src/cli/ (the REPL layer imports the CLI, never the other way round), merged here.
 */
async function everyMessage(): Promise<Catalog> {
  const repl = (await discovered()).filter(([file]) => file.startsWith("repl/"));
  return mergeCatalogs([allMessages, ...repl.flatMap(([, catalogs]) => catalogs)]);
}

Deno.test("every catalog under src/ is merged into the app-wide catalog", async () => {
  const files = await discovered();
  assert.ok(files.length >= 10, `found only ${files.map(([f]) => f).join(", ")}`);
  for (const [file, catalogs] of files) {
    assert.ok(catalogs.length > 0, `${file}: exports no catalog`);
    if (file.startsWith("repl/")) continue; // merged by everyMessage()
    for (const catalog of catalogs) {
      for (const id of Object.keys(catalog)) {
        assert.equal(
          allMessages[id],
          catalog[id],
          `${file}: "${id}" is not in src/cli/all_messages.ts (add its catalog to appCatalogs)`,
        );
      }
    }
  }
});

Deno.test("message ids are unique across the app", async () => {
  const ids = appCatalogs.flatMap((c) => Object.keys(c));
  assert.equal(new Set(ids).size, ids.length);
  await everyMessage(); // throws on an id a REPL catalog defines again
  assert.throws(
    () => mergeCatalogs([{ "a.b": { en: "x", ko: "y" } }, { "a.b": { en: "z", ko: "w" } }]),
    /"a\.b" is defined twice/,
  );
});

Deno.test("every message names the same placeholders in en and ko, particles after them", async () => {
  const problems = catalogProblems(await everyMessage(), {
    oneLanguage: oneLanguageValues,
    literal: isLiteralMessage,
  });
  assert.deepEqual(problems, []);
  // The checks themselves catch what they are for.
  assert.deepEqual(
    catalogProblems({
      "bad.names": { en: "{a} and {b}", ko: "{a}" },
      "bad.particle": { en: "lesson {id}", ko: "레슨을(를) {id}" },
    }).length,
    2,
  );
  assert.deepEqual(unresolvedParticles("레슨 03-scaled-dot을(를) 마쳤습니다").length, 1);
});
