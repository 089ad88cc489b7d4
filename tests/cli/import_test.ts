/**
 * `import --format torch` through `deno task attn` (docs/CONTRACT.md "Imported from PyTorch"):
 * a shipped model exported for PyTorch and imported back gives the same `run --json` (outputs,
 * attention, hidden states) and a GPT the same tensors and tokenizer, from the config and vocabulary
 * files export writes beside the weights; a file that does not fit its
 * config is refused with one line per problem (missing, unexpected, shape, dtype) and nothing is
 * written; bad config and vocabulary files are one line each. The user's files live in the
 * state directory, which the deno.json task lets attn read.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { makeTempHome } from "../support/state.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";

const env = { LANG: "en_US.UTF-8", LC_ALL: "" };

/** A temporary HOME with its state directory, where attn may read and write. */
async function stateHome(): Promise<{ home: string; state: string }> {
  const home = makeTempHome();
  const state = `${home}/.local/state/attn`;
  await Deno.mkdir(state, { recursive: true });
  return { home, state };
}

function attn(home: string, args: string[], extra: Record<string, string> = {}) {
  return runAttn(args, { env: { ...env, ...extra, HOME: home } });
}

/** A result without what names the model or times it. */
function comparable(json: string): unknown {
  const { model: _model, timings: _timings, ...rest } = JSON.parse(json);
  return rest;
}

Deno.test("export then import --format torch gives the same run --json and the same GPT", async () => {
  const { home, state } = await stateHome();
  try {
    const models = ["ko-en-gru-bahdanau", "ko-en-gpt"];
    const exported = await Promise.all(
      models.map((m) =>
        attn(home, ["export", "--model", m, "--out", `${state}/${m}.torch.safetensors`, "--json"])
      ),
    );
    exported.forEach((r) => assert.equal(r.code, 0, r.stderr));
    // export writes the config and vocabulary files import reads, beside the weights
    const stem = `${state}/ko-en-gru-bahdanau.torch`;
    assert.deepEqual(JSON.parse(exported[0].stdout).importFiles, {
      config: `${stem}.config.json`,
      vocab: [`${stem}.src.txt`, `${stem}.tgt.txt`],
    });
    const files = exported.map((r) => {
      const { importFiles } = JSON.parse(r.stdout);
      return ["--config", importFiles.config, "--vocab", ...importFiles.vocab];
    });
    const imported = await Promise.all(models.map((m, i) =>
      attn(home, [
        "import",
        "--format",
        "torch",
        `${state}/${m}.torch.safetensors`,
        ...files[i],
        "--out",
        `${m}-back`,
      ])
    ));
    imported.forEach((r) => assert.equal(r.code, 0, r.stderr));
    assert.match(imported[0].stdout, /^wrote .*ko-en-gru-bahdanau-back\.safetensors: a gru model/);
    assert.match(imported[0].stdout, /use .*ko-en-gru-bahdanau-back\.safetensors/);

    const sentence = ["나는", "학생이다", "--json", "--backend", "cpu"];
    const [runOriginal, runBack] = await Promise.all([
      attn(home, ["run", ...sentence, "--model", models[0]]),
      attn(home, ["run", ...sentence, "--model", `${state}/${models[0]}-back.safetensors`]),
    ]);
    for (const r of [runOriginal, runBack]) assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(comparable(runBack.stdout), comparable(runOriginal.stdout));
    // The GPT: the same tensors bit for bit (the tied head's copy that export adds is dropped
    // again) and the same tokenizer, so every command computes what it did on the shipped one.
    const [shipped, back] = await Promise.all([
      loadCheckpoint(new URL("../../weights/ko-en-gpt.safetensors", import.meta.url).pathname),
      loadCheckpoint(`${state}/${models[1]}-back.safetensors`),
    ]);
    assert.equal(back.metadata.imported_from, "torch");
    assert.deepEqual([...back.tensors.keys()].sort(), [...shipped.tensors.keys()].sort());
    for (const [name, t] of shipped.tensors) assert.deepEqual(back.tensors.get(name), t, name);
    for (const key of ["config", "src_vocab", "tgt_vocab", "tokenizer", "bpe_merges"]) {
      assert.equal(back.metadata[key], shipped.metadata[key], key);
    }
  } finally {
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
});

/** A safetensors file of tensors of any dtype (zero bytes of data), as PyTorch may write it. */
async function writeRawSafetensors(
  path: string,
  tensors: { name: string; dtype: string; shape: number[] }[],
  firstValue = 0,
): Promise<void> {
  const width: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.shape.reduce((a, b) => a * b, 1) * width[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const file = new Uint8Array(8 + head.length + offset);
  new DataView(file.buffer).setBigUint64(0, BigInt(head.length), true);
  file.set(head, 8);
  if (offset >= 4) new DataView(file.buffer).setFloat32(8 + head.length, firstValue, true);
  await Deno.writeFile(path, file);
}

const tinyGru = {
  arch: "gru",
  attention: "none",
  embed_dim: 4,
  hidden_size: 6,
  num_layers: 1,
  max_len: 16,
  tokenizer: "char",
};
const specials = ["<pad>", "<bos>", "<eos>", "<unk>"];

Deno.test("import lists every tensor that does not fit the config, one line each, and writes nothing", async () => {
  const { home, state } = await stateHome();
  try {
    const V = 6; // the specials and a, b
    await Deno.writeTextFile(`${state}/gru.json`, JSON.stringify(tinyGru));
    await Deno.writeTextFile(`${state}/v.txt`, [...specials, "a", "b"].join("\n"));
    await writeRawSafetensors(`${state}/bad.safetensors`, [
      { name: "src_embed.weight", dtype: "F32", shape: [V, 4] },
      { name: "tgt_embed.weight", dtype: "F32", shape: [V + 1, 4] }, // one row too many
      { name: "encoder.weight_ih_l0", dtype: "F16", shape: [18, 4] }, // half precision
      { name: "encoder.weight_hh_l0", dtype: "F32", shape: [18, 6] },
      { name: "encoder.bias_ih_l0", dtype: "F32", shape: [18] },
      { name: "encoder.bias_hh_l0", dtype: "F32", shape: [18] },
      { name: "decoder.weight_ih_l0", dtype: "F32", shape: [18, 4] },
      { name: "decoder.weight_hh_l0", dtype: "F32", shape: [18, 6] },
      { name: "decoder.bias_ih_l0", dtype: "F32", shape: [18] },
      // decoder.bias_hh_l0 missing
      { name: "generator.weight", dtype: "F32", shape: [V, 6] },
      { name: "generator.bias", dtype: "F32", shape: [V] },
      { name: "extra.running_mean", dtype: "F32", shape: [3] },
    ]);
    const args = [
      "import",
      `${state}/bad.safetensors`,
      "--config",
      `${state}/gru.json`,
      "--vocab",
      `${state}/v.txt`,
      `${state}/v.txt`,
    ];
    const fit = (name: string, shape: number[]) => ({ name, dtype: "F32", shape });
    const gruTensors = (prefix: string, input: number) => [
      fit(`${prefix}.weight_ih_l0`, [18, input]),
      fit(`${prefix}.weight_hh_l0`, [18, 6]),
      fit(`${prefix}.bias_ih_l0`, [18]),
      fit(`${prefix}.bias_hh_l0`, [18]),
    ];
    await writeRawSafetensors(`${state}/nan.safetensors`, [
      fit("src_embed.weight", [V, 4]),
      fit("tgt_embed.weight", [V, 4]),
      ...gruTensors("encoder", 4),
      ...gruTensors("decoder", 4),
      fit("generator.weight", [V, 6]),
      fit("generator.bias", [V]),
    ], NaN);
    const nanArgs = [...args.slice(0, 1), `${state}/nan.safetensors`, ...args.slice(2)];
    const [en, ko, nan] = await Promise.all([
      attn(home, args),
      attn(home, args, { LANG: "ko_KR.UTF-8" }),
      attn(home, nanArgs),
    ]);
    assert.equal(nan.code, 1, nan.stderr);
    assert.match(
      nan.stderr,
      /^attn: .*nan\.safetensors: checkpoint tensor src_embed\.weight holds NaN at index 0: weights must be finite\n$/,
    );
    assert.equal(en.code, 1, en.stderr);
    const lines = en.stderr.trimEnd().split("\n");
    assert.deepEqual(lines, [
      "attn: wrong shape for tensor tgt_embed.weight: got [7, 4], expected [6, 4] (one row per token of tgt_vocab: 6)",
      "attn: wrong dtype for tensor encoder.weight_ih_l0: got F16, expected F32 (convert before saving: v.float() for every tensor of the state_dict)",
      "attn: missing tensor decoder.bias_hh_l0: expected shape [18]",
      "attn: unexpected tensor extra.running_mean [3]: the config's model has no such parameter",
      `attn: ${state}/bad.safetensors does not fit the config (4 problems above); nothing was written`,
    ]);
    assert.equal(en.stdout, "");
    assert.equal(ko.code, 1);
    assert.match(ko.stderr, /^attn: 텐서 tgt_embed\.weight의 shape가 다릅니다: 받은 것 \[7, 4\]/m);
    assert.match(ko.stderr, /^attn: 텐서가 없습니다: decoder\.bias_hh_l0\. 필요한 shape: \[18\]/m);
    assert.match(ko.stderr, /아무것도 쓰지 않았습니다\n$/);
    const written = [...Deno.readDirSync(state)].map((e) => e.name).sort();
    assert.deepEqual(written, ["bad.safetensors", "gru.json", "nan.safetensors", "v.txt"]);
  } finally {
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
});

Deno.test("import refuses bad config and vocabulary files in one line each", async () => {
  const { home, state } = await stateHome();
  try {
    await writeRawSafetensors(`${state}/m.safetensors`, []);
    await Deno.writeTextFile(`${state}/typo.json`, JSON.stringify({ ...tinyGru, hiden_size: 6 }));
    await Deno.writeTextFile(`${state}/gru.json`, JSON.stringify(tinyGru));
    await Deno.writeTextFile(`${state}/v.txt`, [...specials, "a", "b"].join("\n"));
    await Deno.writeTextFile(`${state}/blank.txt`, [...specials, "a", "", "b"].join("\n"));
    const hostile = new Uint8Array(16); // a header length of 2^40 bytes in a 16-byte file
    new DataView(hostile.buffer).setBigUint64(0, 2n ** 40n, true);
    await Deno.writeFile(`${state}/hostile.safetensors`, hostile);
    const run = (config: string, vocab: string[], file = `${state}/m.safetensors`) =>
      attn(home, ["import", file, "--config", config, "--vocab", ...vocab]);
    const vocab = [`${state}/v.txt`, `${state}/v.txt`];
    const [typo, oneVocab, blank, outside, noVocab, tooLong, help] = await Promise.all([
      run(`${state}/typo.json`, [`${state}/v.txt`, `${state}/v.txt`]),
      run(`${state}/gru.json`, [`${state}/v.txt`]),
      run(`${state}/gru.json`, [`${state}/v.txt`, `${state}/blank.txt`]),
      run("/etc/hostname", [`${state}/v.txt`, `${state}/v.txt`]),
      attn(home, ["import", `${state}/m.safetensors`, "--config", `${state}/gru.json`]),
      run(`${state}/gru.json`, vocab, `${state}/hostile.safetensors`),
      attn(home, ["help", "import", "--lang", "ko"]),
    ]);
    assert.match(
      help.stdout,
      /^import: PyTorch state_dict\(\.safetensors\)를 attn 모델로 읽어 들입니다/,
    );
    assert.match(
      help.stdout,
      /--vocab <files\.\.\.>\s+Seq2Seq: 원문과 번역문 어휘, 한 줄에 토큰 하나/,
    );
    assert.equal(typo.code, 1);
    assert.match(
      typo.stderr,
      /^attn: --config .*typo\.json: unknown field hiden_size for arch gru; the fields are arch, attention, embed_dim, hidden_size/,
    );
    assert.equal(oneVocab.code, 2);
    assert.match(
      oneVocab.stderr,
      /^attn: --vocab: a gru model takes 2 files \(source, then target vocabulary: one token per line\), got 1 files\n$/,
    );
    assert.equal(blank.code, 1);
    assert.match(
      blank.stderr,
      /^attn: --vocab .*blank\.txt: line 6: checkpoint tgt_vocab entry 5 is an empty string\n$/,
    );
    assert.equal(outside.code, 2);
    assert.match(
      outside.stderr,
      /^attn: attn may not read --config \/etc\/hostname: the deno\.json tasks let it read only this checkout and .*; copy the file there\n$/,
    );
    assert.equal(noVocab.code, 2);
    assert.match(noVocab.stderr, /^attn: import: expected --vocab FILE/);
    assert.equal(tooLong.code, 1);
    assert.match(tooLong.stderr, /^attn: .*hostile\.safetensors: .*header/);
    for (const r of [typo, oneVocab, blank, outside, noVocab, tooLong]) {
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    }
  } finally {
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
});
