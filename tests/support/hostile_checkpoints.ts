/**
 * Generators of hostile checkpoint files (issue #14, findings H1 and H2): headers that are
 * small in bytes but huge in JSON structure, and multi-gigabyte sparse files whose problem
 * sits in the first bytes. They write raw bytes and import nothing from src/, so the same
 * files can be fed to any version of attn (that is how the "before" numbers were taken).
 *
 * The test suite calls them with small sizes. The full-size files of the findings come from
 * running this module by hand:
 *
 *   H=/tmp/hostile-home; D=$H/.local/state/attn   # a directory `deno task attn` may read
 *   deno run --allow-read --allow-write tests/support/hostile_checkpoints.ts $D
 *
 * then `HOME=$H /usr/bin/time -v deno task attn run abc --model $D/FILE` on each (see the
 * closing note of issue #14 for the numbers).
 */

const encoder = new TextEncoder();

/** `{"__metadata__":5,"k0":0,"k1":0,...}` with `keys` distinct short keys (finding H1). */
export function manyKeysHeader(keys: number): Uint8Array {
  // Keys in base 64 over JSON-safe characters: 9.6 M keys fit in ~86 MB.
  const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
  const parts: string[] = ['{"__metadata__":5'];
  for (let i = 0; i < keys; i++) {
    let key = "";
    let n = i;
    do {
      key += digits[n % 64];
      n = Math.floor(n / 64);
    } while (n > 0);
    parts.push(`,"${key}":0`);
  }
  parts.push("}");
  return encoder.encode(parts.join(""));
}

/** `[{},{},...]` of about `bytes` bytes (finding H2). */
export function emptyObjectsHeader(bytes: number): Uint8Array {
  return repeated("[", "{},", "{}]", bytes);
}

/** `[[],[],...]` of about `bytes` bytes (finding H2). */
export function emptyArraysHeader(bytes: number): Uint8Array {
  return repeated("[", "[],", "[]]", bytes);
}

/** `[[[...]]]` nested `depth` deep (finding H2: 5,000,000 deep). */
export function deepArraysHeader(depth: number): Uint8Array {
  const out = new Uint8Array(2 * depth);
  out.fill(0x5b, 0, depth); // [
  out.fill(0x5d, depth); // ]
  return out;
}

/** open + unit * k + close, k chosen so the total is about `bytes`. */
function repeated(open: string, unit: string, close: string, bytes: number): Uint8Array {
  const count = Math.max(0, Math.floor((bytes - open.length - close.length) / unit.length));
  const out = new Uint8Array(open.length + count * unit.length + close.length);
  out.set(encoder.encode(open));
  const u = encoder.encode(unit);
  for (let i = 0, at = open.length; i < count; i++, at += u.length) out.set(u, at);
  out.set(encoder.encode(close), open.length + count * unit.length);
  return out;
}

/** Writes a file that is only the 8-byte header length and `header` (no tensor data). */
export async function writeHeaderOnly(path: string, header: Uint8Array): Promise<void> {
  const out = new Uint8Array(8 + header.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  await Deno.writeFile(path, out);
}

/**
 * Writes a file whose 8-byte prefix claims a header of `length` bytes, followed by `length`
 * zero bytes as a hole (sparse: no disk space). A reader that refuses the length itself
 * never looks at them.
 */
export async function writeClaimedHeader(path: string, length: number): Promise<void> {
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(length), true);
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    await writeAll(file, prefix);
    await file.truncate(8 + length);
  } finally {
    file.close();
  }
}

/** What `writeSparseCheckpoint` writes. */
export interface SparseCheckpoint {
  /** GRU hidden_size (and embed_dim unless `embed` is given), at most 4096. */
  width: number;
  /** GRU embed_dim (default: width). */
  embed?: number;
  /** Tokens of the target vocabulary (default 8): the generator has one row per token. */
  tgtVocab?: number;
  /** GRU layers. */
  layers: number;
  /** Leave this metadata key out (finding H2: `src_vocab`). */
  omit?: "src_vocab";
  /** Make the very last value of the data NaN, so a full read ends in a rejection. */
  nanAtEnd?: boolean;
  /** Append a tensor `extra` of about this many bytes (not part of the model). */
  extraBytes?: number;
}

/** The tensors of a GRU Seq2Seq without attention (docs/CONTRACT.md names and shapes). */
function gruShapes(
  sizes: { embed: number; hidden: number; layers: number; srcVocab: number; tgtVocab: number },
): [string, number[]][] {
  const { embed, hidden, layers, srcVocab, tgtVocab } = sizes;
  const shapes: [string, number[]][] = [
    ["src_embed.weight", [srcVocab, embed]],
    ["tgt_embed.weight", [tgtVocab, embed]],
    ["generator.weight", [tgtVocab, hidden]],
    ["generator.bias", [tgtVocab]],
  ];
  for (const stack of ["encoder", "decoder"]) {
    for (let l = 0; l < layers; l++) {
      shapes.push(
        [`${stack}.bias_ih_l${l}`, [3 * hidden]],
        [`${stack}.bias_hh_l${l}`, [3 * hidden]],
        [`${stack}.weight_ih_l${l}`, [3 * hidden, l === 0 ? embed : hidden]],
        [`${stack}.weight_hh_l${l}`, [3 * hidden, hidden]],
      );
    }
  }
  return shapes;
}

/**
 * A GRU checkpoint whose tensors are all zeros (a sparse file: it takes no disk space) with
 * valid metadata, except what `options` breaks. Width 4096 and 2 layers make 1.6 GB. Returns
 * the file size in bytes.
 */
export async function writeSparseCheckpoint(
  path: string,
  options: SparseCheckpoint,
): Promise<number> {
  const vocab = ["<pad>", "<bos>", "<eos>", "<unk>", "a", "b", "c", "d"];
  const tgtVocab = [...vocab];
  for (let i = 0; tgtVocab.length < (options.tgtVocab ?? vocab.length); i++) tgtVocab.push(`t${i}`);
  const embed = options.embed ?? options.width;
  const metadata: Record<string, string> = {
    config: JSON.stringify({
      arch: "gru",
      attention: "none",
      embed_dim: embed,
      hidden_size: options.width,
      num_layers: options.layers,
      max_len: 64,
      task: "",
      dropout: 0,
    }),
    src_vocab: JSON.stringify(vocab),
    tgt_vocab: JSON.stringify(tgtVocab),
    tokenizer: "char",
  };
  if (options.omit) delete metadata[options.omit];
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const shapes = gruShapes({
    embed,
    hidden: options.width,
    layers: options.layers,
    srcVocab: vocab.length,
    tgtVocab: tgtVocab.length,
  });
  if (options.extraBytes) shapes.push(["extra", [Math.floor(options.extraBytes / 4)]]);
  for (const [name, shape] of shapes) {
    const end = offset + shape.reduce((p, d) => p * d, 1) * 4;
    header[name] = { dtype: "F32", shape, data_offsets: [offset, end] };
    offset = end;
  }
  const json = encoder.encode(JSON.stringify(header));
  const size = 8 + json.length + offset;
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(json.length), true);
    await writeAll(file, prefix);
    await writeAll(file, json);
    await file.truncate(size); // the data: a hole of zeros
    if (options.nanAtEnd) {
      await file.seek(size - 4, Deno.SeekMode.Start);
      await writeAll(file, new Uint8Array(new Float32Array([NaN]).buffer));
    }
  } finally {
    file.close();
  }
  return size;
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
}

/** The full-size files of findings H1 and H2, by file name. */
export async function writeFullSize(dir: string): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const made: string[] = [];
  const header = async (name: string, bytes: Uint8Array) => {
    await writeHeaderOnly(`${dir}/${name}`, bytes);
    made.push(name);
  };
  await header("h1-keys-9.6M.safetensors", manyKeysHeader(9_600_000));
  await header("h2-objects-100MB.safetensors", emptyObjectsHeader(100_000_000));
  await header("h2-arrays-100MB.safetensors", emptyArraysHeader(100_000_000));
  await header("h2-deep-5M.safetensors", deepArraysHeader(5_000_000));
  // The same shapes just under attn's header bound (17,213,696 bytes): they reach the scan.
  await header("h1-keys-at-bound.safetensors", manyKeysHeader(1_900_000));
  await header("h2-objects-at-bound.safetensors", emptyObjectsHeader(17_000_000));
  await header("h2-arrays-at-bound.safetensors", emptyArraysHeader(17_000_000));
  // 1.9 GB: width 4096 and two layers (1.6 GB) plus an extra tensor; no src_vocab.
  await writeSparseCheckpoint(`${dir}/h2-sparse-no-src-vocab.safetensors`, {
    width: 4096,
    layers: 2,
    omit: "src_vocab",
    extraBytes: 290_000_000,
  });
  made.push("h2-sparse-no-src-vocab.safetensors");
  await writeSparseCheckpoint(`${dir}/slow-nan-at-end.safetensors`, {
    width: 4096,
    layers: 2,
    nanAtEnd: true,
  });
  made.push("slow-nan-at-end.safetensors");
  return made;
}

if (import.meta.main) {
  const dir = Deno.args[0];
  if (!dir) {
    console.error(
      "usage: deno run --allow-read --allow-write tests/support/hostile_checkpoints.ts DIR",
    );
    Deno.exit(2);
  }
  for (const name of await writeFullSize(dir)) {
    console.log(`${dir}/${name}: ${(await Deno.stat(`${dir}/${name}`)).size} bytes`);
  }
}
