/**
 * A long decode can be interrupted (issue "Hardening II", M5): a hostile but valid checkpoint
 * (max_len 4096, tiny sizes) fed 1000 characters decodes 1001 steps, which took 52 s as one GPU
 * submit with Ctrl-C ignored. Through `deno task attn run` in a child process: after Ctrl-C the
 * process must end within a second, with one line saying how far decoding got.
 */
import assert from "node:assert/strict";
import { spawnAttn } from "../support/run_attn.ts";
import { makeTempHome } from "../support/state.ts";
import { webgpu } from "../support/gpu.ts";
import { cpuBackend } from "../support/backends.ts";
import { makeModel } from "../../src/models/make_model.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { type TransformerConfig, transformerDefaults } from "../../src/models/config.ts";
import { saveCheckpoint } from "../../src/models/weights/checkpoint.ts";

const letters = ["<pad>", "<bos>", "<eos>", "<unk>", ..."abcdefghijklmnopqrstuvwxyz"];

/** Writes the hostile checkpoint into a fresh HOME's state directory; returns its path. */
async function longDecodeCheckpoint(home: string): Promise<string> {
  const dir = `${home}/.local/state/attn`;
  await Deno.mkdir(dir, { recursive: true });
  const config: TransformerConfig = {
    ...transformerDefaults,
    srcVocab: letters.length,
    tgtVocab: letters.length,
    dModel: 16,
    heads: 2,
    encoderLayers: 1,
    decoderLayers: 1,
    ffn: 32,
    maxLen: 4096, // attn's limit: a valid checkpoint
    dropout: 0,
    task: "reverse", // outputs as long as the input: 1000 + <eos> steps
  };
  const model = makeModel(config, new ParamStore(cpuBackend, { seed: 3 }));
  const path = `${dir}/long.safetensors`;
  await saveCheckpoint(path, {
    config,
    srcVocab: letters,
    tgtVocab: letters,
    tokenizer: "char",
    params: model.params,
  });
  for (const t of model.params.values()) t.dispose();
  return path;
}

/** 1000 letters, the same every run. */
const input = Array.from({ length: 1000 }, (_, i) => letters[4 + (i * 7 + (i >> 3)) % 26]).join(
  "",
);

async function interruptLongRun(backend: "webgpu" | "cpu"): Promise<void> {
  const home = makeTempHome();
  try {
    const path = await longDecodeCheckpoint(home);
    const child = spawnAttn(["run", input, "--model", path, "--backend", backend], {
      env: { HOME: home },
    });
    // A decode still running after a second says so; then it is surely under way.
    await child.waitFor(/Ctrl-C stops it/, { timeoutMs: 15_000 }).catch(() => {});
    const sent = performance.now();
    child.kill("SIGINT");
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000); // bounds a decode that ignores it
    const r = await child.done;
    clearTimeout(killer);
    const ms = r.endedAt - sent;
    console.log(`${backend}: the process ended ${ms.toFixed(0)} ms after Ctrl-C`);
    assert.ok(ms < 1000, `${backend}: Ctrl-C took ${ms.toFixed(0)} ms to stop the decode`);
    assert.equal(r.code, 130, r.stderr);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      /^attn: decoding 1001 steps \(max_len 4096\) takes a while: \d+ done; Ctrl-C stops it\nattn: interrupted after decoding \d+ of 1001 steps; nothing to show\n$/,
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test({
  name: "run: Ctrl-C stops a 1001-step decode on webgpu within a second",
  ignore: webgpu === null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () => interruptLongRun("webgpu"),
});

Deno.test({
  name: "run: Ctrl-C stops a 1001-step decode on cpu within a second",
  sanitizeResources: false,
  fn: () => interruptLongRun("cpu"),
});
