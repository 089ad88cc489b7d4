import assert from "node:assert/strict";
import { jsonShapeProblem } from "../../src/models/weights/json_scan.ts";
import { clipText, describeJson, previewJson } from "../../src/models/weights/json_preview.ts";

const limits = { maxDepth: 3, maxValues: 20, maxKeyLength: 8, maxStringLength: 12 };

Deno.test("jsonShapeProblem() passes a header-shaped text within the limits", () => {
  const header = JSON.stringify({
    __metadata__: { k: 'a"b\\c' },
    w: { dtype: "F32", shape: [2, 3], data_offsets: [0, 24] },
  });
  assert.equal(jsonShapeProblem(header, { ...limits, maxKeyLength: 12 }), null);
  assert.equal(jsonShapeProblem(" [ 1 , true , null , -2.5e3 ] ", limits), null);
  assert.equal(jsonShapeProblem("", limits), null, "empty text is JSON.parse's to refuse");
});

Deno.test("jsonShapeProblem() stops at the first value beyond each limit", () => {
  assert.equal(
    jsonShapeProblem("[[[[1]]]]", limits),
    "nests deeper than 3 levels (at character 3)",
  );
  assert.equal(jsonShapeProblem(`[${"0,".repeat(30)}0]`, limits), "holds more than 20 values");
  assert.equal(jsonShapeProblem(`[${"{},".repeat(30)}{}]`, limits), "holds more than 20 values");
  assert.equal(
    jsonShapeProblem('{"a":1,"longer_key":2}', limits),
    "has a key of 10 characters (at character 7), expected at most 8",
  );
  assert.equal(
    jsonShapeProblem('{"a":"a string too long"}', limits),
    "has a string of 17 characters (at character 5), expected at most 12",
  );
  // Keys of an object nested in an array are keys; strings after ":" or in arrays are values.
  assert.equal(jsonShapeProblem('[{"abcdefgh":"x"}]', limits), null);
  assert.match(jsonShapeProblem('["abcdefghijklm"]', limits)!, /a string of 13/);
  // Escaped quotes do not end a string.
  assert.match(jsonShapeProblem('["ab\\"cdefghijklm"]', limits)!, /a string of 15/);
});

Deno.test("jsonShapeProblem() refuses a 4 MB text of a million empty objects at value 30,001", () => {
  // JSON.parse of this text would allocate a million objects.
  const text = `[${"{},".repeat(1_000_000)}{}]`;
  assert.equal(
    jsonShapeProblem(text, { ...limits, maxValues: 30_000 }),
    "holds more than 30000 values",
  );
});

Deno.test("previewJson() writes at most 40 characters and reads only what it shows", () => {
  let reads = 0;
  const huge = new Proxy(new Array(1_000_000).fill(7), {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  const text = previewJson(huge);
  assert.equal(text, "[7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,...");
  assert.ok(reads < 30, `read ${reads} elements`);
  assert.equal(previewJson({ a: [1, "x"], b: null }), '{"a":[1,"x"],"b":null}');
  assert.equal(previewJson("x".repeat(1_000_000)).length, 40);
  assert.equal(previewJson(deep(100_000)), "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...");
  assert.equal(describeJson([1, 2]), "an array [1,2]");
  assert.equal(describeJson({ a: 1 }), "an object");
  assert.equal(describeJson("s"), 'the string "s"');
  assert.equal(describeJson(5), "number 5");
  assert.equal(clipText("abcdef", 5), "ab...");
});

function deep(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
