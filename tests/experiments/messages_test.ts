import assert from "node:assert/strict";
import { experimentCatalogs, experimentMessages } from "../../src/experiments/messages.ts";
import { experiments } from "../../src/experiments/registry.ts";
import { HEDGED_PARTICLES } from "../../src/platform/i18n/korean_particles.ts";

const placeholders = (text: string) => [...text.matchAll(/\{([A-Za-z_]\w*)\}/g)].map((m) => m[1]);

Deno.test("the experiments' message ids are unique and prefixed by their experiment", () => {
  const ids = experimentCatalogs.flatMap((c) => Object.keys(c));
  assert.equal(new Set(ids).size, ids.length, "an id is defined twice");
  assert.equal(Object.keys(experimentMessages).length, ids.length);
  const prefixes = new Set([
    "experiment",
    ...experiments.map((e) => e.name.replace(/-(\w)/g, (_, c) => c.toUpperCase())),
  ]);
  for (const id of ids) {
    assert.ok(prefixes.has(id.split(".")[0]), `${id}: expected an experiment's name first`);
  }
  for (const e of experiments) {
    const prefix = e.name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    assert.deepEqual(e.claim, experimentMessages[`${prefix}.claim`], `${e.name}'s claim`);
  }
});

Deno.test("every message says the same numbers in English and Korean", () => {
  // Values that only one language needs (an English plural, a Korean verb ending).
  const oneLanguage: Record<string, string[]> = {
    "cost.note.setup": ["headWord"],
    "norm.warmup.neither": ["effect"],
  };
  for (const [id, { en, ko }] of Object.entries(experimentMessages)) {
    assert.ok(en.trim() !== "" && ko.trim() !== "", `${id}: expected text in both languages`);
    const skip = new Set(oneLanguage[id] ?? []);
    const names = (text: string) => new Set(placeholders(text).filter((n) => !skip.has(n)));
    assert.deepEqual(names(ko), names(en), `${id}: the placeholders of en and ko differ`);
    for (const text of [en, ko]) {
      const braces = text.split("{").length - 1;
      assert.equal(placeholders(text).length, braces, `${id}: a "{" that is not a {placeholder}`);
    }
  }
});

Deno.test("a Korean particle written as 이(가) follows a placeholder, where it is resolved", () => {
  for (const [id, { ko }] of Object.entries(experimentMessages)) {
    for (const particle of HEDGED_PARTICLES) {
      let at = ko.indexOf(particle);
      while (at >= 0) {
        assert.ok(ko.slice(0, at).endsWith("}"), `${id}: ${particle} after plain text`);
        at = ko.indexOf(particle, at + 1);
      }
    }
  }
});
