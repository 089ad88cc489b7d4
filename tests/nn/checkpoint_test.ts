import assert from "node:assert/strict";
import {
  CheckpointError,
  checkpointFromSafetensors,
  configToMetadata,
  loadCheckpoint,
  saveCheckpoint,
  writeCheckpointFile,
} from "../../src/models/weights/checkpoint.ts";
import type { ModelConfig, RnnConfig, TransformerConfig } from "../../src/models/config.ts";
import { rnnDefaults, transformerDefaults } from "../../src/models/config.ts";
import { exportTorch } from "../../src/models/weights/export_torch.ts";
import {
  decodeSafetensors,
  encodeSafetensors,
  type NamedTensor,
} from "../../src/models/weights/safetensors.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { type LoadedTensors, ParamStore } from "../../src/models/weights/param_store.ts";
import { Tensor } from "../../src/engine/tensor.ts";
import { cpuBackend, randomArray } from "../support/backends.ts";

const srcVocab = ["<pad>", "<bos>", "<eos>", "<unk>", "a", "b"];
const tgtVocab = ["<pad>", "<bos>", "<eos>", "<unk>", "x", "y", "z"];

/** A tiny GRU Seq2Seq without attention (E = 3, H = 4), named as docs/CONTRACT.md says. */
const gruConfig: RnnConfig = {
  ...rnnDefaults,
  arch: "gru",
  attention: "none",
  embed: 3,
  hidden: 4,
  layers: 1,
  srcVocab: srcVocab.length,
  tgtVocab: tgtVocab.length,
  task: "reverse",
  dropout: 0.1,
};

function gruTensors(seed = 1): NamedTensor[] {
  const shapes: [string, number[]][] = [
    ["src_embed.weight", [6, 3]],
    ["tgt_embed.weight", [7, 3]],
    ["encoder.weight_ih_l0", [12, 3]],
    ["encoder.weight_hh_l0", [12, 4]],
    ["encoder.bias_ih_l0", [12]],
    ["encoder.bias_hh_l0", [12]],
    ["decoder.weight_ih_l0", [12, 3]],
    ["decoder.weight_hh_l0", [12, 4]],
    ["decoder.bias_ih_l0", [12]],
    ["decoder.bias_hh_l0", [12]],
    ["generator.weight", [7, 4]],
    ["generator.bias", [7]],
  ];
  return shapes.map(([name, shape], i) => ({
    name,
    shape,
    data: randomArray(shape.reduce((p, d) => p * d, 1), seed * 100 + i),
  }));
}

const info = { config: gruConfig as ModelConfig, srcVocab, tgtVocab, tokenizer: "char" as const };

/** Metadata of a valid checkpoint, with some keys replaced (undefined removes a key). */
function metadataWith(changes: Record<string, string | undefined>): Record<string, string> {
  const base: Record<string, string> = {
    config: JSON.stringify(configToMetadata(gruConfig)),
    src_vocab: JSON.stringify(srcVocab),
    tgt_vocab: JSON.stringify(tgtVocab),
    tokenizer: "char",
  };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

function configWith(changes: Record<string, unknown>, base: ModelConfig = gruConfig): string {
  const c: Record<string, unknown> = { ...configToMetadata(base) };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete c[k];
    else c[k] = v;
  }
  return JSON.stringify(c);
}

const transformerConfig: TransformerConfig = {
  ...transformerDefaults,
  srcVocab: 6,
  tgtVocab: 7,
};

function loadBytes(bytes: Uint8Array) {
  return checkpointFromSafetensors(decodeSafetensors(bytes));
}

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "attn_checkpoint_test_" });
}

Deno.test("saveCheckpoint() then loadCheckpoint() round-trips tensors bit-exactly with metadata", async () => {
  const dir = await tempDir();
  try {
    const path = `${dir}/model.safetensors`;
    const params = new Map(
      gruTensors().map((t) => [t.name, Tensor.from(cpuBackend, t.data, t.shape)]),
    );
    await saveCheckpoint(path, { ...info, params, extra: { accuracy: "0.97" } });
    const loaded = await loadCheckpoint(path);
    assert.deepEqual(loaded.config, gruConfig);
    assert.deepEqual(loaded.srcVocab, srcVocab);
    assert.deepEqual(loaded.tgtVocab, tgtVocab);
    assert.equal(loaded.tokenizer, "char");
    assert.equal(loaded.metadata.accuracy, "0.97");
    assert.equal(loaded.metadata.attn_version, "1");
    assert.deepEqual(JSON.parse(loaded.metadata.config), {
      arch: "gru",
      attention: "none",
      embed_dim: 3,
      hidden_size: 4,
      num_layers: 1,
      max_len: 64,
      task: "reverse",
      dropout: 0.1,
    });
    for (const t of gruTensors()) {
      const got = loaded.tensors.get(t.name)!;
      assert.deepEqual(got.shape, t.shape);
      assert.deepEqual(new Uint32Array(got.data.buffer), new Uint32Array(t.data.buffer), t.name);
    }
    assert.deepEqual([...loaded.tensors.keys()], [...params.keys()], "creation order kept");
    // No temp file is left behind.
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepEqual(names, ["model.safetensors"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a transformer config survives the snake_case metadata round trip", () => {
  for (
    const config of [
      transformerConfig,
      { ...transformerConfig, pe: "learned", norm: "post", activation: "gelu" } as const,
    ]
  ) {
    const meta = metadataWith({ config: JSON.stringify(configToMetadata(config)) });
    const tensors: NamedTensor[] = [
      { name: "src_embed.weight", shape: [6, 64], data: new Float32Array(6 * 64) },
      { name: "tgt_embed.weight", shape: [7, 64], data: new Float32Array(7 * 64) },
      { name: "generator.weight", shape: [7, 64], data: new Float32Array(7 * 64) },
      { name: "generator.bias", shape: [7], data: new Float32Array(7) },
    ];
    const loaded = loadBytes(encodeSafetensors(tensors, meta));
    assert.deepEqual(loaded.config, config);
    assert.deepEqual(Object.keys(JSON.parse(meta.config)).sort(), [
      "activation",
      "arch",
      "attention",
      "d_model",
      "decoder_layers",
      "dim_feedforward",
      "dropout",
      "encoder_layers",
      "heads",
      "max_len",
      "norm",
      "pe",
      "task",
    ]);
  }
});

/** Each invalid checkpoint and the message that must name its problem. */
const t0 = transformerConfig;
const invalidCases: [string, () => Uint8Array, RegExp][] = [
  [
    "no config",
    () => encodeSafetensors(gruTensors(), metadataWith({ config: undefined })),
    /has no config/,
  ],
  [
    "config not JSON",
    () => encodeSafetensors(gruTensors(), metadataWith({ config: "{arch" })),
    /config is not valid JSON/,
  ],
  [
    "config not an object",
    () => encodeSafetensors(gruTensors(), metadataWith({ config: "[1]" })),
    /config must be a JSON object/,
  ],
  [
    "unknown arch",
    () => encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ arch: "mamba" }) })),
    /config arch must be one of transformer, gru, lstm, gpt, got "mamba"/,
  ],
  [
    "unknown attention",
    () =>
      encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ attention: "flash" }) })),
    /config attention must be one of none, bahdanau/,
  ],
  [
    "unknown pe",
    () =>
      encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ pe: "alibi" }, t0) })),
    /config pe must be one of sinusoidal, learned, rope, none, got "alibi"/,
  ],
  [
    "unknown norm",
    () =>
      encodeSafetensors(
        gruTensors(),
        metadataWith({ config: configWith({ norm: "sandwich" }, t0) }),
      ),
    /config norm must be one of pre, post/,
  ],
  [
    "unknown activation",
    () =>
      encodeSafetensors(
        gruTensors(),
        metadataWith({ config: configWith({ activation: "swish" }, t0) }),
      ),
    /config activation must be one of relu, gelu/,
  ],
  [
    "missing size",
    () =>
      encodeSafetensors(
        gruTensors(),
        metadataWith({ config: configWith({ hidden_size: undefined }) }),
      ),
    /config has no hidden_size/,
  ],
  [
    "size not an integer",
    () =>
      encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ hidden_size: 4.5 }) })),
    /config hidden_size must be a positive integer, got 4.5/,
  ],
  [
    "size zero",
    () => encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ num_layers: 0 }) })),
    /config num_layers must be a positive integer, got 0/,
  ],
  [
    "size as a string",
    () => encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ embed_dim: "3" }) })),
    /config embed_dim must be a positive integer, got "3"/,
  ],
  [
    "absurd width",
    () =>
      encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ d_model: 8192 }, t0) })),
    /config d_model = 8192 is beyond attn's limit of 4096/,
  ],
  [
    "absurd layers",
    () =>
      encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ num_layers: 100 }) })),
    /config num_layers = 100 is beyond attn's limit of 48/,
  ],
  [
    "absurd max_len",
    () =>
      encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ max_len: 100000 }) })),
    /config max_len = 100000 is beyond attn's limit of 4096/,
  ],
  [
    "heads not dividing d_model",
    () => encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ heads: 5 }, t0) })),
    /heads = 5 must divide d_model = 64/,
  ],
  [
    "dropout out of range",
    () => encodeSafetensors(gruTensors(), metadataWith({ config: configWith({ dropout: 1.5 }) })),
    /dropout must be a number in \[0, 1\)/,
  ],
  [
    "no src_vocab",
    () => encodeSafetensors(gruTensors(), metadataWith({ src_vocab: undefined })),
    /metadata has no src_vocab/,
  ],
  [
    "vocab not JSON",
    () => encodeSafetensors(gruTensors(), metadataWith({ src_vocab: "[<pad>" })),
    /src_vocab is not valid JSON/,
  ],
  [
    "vocab not an array",
    () => encodeSafetensors(gruTensors(), metadataWith({ tgt_vocab: '{"a":1}' })),
    /tgt_vocab must be a JSON array of strings/,
  ],
  [
    "vocab empty",
    () => encodeSafetensors(gruTensors(), metadataWith({ tgt_vocab: "[]" })),
    /tgt_vocab is empty/,
  ],
  [
    "vocab entry not a string",
    () =>
      encodeSafetensors(
        gruTensors(),
        metadataWith({ src_vocab: JSON.stringify([...srcVocab.slice(0, 5), 7]) }),
      ),
    /src_vocab entry 5 must be a string, got 7/,
  ],
  [
    "vocab duplicate",
    () =>
      encodeSafetensors(
        gruTensors(),
        metadataWith({ src_vocab: JSON.stringify([...srcVocab.slice(0, 5), "a"]) }),
      ),
    /src_vocab has "a" twice \(ids 4 and 5\)/,
  ],
  [
    "vocab without the special tokens first",
    () =>
      encodeSafetensors(
        gruTensors(),
        metadataWith({ src_vocab: JSON.stringify(["<bos>", "<pad>", "<eos>", "<unk>", "a", "b"]) }),
      ),
    /src_vocab must start with <pad>, <bos>, <eos>, <unk>, got "<bos>", "<pad>"/,
  ],
  [
    "no tokenizer",
    () => encodeSafetensors(gruTensors(), metadataWith({ tokenizer: undefined })),
    /metadata has no tokenizer/,
  ],
  [
    "unknown tokenizer",
    () => encodeSafetensors(gruTensors(), metadataWith({ tokenizer: "sentencepiece" })),
    /tokenizer must be char, word or bpe, got "sentencepiece"/,
  ],
  [
    "bpe tokenizer on a Seq2Seq model",
    () => encodeSafetensors(gruTensors(), metadataWith({ tokenizer: "bpe" })),
    /tokenizer bpe is for a GPT, got arch gru/,
  ],
  [
    "src vocab size vs embedding",
    () =>
      encodeSafetensors(
        gruTensors(),
        metadataWith({ src_vocab: JSON.stringify([...srcVocab, "c"]) }),
      ),
    /src_vocab has 7 tokens but src_embed.weight has 6 rows/,
  ],
  [
    "tgt vocab size vs generator",
    () =>
      encodeSafetensors(
        gruTensors().map((t) =>
          t.name === "generator.weight" ? { ...t, shape: [8, 4], data: new Float32Array(32) } : t
        ),
        metadataWith({}),
      ),
    /tgt_vocab has 7 tokens but generator.weight has 8 rows/,
  ],
  [
    "missing embedding",
    () =>
      encodeSafetensors(
        gruTensors().filter((t) => t.name !== "tgt_embed.weight"),
        metadataWith({}),
      ),
    /checkpoint is missing tensor tgt_embed.weight/,
  ],
  [
    "NaN weight",
    () =>
      encodeSafetensors(
        gruTensors().map((t) =>
          t.name === "encoder.bias_hh_l0"
            ? { ...t, data: t.data.map((v, i) => i === 3 ? NaN : v) }
            : t
        ),
        metadataWith({}),
      ),
    /tensor encoder.bias_hh_l0 holds NaN at index 3: weights must be finite/,
  ],
  [
    "infinite weight",
    () =>
      encodeSafetensors(
        gruTensors().map((t) =>
          t.name === "generator.weight"
            ? { ...t, data: t.data.map((v, i) => i === 0 ? -Infinity : v) }
            : t
        ),
        metadataWith({}),
      ),
    /tensor generator.weight holds -Infinity at index 0/,
  ],
];

Deno.test("loading names each kind of invalid checkpoint with its own one-line message", () => {
  const messages = new Set<string>();
  for (const [what, build, expected] of invalidCases) {
    let message = "";
    try {
      loadBytes(build());
    } catch (e) {
      assert.ok(e instanceof CheckpointError, `${what}: a CheckpointError, got ${e}`);
      message = e.message;
    }
    assert.match(message, expected, `${what}: got "${message}"`);
    assert.ok(!message.includes("\n"), `${what}: one line`);
    messages.add(message);
  }
  assert.equal(messages.size, invalidCases.length, "every case has its own message");
  // The unmodified file loads.
  assert.equal(loadBytes(encodeSafetensors(gruTensors(), metadataWith({}))).config.arch, "gru");
});

Deno.test("loadCheckpoint() names the file and the problem in one line", async () => {
  const dir = await tempDir();
  try {
    await assert.rejects(
      loadCheckpoint(`${dir}/nope.safetensors`),
      /cannot read checkpoint .*nope.safetensors: no such file or directory/,
    );
    await assert.rejects(loadCheckpoint(dir), /is a directory, not a checkpoint/);
    await Deno.writeFile(`${dir}/short.safetensors`, new Uint8Array(3));
    await assert.rejects(
      loadCheckpoint(`${dir}/short.safetensors`),
      /short.safetensors: not a safetensors file: expected at least 8 bytes, got 3|short.safetensors: not a safetensors file: expected at least 8 bytes \(the header length\), got 3/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveCheckpoint() reports a missing directory, a directory path and an unwritable directory", async () => {
  const dir = await tempDir();
  try {
    const save = (path: string) => writeCheckpointFile(path, info, gruTensors());
    await assert.rejects(
      save(`${dir}/missing/model.safetensors`),
      /cannot save .*: directory .*\/missing does not exist/,
    );
    await Deno.mkdir(`${dir}/sub`);
    await assert.rejects(save(`${dir}/sub`), /cannot save to .*\/sub: it is a directory/);
    await Deno.writeTextFile(`${dir}/file`, "x");
    await assert.rejects(save(`${dir}/file/model.safetensors`), /\/file is not a directory/);

    // Read-only directory. Root ignores permission bits; there, check instead the other way a
    // directory is not writable for attn: Deno denies the write (deno task attn grants
    // --allow-write only for its state directory).
    const readOnly = `${dir}/ro`;
    await Deno.mkdir(readOnly, { mode: 0o555 });
    await Deno.chmod(readOnly, 0o555);
    // (Deno.uid() would need --allow-sys: find out by trying.)
    let rootIgnoredBits = false;
    try {
      await save(`${readOnly}/model.safetensors`);
      rootIgnoredBits = true;
      await Deno.remove(`${readOnly}/model.safetensors`);
    } catch (e) {
      assert.match(
        String(e),
        new RegExp(`directory ${readOnly} is not writable \\(permission denied\\)`),
      );
    }
    if (rootIgnoredBits) {
      const url = new URL("../../src/models/weights/checkpoint.ts", import.meta.url).href;
      const code = `import { writeFileAtomic } from ${JSON.stringify(url)};
        try { await writeFileAtomic(${
        JSON.stringify(`${readOnly}/m.safetensors`)
      }, new Uint8Array(8)); }
        catch (e) { console.log(e.message); }`;
      await Deno.writeTextFile(`${dir}/denied.ts`, code);
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-config", `--allow-read=${dir}`, `${dir}/denied.ts`],
        env: { NO_COLOR: "1" },
      }).output();
      assert.match(
        new TextDecoder().decode(out.stdout),
        /cannot save .*m.safetensors: attn was not given file access there/,
      );
    }
    assert.deepEqual([...Deno.readDirSync(readOnly)], [], "nothing written");
  } finally {
    await Deno.chmod(`${dir}/ro`, 0o755).catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failed save leaves the previous file intact and no temp file", async () => {
  const dir = await tempDir();
  try {
    const path = `${dir}/model.safetensors`;
    await writeCheckpointFile(path, info, gruTensors(1));
    const before = await Deno.readFile(path);
    // A vocabulary that fails validation: nothing may be written.
    await assert.rejects(
      writeCheckpointFile(path, { ...info, srcVocab: ["a"] }, gruTensors(2)),
      /src_vocab must start with <pad>/,
    );
    assert.deepEqual(await Deno.readFile(path), before);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["model.safetensors"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A child process that saves versions 1, 2, 3, ... of a 32 MB checkpoint to one path, forever. */
const childSource = (path: string) => `
import { writeCheckpointFile } from ${
  JSON.stringify(new URL("../../src/models/weights/checkpoint.ts", import.meta.url).href)
};
const info = ${JSON.stringify(info)};
const tensors = ${JSON.stringify(gruTensors().map((t) => ({ name: t.name, shape: t.shape })))}
  .map((t) => ({ ...t, data: new Float32Array(t.shape.reduce((p, d) => p * d, 1)) }));
tensors.push({ name: "big", shape: [8 * 1024 * 1024], data: new Float32Array(8 * 1024 * 1024) });
for (let version = 1; ; version++) {
  for (const t of tensors) t.data.fill(version);
  await writeCheckpointFile(${JSON.stringify(path)}, info, tensors);
  console.log("saved " + version + " " + performance.now());
}
`;

Deno.test("SIGKILL in the middle of saves leaves the previous checkpoint intact and loadable", async () => {
  const dir = await tempDir();
  try {
    const path = `${dir}/model.safetensors`;
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(script, childSource(path));
    let tempFilesSeen = 0;
    const seeds = randomArray(6, 11, 0, 1);
    for (let round = 0; round < seeds.length; round++) {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", script],
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      // Wait for two complete saves (their interval is the save time), then kill at a random
      // moment of a later one.
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let seen = "";
      while (!/saved 2 \S+\n/.test(seen)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`child exited early, output: ${seen}`);
        seen += value;
      }
      const times = [...seen.matchAll(/saved \d+ (\S+)/g)].map((m) => Number(m[1]));
      const period = times[1] - times[0];
      await new Promise((r) => setTimeout(r, seeds[round] * period));
      child.kill("SIGKILL");
      await child.status;
      reader.releaseLock();
      await child.stdout.cancel().catch(() => {});
      await child.stderr.cancel().catch(() => {});

      const leftovers = [...Deno.readDirSync(dir)].filter((e) => e.name.includes(".tmp-"));
      tempFilesSeen += leftovers.length;
      for (const e of leftovers) await Deno.remove(`${dir}/${e.name}`);
      // The file is read whole: loadCheckpoint would refuse "big", a tensor no model has.
      const loaded = loadBytes(await Deno.readFile(path));
      const version = loaded.tensors.get("big")!.data[0];
      assert.ok(version >= 1, `round ${round}: version ${version}`);
      for (const [name, t] of loaded.tensors) {
        assert.ok(t.data.every((v) => v === version), `round ${round}: ${name} mixes versions`);
      }
    }
    // At least one kill should have hit a save in progress (a temp file left behind); if
    // none did, the test still proved the file loads, but say so.
    if (tempFilesSeen === 0) console.warn("no kill landed mid-save in this run");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("exportTorch() re-saves under the same names with format torch and notes RoPE", async () => {
  const dir = await tempDir();
  try {
    const path = `${dir}/torch.safetensors`;
    const tensors = new Map(gruTensors().map((t) => [t.name, { shape: t.shape, data: t.data }]));
    const notes = await exportTorch({ ...info, tensors }, path);
    assert.deepEqual(notes, []);
    const back = await loadCheckpoint(path);
    assert.equal(back.metadata.format, "torch");
    assert.deepEqual([...back.tensors.keys()], [...tensors.keys()]);
    const ropeConfig = { ...transformerConfig, pe: "rope" } as const;
    const ropeNotes = await exportTorch(
      {
        config: ropeConfig,
        srcVocab,
        tgtVocab,
        tokenizer: "word",
        tensors: new Map([
          ["src_embed.weight", { shape: [6, 64], data: new Float32Array(384) }],
          ["tgt_embed.weight", { shape: [7, 64], data: new Float32Array(448) }],
          ["generator.weight", { shape: [7, 64], data: new Float32Array(448) }],
          ["generator.bias", { shape: [7], data: new Float32Array(7) }],
        ]),
      },
      path,
    );
    assert.equal(ropeNotes.length, 1);
    assert.match(ropeNotes[0], /nn.Transformer does not apply RoPE/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a checkpoint that does not fit its config's model is refused when the model is built", async () => {
  const config: TransformerConfig = {
    ...transformerConfig,
    dModel: 8,
    heads: 2,
    ffn: 16,
    encoderLayers: 1,
    decoderLayers: 1,
  };
  const fresh = makeModel(config, new ParamStore(cpuBackend, { seed: 3 }));
  const dir = await tempDir();
  try {
    const path = `${dir}/t.safetensors`;
    await saveCheckpoint(path, { ...info, config, params: fresh.params });
    const loaded = await loadCheckpoint(path);
    const loadedConfig = loaded.config;
    assert.ok(loadedConfig.arch === "transformer");
    const build = (tensors: LoadedTensors, c: ModelConfig = loadedConfig) =>
      makeModel(c, new ParamStore(cpuBackend, { loaded: tensors }));

    // The intact checkpoint builds the same model: same names, same values.
    const rebuilt = build(loaded.tensors);
    assert.deepEqual([...rebuilt.params.keys()], [...fresh.params.keys()]);
    for (const [name, p] of rebuilt.params) {
      assert.deepEqual(await p.toArray(), await fresh.params.get(name)!.toArray(), name);
    }

    const without = new Map(loaded.tensors);
    without.delete("transformer.decoder.layers.0.multihead_attn.in_proj_weight");
    assert.throws(
      () => build(without),
      /checkpoint is missing tensor transformer\.decoder\.layers\.0\.multihead_attn\.in_proj_weight \[24, 8\]/,
    );
    const extra = new Map(loaded.tensors);
    extra.set("transformer.encoder.layers.1.norm1.weight", {
      shape: [8],
      data: new Float32Array(8),
    });
    assert.throws(
      () => build(extra),
      /checkpoint has unexpected tensor transformer\.encoder\.layers\.1\.norm1\.weight/,
    );
    assert.throws(
      () => build(loaded.tensors, { ...config, ffn: 32 }),
      /checkpoint tensor transformer\.encoder\.layers\.0\.linear1\.weight has shape \[16, 8\], the config needs \[32, 8\]/,
    );
  } finally {
    for (const p of fresh.params.values()) p.dispose();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadCheckpoint() checks every tensor's name and shape against the config before reading a value", async () => {
  const dir = await tempDir();
  try {
    const path = `${dir}/m.safetensors`;
    // NaN everywhere: a check of the values would speak first if it ran first.
    const nan = (tensors: NamedTensor[]) =>
      tensors.map((t) => ({ ...t, data: new Float32Array(t.data.length).fill(NaN) }));
    const cases: [NamedTensor[], RegExp][] = [
      [
        gruTensors().filter((t) => t.name !== "decoder.bias_hh_l0"),
        /m\.safetensors: checkpoint is missing tensor decoder\.bias_hh_l0 \[12\]$/,
      ],
      [
        gruTensors().map((t) => t.name === "encoder.weight_hh_l0" ? { ...t, shape: [4, 12] } : t),
        /checkpoint tensor encoder\.weight_hh_l0 has shape \[4, 12\], the config needs \[12, 4\]$/,
      ],
      [
        [...gruTensors(), { name: "junk", shape: [2], data: new Float32Array(2) }],
        /checkpoint has unexpected tensor junk$/,
      ],
    ];
    for (const [tensors, expected] of cases) {
      await writeCheckpointFile(path, info, nan(tensors));
      await assert.rejects(loadCheckpoint(path), expected);
    }
    await writeCheckpointFile(path, info, nan(gruTensors()));
    await assert.rejects(loadCheckpoint(path), /holds NaN at index 0: weights must be finite/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadCheckpoint() stops when its signal aborts, with the signal's reason", async () => {
  const dir = await tempDir();
  try {
    const path = `${dir}/m.safetensors`;
    await writeCheckpointFile(path, info, gruTensors());
    const controller = new AbortController();
    controller.abort(new Error("stop here"));
    await assert.rejects(loadCheckpoint(path, { signal: controller.signal }), /^Error: stop here$/);
    assert.equal((await loadCheckpoint(path)).tensors.size, gruTensors().length);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("huge but finite weights load with one warning naming the largest", () => {
  const tensors = gruTensors().map((t) => {
    if (t.name === "encoder.bias_ih_l0") {
      return {
        ...t,
        data: t.data.map((v, i) => i === 2 ? 2e17 : v),
      };
    }
    if (t.name === "generator.weight") {
      return {
        ...t,
        data: t.data.map((v, i) => i === 5 ? -3e38 : v),
      };
    }
    return t;
  });
  const loaded = loadBytes(encodeSafetensors(tensors, metadataWith({})));
  assert.deepEqual(loaded.warnings, [
    "tensor generator.weight holds weights up to 3.00e+38 in magnitude (1 more tensor above 1e16); float32 products of values above 1e16 can overflow to Infinity, so outputs may be NaN",
  ]);
  assert.deepEqual(loadBytes(encodeSafetensors(gruTensors(), metadataWith({}))).warnings, []);
});
