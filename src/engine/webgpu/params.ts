/**
 * Kernel parameters by name. Each kernel file declares its params as a WGSL uniform struct,
 * bound at @binding(0):
 *
 * ```wgsl
 * struct FillParams { n: u32, value: f32 }
 * @group(0) @binding(0) var<uniform> p: FillParams;
 * ```
 *
 * ParamsLayout reads that struct from the source once per file (field names, types, byte
 * offsets by WGSL's layout rules), and a dispatch hands over an object by field name,
 * `{ n, value }`, written straight into the dispatch's slot of the per-submit UniformArena.
 * A missing or unknown field, or a value its type cannot hold, fails at the dispatch that got
 * it wrong, so host code never depends on the order of the struct's fields.
 */

/** Bytes reserved for one dispatch's parameters: WebGPU's minUniformBufferOffsetAlignment. */
export const PARAMS_SLOT_BYTES = 256;

/** One dispatch's params by WGSL field name: a number per scalar, an array per vector. */
export type ParamValues = Readonly<Record<string, number | readonly number[]>>;

/** The scalar types a params field may be made of (f16 would need an extension). */
export type ParamScalar = "u32" | "i32" | "f32";

/** One field of a params struct and where it lies in the struct. */
export interface ParamField {
  readonly name: string;
  /** The type as WGSL spells it, e.g. "u32" or "vec4<f32>". */
  readonly type: string;
  readonly scalar: ParamScalar;
  /** 1 for a scalar, 2 to 4 for a vector. */
  readonly components: number;
  /** Bytes from the start of the struct. */
  readonly offset: number;
}

const U32_MAX = 0xffffffff;
const I32_MIN = -0x80000000;
const I32_MAX = 0x7fffffff;

/** The uniform variable at @binding(0) and its struct type name. */
const PARAMS_BINDING = /@binding\(\s*0\s*\)\s*var\s*<\s*uniform\s*>\s*\w+\s*:\s*(\w+)\s*;/;

/**
 * Size and alignment of the types a params field may have (WGSL spec, "Alignment and Size"):
 * a scalar is 4 bytes aligned to 4, vec2 8 aligned to 8, vec3 12 aligned to 16, vec4 16
 * aligned to 16. Also the shorthands vec2u, vec3f, vec4i, ...
 */
function fieldType(type: string): { scalar: ParamScalar; components: number } | null {
  if (type === "u32" || type === "i32" || type === "f32") return { scalar: type, components: 1 };
  const m = type.match(/^vec([234])(?:<\s*(u32|i32|f32)\s*>|([uif]))$/);
  if (!m) return null;
  const scalar = (m[2] ?? `${m[3]}32`) as ParamScalar;
  return { scalar, components: Number(m[1]) };
}

function alignOf(components: number): number {
  return components === 1 ? 4 : components === 2 ? 8 : 16;
}

const roundUp = (n: number, k: number) => Math.ceil(n / k) * k;

/** WGSL source without its comments (line and block), for the struct parser. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, " ");
}

/**
 * A kernel file's params struct, parsed once: packs `{ field: value }` objects by name.
 * Field offsets, kinds and the checks are laid out in flat arrays so that packing one
 * dispatch's params costs a loop over its fields and nothing else.
 */
export class ParamsLayout {
  /** The file it was read from, e.g. "softmax.wgsl". */
  readonly file: string;
  /** The struct's name, e.g. "SoftmaxParams". */
  readonly struct: string;
  readonly fields: readonly ParamField[];
  /** The struct's size in bytes (a multiple of its alignment). */
  readonly byteLength: number;
  readonly #names: string[];
  readonly #offsets: number[];
  readonly #scalars: ParamScalar[];
  readonly #components: number[];

  private constructor(file: string, struct: string, fields: ParamField[], byteLength: number) {
    this.file = file;
    this.struct = struct;
    this.fields = fields;
    this.byteLength = byteLength;
    this.#names = fields.map((f) => f.name);
    this.#offsets = fields.map((f) => f.offset);
    this.#scalars = fields.map((f) => f.scalar);
    this.#components = fields.map((f) => f.components);
  }

  /**
   * The params struct of a kernel's WGSL source: the struct type of the uniform variable at
   * @binding(0). Null when the source binds no uniform there. Throws, naming the file, on a
   * struct it cannot lay out (a field type other than u32, i32, f32 or a vector of them, or
   * one larger than a params slot).
   */
  static parse(source: string, file: string): ParamsLayout | null {
    const code = withoutComments(source);
    const binding = code.match(PARAMS_BINDING);
    if (!binding) return null;
    const struct = binding[1];
    const body = code.match(new RegExp(`\\bstruct\\s+${struct}\\s*\\{([^}]*)\\}`));
    if (!body) {
      throw new Error(`${file}: expected a declaration of struct ${struct} (the params), got none`);
    }
    const fields: ParamField[] = [];
    let end = 0;
    let align = 4;
    for (const declaration of body[1].split(",").map((s) => s.trim()).filter((s) => s)) {
      const m = declaration.match(/^(\w+)\s*:\s*(\S.*)$/);
      const type = m ? m[2].replace(/\s+/g, "") : declaration;
      const kind = m ? fieldType(type) : null;
      if (!m || !kind) {
        throw new Error(
          `${file}: expected struct ${struct}'s fields to be u32, i32, f32 or vec2-4 of them ` +
            `(no attributes), got '${declaration}'`,
        );
      }
      if (fields.some((f) => f.name === m[1])) {
        throw new Error(`${file}: struct ${struct} declares the field '${m[1]}' twice`);
      }
      const fieldAlign = alignOf(kind.components);
      const offset = roundUp(end, fieldAlign);
      fields.push({ name: m[1], type, ...kind, offset });
      end = offset + 4 * kind.components;
      align = Math.max(align, fieldAlign);
    }
    const byteLength = roundUp(end, align);
    if (byteLength > PARAMS_SLOT_BYTES) {
      throw new Error(
        `${file}: expected struct ${struct} to fit a params slot of ${PARAMS_SLOT_BYTES} bytes, ` +
          `got ${byteLength}`,
      );
    }
    return new ParamsLayout(file, struct, fields, byteLength);
  }

  /**
   * Writes values (by field name) little-endian at byteOffset of view. Throws, naming `where`
   * (the dispatch's kernel and entry point), on a missing or unknown field, or on a value its
   * type cannot hold: u32 takes integers in [0, 2^32), i32 integers in [-2^31, 2^31), f32 any
   * number (rounded to float32; Infinity is fine, e.g. to fill a mask).
   */
  write(values: ParamValues, view: DataView, byteOffset: number, where: string): void {
    const names = this.#names;
    for (let i = 0; i < names.length; i++) {
      const value = values[names[i]];
      const at = byteOffset + this.#offsets[i];
      const components = this.#components[i];
      if (components === 1) {
        this.#put(i, value, view, at, where);
        continue;
      }
      if (!Array.isArray(value) || value.length !== components) {
        if (value === undefined) throw this.#missing(i, where);
        throw new Error(
          `${where}: expected params.${names[i]} (${this.fields[i].type}) to be an array of ` +
            `${components} numbers, got ${describe(value)}`,
        );
      }
      for (let c = 0; c < components; c++) this.#put(i, value[c], view, at + 4 * c, where);
    }
    let keys = 0;
    for (const _ in values) keys++;
    if (keys !== names.length) {
      const unknown = Object.keys(values).filter((k) => !names.includes(k));
      throw new Error(
        `${where}: struct ${this.struct} has no field ${
          unknown.map((k) => `'${k}'`).join(", ")
        }; expected only ${names.join(", ")}`,
      );
    }
  }

  #put(i: number, value: unknown, view: DataView, at: number, where: string): void {
    const scalar = this.#scalars[i];
    if (typeof value === "number") {
      if (scalar === "f32") {
        view.setFloat32(at, value, true);
        return;
      }
      if (Number.isInteger(value)) {
        if (scalar === "u32" && value >= 0 && value <= U32_MAX) {
          view.setUint32(at, value, true);
          return;
        }
        if (scalar === "i32" && value >= I32_MIN && value <= I32_MAX) {
          view.setInt32(at, value, true);
          return;
        }
      }
    } else if (value === undefined && this.#components[i] === 1) {
      throw this.#missing(i, where);
    }
    const range = scalar === "u32"
      ? `an integer in [0, ${U32_MAX}]`
      : scalar === "i32"
      ? `an integer in [${I32_MIN}, ${I32_MAX}]`
      : "a number";
    throw new Error(
      `${where}: expected params.${this.#names[i]} (${scalar}) to be ${range}, got ${
        describe(value)
      }`,
    );
  }

  #missing(i: number, where: string): Error {
    return new Error(
      `${where}: expected params.${this.#names[i]} (${this.fields[i].type}) of struct ` +
        `${this.struct}, got none; its fields are ${this.#names.join(", ")}`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  return String(value);
}

/**
 * One uniform buffer holding the params of every dispatch recorded into the
 * current command encoder, each in its own 256-byte slot bound with a dynamic
 * offset. The slots are filled on the CPU and copied with one
 * queue.writeBuffer right before the submit.
 *
 * Why one GPU buffer is enough (no ring): queue operations run in queue order.
 * The writeBuffer for submit N+1 is issued after submit N was queued, so it
 * takes effect only after submit N's commands have read their params; and it
 * is issued before submit N+1, so those commands see it. When the slots run
 * out the runtime submits early (without waiting) and starts over, which keeps
 * exactly that order.
 */
export class UniformArena {
  readonly buffer: GPUBuffer;
  readonly slots: number;
  readonly #bytes: ArrayBuffer;
  readonly #view: DataView;
  readonly #device: GPUDevice;
  #used = 0;

  constructor(device: GPUDevice, slots = 4096) {
    this.#device = device;
    this.slots = slots;
    this.#bytes = new ArrayBuffer(slots * PARAMS_SLOT_BYTES);
    this.#view = new DataView(this.#bytes);
    this.buffer = device.createBuffer({
      label: "attn params arena",
      size: slots * PARAMS_SLOT_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  /** True when no slot is left for another dispatch. */
  get full(): boolean {
    return this.#used === this.slots;
  }

  /**
   * Packs values by the kernel's params layout into the next slot and returns its byte offset
   * (the dynamic offset). `where` names the dispatch in errors; a kernel without a params
   * struct takes no values. Nothing is taken from the arena when the values are refused.
   */
  push(layout: ParamsLayout | null, values: ParamValues | undefined, where: string): number {
    if (this.full) throw new Error("the params arena is full; submit before pushing more");
    const offset = this.#used * PARAMS_SLOT_BYTES;
    if (layout) {
      if (values === undefined) {
        throw new Error(
          `${where}: expected params for struct ${layout.struct} (${
            layout.fields.map((f) => f.name).join(", ")
          }), got none`,
        );
      }
      layout.write(values, this.#view, offset, where);
    } else if (values !== undefined) {
      throw new Error(`${where}: expected no params (the kernel binds no params struct), got some`);
    }
    this.#used++;
    return offset;
  }

  /** Copies the used slots to the GPU buffer (queued before the next submit) and empties the arena. */
  upload(): void {
    if (this.#used === 0) return;
    const bytes = this.#used * PARAMS_SLOT_BYTES;
    this.#device.queue.writeBuffer(this.buffer, 0, this.#bytes, 0, bytes);
    new Uint8Array(this.#bytes, 0, bytes).fill(0);
    this.#used = 0;
  }
}
