/**
 * `bench matmul --numpy` and `bench train --torch` start Python, which `deno task attn` and the
 * attn> prompt may not: they say so in one line naming the task that may (bench:matmul,
 * bench:train) before measuring anything, instead of a benchmark that ends in "add --allow-run".
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";

Deno.test("bench --numpy under deno task attn names deno task bench:matmul, before any work", async () => {
  const r = await runAttn(["bench", "matmul", "--numpy", "--backend", "cpu"]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr.trim(),
    "attn: bench matmul --numpy runs /usr/bin/python3, which deno task attn and the attn> prompt may not; from the shell run: deno task bench:matmul",
  );
});

Deno.test("bench train --torch at the prompt names deno task bench:train, in Korean with --lang ko", async () => {
  const r = await runAttn([], { task: "start", stdin: "bench train --torch --lang ko\n" });
  assert.match(
    r.stderr,
    /^attn: bench train --torch 옵션은 .*셸에서 실행하세요: deno task bench:train$/m,
  );
  assert.doesNotMatch(r.stdout, /median/);
});

Deno.test("bench generate --torch and bench models --torch under deno task attn name their tasks", async () => {
  for (const suite of ["generate", "models"]) {
    const r = await runAttn(["bench", suite, "--torch", "--backend", "cpu"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr.trim(), new RegExp(`from the shell run: deno task bench:${suite}$`));
  }
});

Deno.test("bench dispatch --torch: --torch applies to train, generate and models only", async () => {
  const r = await runAttn(["bench", "dispatch", "--torch", "--backend", "cpu"]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.trim(),
    "attn: --torch applies to bench train, bench generate or bench models, got bench dispatch",
  );
});
