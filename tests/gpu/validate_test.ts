/**
 * One validating layer (src/engine/backend/validate.ts) for both backends: every primitive that
 * takes params has a check, and a wrong call fails with the same message on cpu and webgpu,
 * saying what was expected and what was got.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/engine/backend/contract.ts";
import { checks } from "../../src/engine/backend/validate.ts";
import { CpuBackend } from "../../src/engine/cpu/backend.ts";
import { WebGpuBackend } from "../../src/engine/webgpu/backend.ts";
import { cpuBackend } from "../support/backends.ts";
import { gpuTest, testOnBackends, webgpuOrThrow } from "../support/gpu.ts";

/** Members of the contract that take no params: nothing to check. */
const UNCHECKED = [
  "constructor",
  "upload",
  "length",
  "read",
  "release",
  "flush",
  "sync",
  "stage",
  "takeTimings",
  "sequenceSupported",
];

function methodsOf(prototype: object): string[] {
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => !UNCHECKED.includes(name))
    .filter((name) => typeof Object.getOwnPropertyDescriptor(prototype, name)!.value === "function")
    .sort();
}

Deno.test("every primitive of both backends has a check", () => {
  const checked = Object.keys(checks).sort();
  assert.deepEqual(methodsOf(CpuBackend.prototype), checked);
  assert.deepEqual(methodsOf(WebGpuBackend.prototype), checked);
});

/** A wrong call and the message every backend must give for it. */
interface BadCall {
  name: string;
  call: (b: Backend) => void;
  message: RegExp;
}

const up = (b: Backend, n: number) => b.upload(new Float32Array(n));

const BAD_CALLS: BadCall[] = [
  {
    name: "matmul with an operand of the wrong size",
    call: (b) => b.matmul(up(b, 6), up(b, 6), { batch: 1, m: 2, k: 3, n: 4 }),
    message: /^matmul: b has 6 elements, expected 12 for \[batch 1, k 3, n 4\]$/,
  },
  {
    name: "matmul with a layout past the storage",
    call: (b) =>
      b.matmul(up(b, 4), up(b, 10), { batch: 1, m: 2, k: 2, n: 2 }, { bLayout: { offset: 7 } }),
    message: /^matmul: b's layout reaches element 10, but b has 10 elements$/,
  },
  {
    name: "softmax with a mask that does not broadcast",
    call: (b) =>
      b.softmax(up(b, 24), up(b, 8), { rows: 6, cols: 4, tq: 3, maskGroups: 1, maskRows: 2 }),
    message: /^softmax: maskRows must be 1 or tq = 3, got 2$/,
  },
  {
    name: "writeAxis into its own source",
    call: (b) => {
      const s = up(b, 2);
      b.writeAxis(s, s, { outer: 1, axisLen: 2, inner: 1, start: 0, len: 2 });
    },
    message: /^writeAxis: expected src and dst to be different storages, got the same one$/,
  },
  {
    name: "sumSquaresInto its own input",
    call: (b) => {
      const s = up(b, 3);
      b.sumSquaresInto(s, s, { n: 3, index: 0 });
    },
    message: /^sumSquaresInto: expected x and target to be different storages, got the same one$/,
  },
  {
    name: "sumSquaresIntoMany past the target",
    call: (b) => b.sumSquaresIntoMany(up(b, 2), [up(b, 1), up(b, 1)], { ns: [1, 1], index: 1 }),
    message:
      /^sumSquaresIntoMany: expected 2 partials from index 1 to fit the target's 2 elements$/,
  },
  {
    name: "rope at a negative offset",
    call: (b) => b.rope(up(b, 8), { rows: 1, t: 2, dim: 4, offset: -1 }),
    message: /^rope: offset must be a non-negative integer, got -1$/,
  },
  {
    name: "adam with a gradient of the wrong size",
    call: (b) =>
      b.adam(up(b, 2), up(b, 3), up(b, 2), up(b, 2), null, {
        n: 2,
        lr: 0.1,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        step: 1,
      }),
    message: /^adam: grad has 3 elements, expected 2 for \[2\]$/,
  },
  {
    name: "alloc of a negative size",
    call: (b) => b.alloc(-1),
    message: /^alloc: n must be a non-negative integer, got -1$/,
  },
  {
    name: "unary with an unknown op",
    call: (b) => b.unary("cube" as never, up(b, 1), { n: 1 }),
    message: /^unary: expected one of relu, gelu, .*, scale, got op "cube"$/,
  },
  {
    name: "gruSequence with a row longer than the sequence",
    call: (b) =>
      b.gruSequence(up(b, 2 * 3 * 12), up(b, 12 * 4), up(b, 12), up(b, 2 * 4), {
        batch: 2,
        steps: 3,
        hidden: 4,
        lengths: [3, 4],
      }),
    message: /^gruSequence: expected lengths in 0\.\.3, got \[3, 4\]$/,
  },
];

/** The message of the error call throws on backend b (the storages it made are leaked). */
function messageOf(b: Backend, call: (b: Backend) => void): string {
  try {
    call(b);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return "(no error)";
}

for (const { name, call, message } of BAD_CALLS) {
  testOnBackends(`validation refuses ${name}`, (b) => {
    assert.match(messageOf(b, call), message);
  });
}

Deno.test("cpu and webgpu refuse the same wrong calls with the same words", gpuTest, () => {
  const gpu = webgpuOrThrow();
  for (const { name, call } of BAD_CALLS) {
    assert.equal(messageOf(gpu, call), messageOf(cpuBackend, call), name);
  }
});
