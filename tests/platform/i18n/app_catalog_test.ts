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

Deno.test("every catalog under src/ is merged into the app-wide catalog", async () => {
  const files = messageFiles();
  assert.ok(files.length >= 10, `found only ${files.join(", ")}`);
  for (const file of files) {
    const module = await import(`${src}${file}`);
    const catalogs = Object.values(module).filter(isCatalog);
    assert.ok(catalogs.length > 0, `${file}: exports no catalog`);
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

Deno.test("message ids are unique across the app", () => {
  const ids = appCatalogs.flatMap((c) => Object.keys(c));
  assert.equal(new Set(ids).size, ids.length);
  assert.throws(
    () => mergeCatalogs([{ "a.b": { en: "x", ko: "y" } }, { "a.b": { en: "z", ko: "w" } }]),
    /"a\.b" is defined twice/,
  );
});

Deno.test("every message names the same placeholders in en and ko, particles after them", () => {
  const problems = catalogProblems(allMessages, {
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
