import assert from "node:assert/strict";
import { decodeSafetensors, encodeSafetensors } from "../../src/models/weights/safetensors.ts";
import { randomArray } from "../support/backends.ts";

/** Raw safetensors bytes: a header (object or literal text), data bytes, optional length override. */
function rawFile(
  header: unknown,
  dataBytes: number | Uint8Array,
  options: { length?: bigint; text?: boolean } = {},
): Uint8Array {
  const json = options.text
    ? new TextEncoder().encode(header as string)
    : new TextEncoder().encode(JSON.stringify(header));
  const data = typeof dataBytes === "number" ? new Uint8Array(dataBytes) : dataBytes;
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, options.length ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function f32(name: string, shape: number[], begin: number): Record<string, unknown> {
  const bytes = shape.reduce((p, d) => p * d, 1) * 4;
  return { [name]: { dtype: "F32", shape, data_offsets: [begin, begin + bytes] } };
}

Deno.test("encodeSafetensors() and decodeSafetensors() round-trip values bit-exactly", () => {
  const special = new Float32Array([0, -0, 1e-45, -3.4e38, 1 / 3, 65504, 2 ** -126]);
  const tensors = [
    { name: "src_embed.weight", shape: [7, 5], data: randomArray(35, 1) },
    { name: "generator.bias", shape: [7], data: special },
    { name: "empty", shape: [0, 3], data: new Float32Array(0) },
    { name: "scalar", shape: [], data: new Float32Array([42]) },
  ];
  const metadata = { config: '{"arch":"gru"}', note: "한국어 ok" };
  const bytes = encodeSafetensors(tensors, metadata);
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(headerLength % 8, 0, "header padded to a multiple of 8");
  const back = decodeSafetensors(bytes);
  assert.deepEqual(back.metadata, metadata);
  assert.deepEqual([...back.tensors.keys()], tensors.map((t) => t.name));
  for (const t of tensors) {
    const got = back.tensors.get(t.name)!;
    assert.deepEqual(got.shape, t.shape);
    assert.deepEqual(
      new Uint32Array(got.data.buffer, got.data.byteOffset, got.data.length),
      new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length),
      `${t.name} bits`,
    );
  }
});

Deno.test("decodeSafetensors() reads a file written by the reference layout (numbers checked by hand)", () => {
  // {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} then 1.0, -2.0 little-endian.
  const header = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
  const data = new Uint8Array([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]);
  const back = decodeSafetensors(rawFile(header, data, { text: true }));
  assert.deepEqual([...back.tensors.get("a")!.data], [1, -2]);
  assert.deepEqual(back.metadata, {});
});

Deno.test("encodeSafetensors() refuses a shape that does not match the data", () => {
  assert.throws(
    () => encodeSafetensors([{ name: "w", shape: [2, 3], data: new Float32Array(5) }]),
    /shape \[2, 3\] needs 6 values, got 5/,
  );
  assert.throws(
    () =>
      encodeSafetensors([
        { name: "w", shape: [1], data: new Float32Array(1) },
        { name: "w", shape: [1], data: new Float32Array(1) },
      ]),
    /tensor w is given twice/,
  );
});

/** Each hostile file, and the message that must name its problem. */
const corruptCases: [string, () => Uint8Array, RegExp][] = [
  ["file shorter than 8 bytes", () => new Uint8Array(5), /expected at least 8 bytes.*got 5/],
  [
    "header length beyond the file",
    () => rawFile(f32("a", [1], 0), 4, { length: 1000n }),
    /header length 1000 bytes runs beyond the file/,
  ],
  [
    "absurd header length",
    () => rawFile({}, 0, { length: 2n ** 63n }),
    /header length \d+ bytes is beyond attn's limit of 17213696 bytes/,
  ],
  [
    "header not UTF-8",
    () => rawFile("", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { text: true, length: 4n }),
    /header is not valid UTF-8/,
  ],
  ["header not JSON", () => rawFile('{"a": [1, 2', 0, { text: true }), /header is not valid JSON/],
  ["header not an object", () => rawFile([1, 2], 0), /header must be a JSON object, got an array/],
  ["tensor entry not an object", () => rawFile({ a: 7 }, 0), /tensor a: expected an object/],
  [
    "tensor entry without data_offsets",
    () => rawFile({ a: { dtype: "F32", shape: [1] } }, 4),
    /tensor a has no data_offsets/,
  ],
  [
    "unsupported dtype",
    () => rawFile({ a: { dtype: "F16", shape: [2], data_offsets: [0, 4] } }, 4),
    /tensor a has unsupported dtype F16; attn reads only F32/,
  ],
  [
    "unknown dtype",
    () => rawFile({ a: { dtype: "Q4", shape: [2], data_offsets: [0, 4] } }, 4),
    /tensor a has unknown dtype Q4/,
  ],
  [
    "negative shape",
    () => rawFile({ a: { dtype: "F32", shape: [2, -1], data_offsets: [0, 8] } }, 8),
    /tensor a: shape must be a list of non-negative integers/,
  ],
  [
    "fractional shape",
    () => rawFile({ a: { dtype: "F32", shape: [1.5], data_offsets: [0, 8] } }, 8),
    /tensor a: shape must be a list of non-negative integers/,
  ],
  [
    "data_offsets not two integers",
    () => rawFile({ a: { dtype: "F32", shape: [1], data_offsets: [0] } }, 4),
    /tensor a: data_offsets must be two non-negative integers/,
  ],
  [
    "data_offsets outside the data",
    () => rawFile(f32("a", [4], 0), 8),
    /tensor a: data_offsets \[0, 16\] lie outside the data \(8 bytes\)/,
  ],
  [
    "data_offsets reversed",
    () => rawFile({ a: { dtype: "F32", shape: [1], data_offsets: [8, 4] } }, 8),
    /tensor a: data_offsets \[8, 4\] are reversed/,
  ],
  [
    "data_offsets not matching shape * 4",
    () => rawFile({ a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, 8),
    /tensor a: shape \[3\] needs 12 bytes, data_offsets \[0, 8\] hold 8/,
  ],
  [
    "huge shape (overflowing element count)",
    () =>
      rawFile({ a: { dtype: "F32", shape: [2 ** 40, 2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, 8),
    /tensor a: shape .* needs more than 2\^53 bytes/,
  ],
  [
    "overlapping tensors",
    () => rawFile({ ...f32("a", [2], 0), ...f32("b", [2], 4) }, 12),
    /tensor b \(bytes 4\.\.12\) overlaps tensor a \(bytes 0\.\.8\)/,
  ],
  [
    "gap between tensors",
    () => rawFile({ ...f32("a", [1], 0), ...f32("b", [1], 8) }, 12),
    /4 bytes at 4\.\.8 not covered by any tensor/,
  ],
  [
    "trailing bytes",
    () => rawFile(f32("a", [1], 0), 12),
    /8 trailing bytes not covered by any tensor/,
  ],
  [
    "metadata not an object",
    () => rawFile({ __metadata__: "x" }, 0),
    /__metadata__ must be an object of strings/,
  ],
  [
    "metadata value not a string",
    () => rawFile({ __metadata__: { config: { arch: "gru" } } }, 0),
    /metadata config must be a string, got an object/,
  ],
];

Deno.test("decodeSafetensors() names each kind of corruption with its own message", () => {
  const messages = new Set<string>();
  for (const [what, build, expected] of corruptCases) {
    let message = "";
    try {
      decodeSafetensors(build());
    } catch (e) {
      message = (e as Error).message;
    }
    assert.match(message, expected, `${what}: got "${message}"`);
    assert.ok(!message.includes("\n"), `${what}: one line`);
    messages.add(message.replace(/\d+/g, "#").replace(/tensor \w+/g, "tensor X"));
  }
  // Same problem class may share wording (shape negative vs fractional); everything else differs.
  assert.ok(messages.size >= corruptCases.length - 2, `distinct messages: ${messages.size}`);
});

Deno.test("decodeSafetensors() rejects a truncated copy of a valid file at every length", () => {
  const bytes = encodeSafetensors(
    [{ name: "w", shape: [3, 2], data: randomArray(6, 3) }, {
      name: "b",
      shape: [3],
      data: randomArray(3, 4),
    }],
    { k: "v" },
  );
  for (let n = 0; n < bytes.length; n++) {
    assert.throws(() => decodeSafetensors(bytes.subarray(0, n)), Error, `length ${n}`);
  }
  assert.equal(decodeSafetensors(bytes).tensors.size, 2);
});

Deno.test("decodeSafetensors() never throws anything but a one-line error on random bit flips", () => {
  const bytes = encodeSafetensors([{ name: "w", shape: [4, 4], data: randomArray(16, 5) }], {
    a: "b",
  });
  const flips = randomArray(400, 9, 0, 1);
  for (let i = 0; i < 200; i++) {
    const copy = bytes.slice();
    const at = Math.floor(flips[2 * i] * copy.length);
    copy[at] ^= 1 << Math.floor(flips[2 * i + 1] * 8);
    try {
      const back = decodeSafetensors(copy);
      // A flip inside the data or inside a string is still a valid file.
      assert.equal(back.tensors.get("w")?.data.length ?? 16, 16);
    } catch (e) {
      assert.ok(e instanceof Error && !e.message.includes("\n"), String(e));
    }
  }
});
