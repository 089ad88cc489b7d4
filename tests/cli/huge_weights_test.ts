/**
 * Issue #14 L17: finite but huge weights (3e38) used to pass the load and give NaN, drawn as
 * zeros and written as null in --json where docs/CONTRACT.md promises number[][]. Now the load
 * warns in one line naming the tensor, and a run that computes NaN or Infinity is refused
 * (src/models/run_result.ts): a result never holds a non-finite number.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTaskHome } from "../support/state.ts";
import type { ModelConfig } from "../../src/models/config.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { writeCheckpointFile } from "../../src/models/weights/checkpoint.ts";
import { cpuBackend } from "../support/backends.ts";
import { tinyRnn, tinyTransformer } from "../support/tiny_models.ts";

const letters = ["<pad>", "<bos>", "<eos>", "<unk>", ..."abcdefgh"];

/** A tiny random model saved to `path` with `edit` applied to its tensors first. */
async function saveEdited(
  path: string,
  config: ModelConfig,
  edit: (name: string, data: Float32Array) => void,
): Promise<void> {
  const model = makeModel(config, new ParamStore(cpuBackend, { seed: 5 }));
  const tensors = [];
  for (const [name, t] of model.params) {
    const data = await t.toArray();
    edit(name, data);
    tensors.push({ name, shape: t.shape, data });
    t.dispose();
  }
  await writeCheckpointFile(path, {
    config,
    srcVocab: letters,
    tgtVocab: letters,
    tokenizer: "char",
  }, tensors);
}

/** The tiny sizes (tests/support/tiny_models.ts) on the letters, for the reverse task. */
const onLetters = {
  srcVocab: letters.length,
  tgtVocab: letters.length,
  maxLen: 12,
  task: "reverse",
};

/** Every number in a parsed JSON value (null counts as not a number). */
function allNumbers(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) { for (const v of value) allNumbers(v, out); }
  else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) allNumbers(v, out);
  } else if (typeof value === "number" || value === null) out.push(value);
  return out;
}

Deno.test("L17: huge weights warn at load naming the tensor; a run that computes NaN is refused, --json never holds null", async () => {
  await withTaskHome(async (home, dir) => {
    // 3e38 in every embedding: embedding * sqrt(d) overflows, LayerNorm turns it into NaN.
    const overflowing = `${dir}/overflowing.safetensors`;
    await saveEdited(overflowing, tinyTransformer(onLetters), (name, data) => {
      if (name === "src_embed.weight") data.fill(3e38);
    });
    const bad = await runAttn(
      ["run", "abc", "--model", overflowing, "--backend", "cpu", "--json"],
      {
        env: { HOME: home },
      },
    );
    assert.equal(bad.code, 1, bad.stderr);
    assert.equal(bad.stdout, "", "no JSON with null in it");
    const lines = bad.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 2, bad.stderr);
    assert.match(
      lines[0],
      /^attn: warning: .*overflowing\.safetensors: tensor src_embed\.weight holds weights up to 3\.00e\+38 in magnitude; float32 products of values above 1e16 can overflow/,
    );
    assert.match(
      lines[1],
      /^attn: model .*overflowing\.safetensors computed NaN in the .* of layer 0 .*: float32 overflowed inside the model; expected finite numbers/,
    );

    // One large value that does not overflow here: the warning, then a normal result.
    const large = `${dir}/large.safetensors`;
    await saveEdited(large, tinyRnn({ ...onLetters, attention: "luong-dot" }), (name, data) => {
      if (name === "generator.bias") data[1] = 1e20;
    });
    const ok = await runAttn(["run", "abc", "--model", large, "--backend", "cpu", "--json"], {
      env: { HOME: home },
    });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stderr,
      /^attn: warning: .*large\.safetensors: tensor generator\.bias holds weights up to 1\.00e\+20 in magnitude;[^\n]*\n$/,
    );
    const result = JSON.parse(ok.stdout);
    assert.ok(result.hidden.length > 0 && result.attention.length > 0);
    const numbers = allNumbers({ attention: result.attention, hidden: result.hidden });
    assert.ok(numbers.every((n) => typeof n === "number" && Number.isFinite(n)), "no null");
    assert.equal(result.warnings.length, 1, "the load warning is in the result too");
  });
});
