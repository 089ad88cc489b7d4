/**
 * Models trained in plain PyTorch import into attn and give PyTorch's logits (issue #20 item 3):
 * tests/torch/import_train.py trains a tiny Transformer (nn.Transformer), a GRU with Bahdanau
 * attention and a GPT (nn.TransformerEncoder, head tied to the token table) for a few steps
 * and writes each state_dict, config JSON and vocabulary files as a user would; each is imported
 * with `deno task attn import --format torch` and run through attn's engine (cpu) on the same
 * inputs. Logits agree within 1e-4. Ignored without torch in /usr/bin/python3.
 */
import assert from "node:assert/strict";
import { Tensor, tidy } from "../../src/engine/mod.ts";
import { makeSourceBatch } from "../../src/models/decode/greedy.ts";
import { makeModel } from "../../src/models/make_model.ts";
import type { Gpt } from "../../src/models/gpt.ts";
import type { Seq2Seq } from "../../src/models/model.ts";
import { loadCheckpoint } from "../../src/models/weights/checkpoint.ts";
import { ParamStore } from "../../src/models/weights/param_store.ts";
import { cpuBackend } from "../support/backends.ts";
import { needs, python } from "../support/needs.ts";
import { runAttn } from "../support/run_attn.ts";
import { makeTempHome } from "../support/state.ts";

const script = new URL("./import_train.py", import.meta.url).pathname;
const TOLERANCE = 1e-4;

/** One model PyTorch trained: its files and its logits on `src`/`tgt_in` or on `ids`. */
interface TorchCase {
  label: string;
  weights: string;
  config: string;
  vocab: string[];
  logits: number[][][];
  src?: number[][];
  tgt_in?: number[][];
  ids?: number[][];
}

/** attn's logits [B][T][V] for a case, from the imported checkpoint at `path`. */
async function attnLogits(path: string, c: TorchCase): Promise<number[][][]> {
  const checkpoint = await loadCheckpoint(path);
  const model = makeModel(
    checkpoint.config,
    new ParamStore(cpuBackend, { loaded: checkpoint.tensors }),
  );
  try {
    if (c.ids) {
      const ids = c.ids;
      const logits = tidy(() =>
        (model as Gpt).forward(Tensor.from(cpuBackend, ids.flat(), [ids.length, ids[0].length]))
      ); // [B, T, V]
      const nested = (await logits.toNested()) as number[][][];
      logits.dispose();
      return nested;
    }
    const batch = makeSourceBatch(cpuBackend, c.src!);
    const width = Math.max(...c.tgt_in!.map((r) => r.length));
    const rows = c.tgt_in!.map((r) => [...r, ...new Array(width - r.length).fill(0)]);
    const tgtIn = Tensor.from(cpuBackend, rows.flat(), [rows.length, width]);
    const logits = (model as Seq2Seq).forward({ ...batch, tgtIn }); // [B, T, Vt]
    const nested = (await logits.toNested()) as number[][][];
    for (const t of [logits, tgtIn, batch.src]) t.dispose();
    return nested.map((row, b) => row.slice(0, c.tgt_in![b].length));
  } finally {
    for (const p of model.params.values()) p.dispose();
  }
}

Deno.test({
  name: "a Transformer, a GRU+Bahdanau and a GPT trained in PyTorch import with PyTorch's logits",
  ignore: !needs.torch,
  async fn() {
    const home = makeTempHome();
    const state = `${home}/.local/state/attn`; // where the deno.json task lets attn read
    await Deno.mkdir(state, { recursive: true });
    try {
      const out = await new Deno.Command(python, { args: [script, state] }).output();
      assert.ok(out.success, `import_train.py failed:\n${new TextDecoder().decode(out.stderr)}`);
      const torch = JSON.parse(new TextDecoder().decode(out.stdout));
      const cases: TorchCase[] = torch.cases;
      const imports = await Promise.all(cases.map((c) =>
        runAttn(
          ["import", "--format", "torch", c.weights, "--config", c.config, "--vocab", ...c.vocab],
          { env: { HOME: home } },
        )
      ));
      const worst: string[] = [];
      for (const [i, c] of cases.entries()) {
        assert.equal(imports[i].code, 0, `${c.label}: ${imports[i].stderr}`);
        const ours = await attnLogits(`${state}/${c.label}-attn.safetensors`, c);
        let diff = 0;
        c.logits.forEach((rows, b) =>
          rows.forEach((row, t) =>
            row.forEach((v, k) => (diff = Math.max(diff, Math.abs(v - ours[b][t][k]))))
          )
        );
        worst.push(`${c.label} ${diff.toExponential(2)}`);
        assert.ok(diff <= TOLERANCE, `${c.label}: logits differ from PyTorch's by up to ${diff}`);
      }
      console.log(`PyTorch ${torch.torch}: max |logit diff| ${worst.join(", ")}`);
    } finally {
      await Deno.remove(home, { recursive: true }).catch(() => {});
    }
  },
});
