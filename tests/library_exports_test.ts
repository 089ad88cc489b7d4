/**
 * deno.json's `exports`, as a user of the package imports them: by the package's name
 * (`@attn/attn/engine`, `/data`, `/models`), which Deno resolves through deno.json's name and
 * exports. Each is the layer's mod.ts, and docs/LIBRARY.md describes each one.
 */
import assert from "node:assert/strict";
import { openBackend, ops, Tensor, tidy } from "@attn/attn/engine";
import { buildTokenizers, EOS, getTask } from "@attn/attn/data";
import { loadModel, makeModel, Transformer } from "@attn/attn/models";
import { disposeModel } from "./support/models.ts";

const root = new URL("../", import.meta.url);
const config = JSON.parse(Deno.readTextFileSync(new URL("deno.json", root)));

Deno.test("deno.json exports the engine, data and models, each its layer's mod.ts", () => {
  assert.deepEqual(config.exports, {
    "./engine": "./src/engine/mod.ts",
    "./data": "./src/data/mod.ts",
    "./models": "./src/models/mod.ts",
  });
});

Deno.test("docs/LIBRARY.md describes every export", () => {
  const doc = Deno.readTextFileSync(new URL("docs/LIBRARY.md", root));
  for (const [name, file] of Object.entries(config.exports as Record<string, string>)) {
    const specifier = `${config.name}/${name.slice(2)}`;
    assert.ok(doc.includes(`\`${specifier}\``), `docs/LIBRARY.md does not name ${specifier}`);
    assert.ok(doc.includes(`\`${file.slice(2)}\``), `docs/LIBRARY.md does not name ${file}`);
  }
});

Deno.test("the exports work as a user imports them: a gradient, a task, a shipped model", async () => {
  const { backend } = await openBackend("cpu");
  const grad = tidy(() => {
    const x = Tensor.from(backend, [1, 2, 3], [3]);
    x.requiresGrad = true;
    return ops.sum(ops.mul(x, x));
  });
  assert.deepEqual([...await grad.toArray()], [14]);
  grad.dispose();

  const train = getTask("reverse").examples("train", 20, 1);
  const { source } = buildTokenizers("char", train);
  assert.equal(source.sourceIds(source.encode("ab")).at(-1), EOS);

  assert.equal(typeof makeModel, "function");
  const loaded = await loadModel("reverse-transformer", backend);
  try {
    assert.ok(loaded.model instanceof Transformer);
    assert.equal(loaded.source.decode(loaded.source.encode("abc").ids), "abc");
  } finally {
    disposeModel(loaded.model);
  }
});
