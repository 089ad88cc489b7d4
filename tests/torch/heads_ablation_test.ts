/**
 * `experiment heads-ablation --quick` against PyTorch (issue 18's Must show): attn ranks the
 * heads of the shipped ko-en-transformer by the rise of the held-out loss when each alone is
 * zero-ablated; the model exported with `export --format torch` and rebuilt as
 * torch.nn.Transformer (tests/torch/reference.py), with each head's columns of out_proj.weight
 * zeroed instead (heads_ablation.py), gives the same base loss and the same rise per head, on
 * the same test sentences. Both commands run as users run them (`deno task attn`, cpu).
 *
 * Tolerance: the rises are differences of two losses of ~1e-2 nats, and the smallest rises are
 * ~1e-4 nats, so a relative tolerance on the rise alone would ask the two float32 programs to
 * agree to ~1e-8 nats. Each loss is held to 1e-4 relative (float32 logits that agree within
 * ~1e-5, as torch_agreement_test.ts finds, move a mean cross-entropy far less), and each rise to
 * 1e-4 of the base loss plus 1e-4 of itself: an error that would reorder heads whose rises
 * differ by more than that is caught. Ignored when /usr/bin/python3 has no torch.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { makeTempHome } from "../support/state.ts";
import { needs, python } from "../support/needs.ts";
import { cpuBackend } from "../support/backends.ts";
import { loadModel } from "../../src/models/weights/registry.ts";
import { heldOutProbes } from "../../src/experiments/heads_ablation/mod.ts";
import type { ExperimentResult } from "../../src/experiments/experiment.ts";

const script = new URL("./heads_ablation.py", import.meta.url).pathname;
const RELATIVE = 1e-4;
const env = { DENO_WEBGPU_BACKEND: "doesnotexist", LANG: "en_US.UTF-8", LC_ALL: "" };

/** The experiment's ranking table as { label: [loss, rise] }. */
function risesOf(result: ExperimentResult): Map<string, { loss: number; rise: number }> {
  const table = result.tables[0];
  const col = (name: string) => table.columns.indexOf(name);
  return new Map(table.rows.map((row) => [
    row[col("head")] as string,
    { loss: row[col("loss")] as number, rise: row[col("rise")] as number },
  ]));
}

Deno.test({
  name: "experiment heads-ablation --quick: the same loss rise per head as PyTorch on the export",
  ignore: !needs.torch,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const home = makeTempHome();
    try {
      const out = `${home}/.local/state/attn/ko-en-transformer.safetensors`;
      const [experiment, exported] = await Promise.all([
        runAttn(["--backend", "cpu", "experiment", "heads-ablation", "--quick", "--json"], {
          env: { ...env, HOME: home },
        }),
        runAttn(["export", "--model", "ko-en-transformer", "--format", "torch", "--out", out], {
          env: { ...env, HOME: home },
        }),
      ]);
      assert.equal(experiment.code, 0, experiment.stderr);
      assert.equal(exported.code, 0, exported.stderr);
      const result: ExperimentResult = JSON.parse(experiment.stdout);
      const rises = risesOf(result);
      assert.equal(rises.size, 16, "2 encoder + 1 decoder self + 1 cross layers of 4 heads");
      // The same held-out sentences, encoded as the experiment encodes them.
      const loaded = await loadModel("ko-en-transformer", cpuBackend);
      const probes = heldOutProbes(loaded, result.settings.probes as number);
      const labels = [...rises.keys()];
      const heads = labels.map((label) => {
        const [, site, layer, head] = /^(\w+):(\d+)\.(\d+)$/.exec(label)!;
        return { site, layer: Number(layer), head: Number(head) };
      });
      const casePath = `${home}/case.json`;
      await Deno.writeTextFile(
        casePath,
        JSON.stringify({ checkpoint: out, src: probes.sources, out: probes.outputs, heads }),
      );
      const torchRun = await new Deno.Command(python, {
        args: [script, casePath],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(torchRun.stderr);
      assert.ok(torchRun.success, `heads_ablation.py failed:\n${stderr}`);
      const torch = JSON.parse(new TextDecoder().decode(torchRun.stdout));
      const base = result.headline.baseLoss as number;
      assert.ok(
        Math.abs(base - torch.base) <= RELATIVE * torch.base,
        `base loss: attn ${base}, PyTorch ${torch.base}`,
      );
      let worst = 0;
      labels.forEach((label, i) => {
        const ours = rises.get(label)!;
        const theirs = { loss: torch.losses[i], rise: torch.losses[i] - torch.base };
        assert.ok(
          Math.abs(ours.loss - theirs.loss) <= RELATIVE * theirs.loss,
          `${label}: loss attn ${ours.loss}, PyTorch ${theirs.loss}`,
        );
        const diff = Math.abs(ours.rise - theirs.rise);
        worst = Math.max(worst, diff);
        assert.ok(
          diff <= RELATIVE * (torch.base + Math.abs(theirs.rise)),
          `${label}: rise attn ${ours.rise}, PyTorch ${theirs.rise}`,
        );
      });
      console.log(
        `PyTorch ${torch.version ?? torch.torch}: base loss ${torch.base}, worst |rise diff| ${
          worst.toExponential(2)
        } over ${labels.length} heads`,
      );
    } finally {
      await Deno.remove(home, { recursive: true }).catch(() => {});
    }
  },
});
