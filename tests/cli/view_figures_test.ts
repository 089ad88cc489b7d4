/**
 * `--svg`, `--png` and `--html` on compare, experiment, lens, ablate, rollout, saliency and
 * generate (issue #20 item 1), through the path users hit: one script at the attn> prompt (one
 * process for every command: cpu backend, ko-en-gpt, `set colormap magma`), each command with
 * --json so that the file can be checked against the very numbers it was drawn from. A file must
 * hold the view's labels, and a cell the colour of its value in the session's colormap.
 */
import assert from "node:assert/strict";
import { PNG_SCALE } from "../../src/cli/figure_out.ts";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { decode } from "fast-png";
import { runAttn } from "../support/run_attn.ts";
import { makeTempHome } from "../support/state.ts";
import { namedColormap } from "../../src/render/colormaps.ts";
import { formatValue } from "../../src/render/colormap.ts";
import { showToken } from "../../src/render/layout.ts";
import { unresolvedParticles } from "../../src/platform/i18n/catalog_checks.ts";
import type { LensResult } from "../../src/app/logit_lens.ts";
import type { RolloutResult } from "../../src/app/attribution/rollout_text.ts";
import type { SaliencyResult } from "../../src/app/attribution/saliency_text.ts";
import type { AblateResult } from "../../src/app/ablate_heads.ts";
import type { GenerateResult } from "../../src/app/generate_text.ts";
import type { CompareResult } from "../../src/app/compare_models.ts";
import type { ExperimentResult } from "../../src/experiments/experiment.ts";

const env = { DENO_WEBGPU_BACKEND: "doesnotexist", LANG: "en_US.UTF-8", LC_ALL: "" };
const SENTENCE = "나는 학생이다";
const GPT = `--model ko-en-gpt`;

interface Session {
  state: string;
  json: unknown[];
  stdout: string;
  stderr: string;
}

/** The script, run once for every test of this file. */
let session: Promise<Session> | null = null;

function script(): Promise<Session> {
  session ??= (async () => {
    const home = makeTempHome();
    globalThis.addEventListener("unload", () => Deno.removeSync(home, { recursive: true }));
    const state = `${home}/.local/state/attn`;
    await Deno.mkdir(state, { recursive: true });
    const s = (name: string) => `${state}/${name}`;
    const lines = [
      "set backend cpu",
      "set colormap magma",
      `lens ${SENTENCE} ${GPT} --json --svg ${s("lens.svg")} --html ${s("lens.html")}`,
      `rollout ${SENTENCE} ${GPT} --json --svg ${s("rollout.svg")} --png ${s("rollout.png")}`,
      `saliency ${SENTENCE} ${GPT} --json --svg ${s("saliency.svg")}`,
      `ablate ${SENTENCE} ${GPT} --head 1.* --json --svg ${s("ablate.svg")}`,
      `generate ${SENTENCE} ${GPT} --max-new 3 --json --svg ${s("generate.svg")}`,
      `compare abc --task reverse --json --svg ${s("compare.svg")}`,
      `experiment scaling --quick --json --svg ${s("scaling.svg")}`,
      `lens ${SENTENCE} ${GPT} --lang ko --svg ${s("lens_ko.svg")}`,
    ];
    const run = await runAttn([], {
      task: "start",
      env: { ...env, HOME: home },
      stdin: lines.join("\n") + "\n",
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const json = run.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    assert.equal(json.length, 7, run.stdout);
    return { state, json, stdout: run.stdout, stderr: run.stderr };
  })();
  return session;
}

function svgOf(path: string) {
  const text = Deno.readTextFileSync(path);
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const all = (tag: string) => Array.from(doc.getElementsByTagName(tag)) as Element[];
  const texts = all("text").map((t) => t.textContent ?? "");
  /** The fill of a cell or bar by its row and column labels (first match). */
  const fill = (row: string, col: string) =>
    all("rect").find((r) =>
      r.getAttribute("data-row") === row && r.getAttribute("data-col") === col
    )
      ?.getAttribute("fill");
  return { text, texts, fill, svg: doc.documentElement! };
}

/** The RGB of p under magma, as an SVG fill. */
function magma(p: number): string {
  const { r, g, b } = namedColormap("magma").rgbAt(p);
  return "#" + [r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("");
}

Deno.test("lens --svg and --html: the layers, the top tokens and their probability's colour (magma)", async () => {
  const { state, json, stderr } = await script();
  const r = json[0] as LensResult;
  assert.match(stderr, new RegExp(`wrote SVG ${state}/lens\\.svg`));
  const { texts, fill } = svgOf(`${state}/lens.svg`);
  const last = r.layers.at(-1)!;
  const col = (j: number) => `${showToken(r.positions[j])} → ${showToken(r.next[j])}`;
  assert.ok(texts.includes(`layer ${last.layer}`), texts.join("|"));
  assert.ok(texts.includes("embed"));
  r.positions.forEach((_, j) =>
    assert.equal(fill(`layer ${last.layer}`, col(j)), magma(last.top[j][0].p))
  );
  assert.ok(texts.some((t) => t.startsWith("top token = next token at: embed")));
  const html = Deno.readTextFileSync(`${state}/lens.html`);
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.ok(html.includes(`data-col="${col(0).replace(/</g, "&lt;").replace(/>/g, "&gt;")}"`));
});

Deno.test("lens --lang ko --svg: the Korean labels of the terminal view", async () => {
  const { state, stdout } = await script();
  assert.match(stdout, /^층 1 /m);
  assert.match(stdout, new RegExp(`SVG 파일을 썼습니다: ${state}/lens_ko\\.svg`));
  const { texts } = svgOf(`${state}/lens_ko.svg`);
  for (const label of ["층 1", "층 0", "임베딩", "1위 토큰의 확률"]) {
    assert.ok(texts.includes(label), label);
  }
});

Deno.test("rollout --svg and --png: both grids, a cell's colour, the same picture in the PNG", async () => {
  const { state, json } = await script();
  const r = json[1] as RolloutResult;
  const { texts, fill, svg } = svgOf(`${state}/rollout.svg`);
  const last = r.rows.length - 1;
  const cell = fill(showToken(r.rows[last]), showToken(r.cols[0]));
  assert.equal(cell, magma(r.weights[last][0]));
  assert.equal(fill(showToken(r.rows[0]), showToken(r.cols[1])), "url(#attn-hatch)"); // causal
  assert.ok(texts.some((t) => t.startsWith("rollout vs raw: mean Jensen-Shannon divergence")));
  const png = decode(Deno.readFileSync(`${state}/rollout.png`));
  // The PNG is the SVG drawn at PNG_SCALE times its pixel size (sharp on slides).
  assert.equal(png.width, PNG_SCALE * Number(svg.getAttribute("width")));
  assert.equal(png.height, PNG_SCALE * Number(svg.getAttribute("height")));
  const want = [1, 3, 5].map((k) => parseInt(cell!.slice(k, k + 2), 16));
  let found = false;
  for (let i = 0; i < png.width * png.height && !found; i++) {
    const at = i * png.channels;
    found = want.every((c, k) => png.data[at + k] === c);
  }
  assert.ok(found, `the PNG has a pixel of the cell's colour ${cell}`);
});

Deno.test("saliency --svg: saliency beside the attention, a cell's colour, the agreement", async () => {
  const { state, json } = await script();
  const r = json[2] as SaliencyResult;
  const { texts, fill } = svgOf(`${state}/saliency.svg`);
  assert.equal(fill(showToken(r.rows[0]), showToken(r.cols[0])), magma(r.weights[0][0]));
  assert.ok(texts.some((t) => t.includes("gradient x input saliency")), texts.join("|"));
  assert.ok(texts.some((t) => t.startsWith("Is attention an explanation here?")));
});

Deno.test("ablate --svg: p with the heads on and off at each step, and the verdict", async () => {
  const { state, json } = await script();
  const r = json[3] as AblateResult;
  const { texts, text } = svgOf(`${state}/ablate.svg`);
  const label = `1 ${showToken(r.before.tokens[0])}`;
  assert.ok(texts.some((t) => t.startsWith(label)), texts.join("|"));
  for (const name of ["p on", "p off"]) assert.ok(texts.includes(name), name);
  assert.ok(text.includes(`data-value="${formatValue(r.after.p[0])}"`));
  assert.ok(texts.some((t) => /^output (unchanged|changed)/.test(t)));
});

Deno.test("generate --svg: each step's candidates in magma, the chosen one outlined; p and H", async () => {
  const { state, json } = await script();
  const r = json[4] as GenerateResult;
  const { texts, fill, text } = svgOf(`${state}/generate.svg`);
  const step = r.steps[0]; // greedy: the model's own softmax, best first
  assert.equal(fill(`1 ${showToken(step.token)}`, "1"), magma(step.before[0].p));
  assert.ok(texts.includes(showToken(step.before[1].token)));
  assert.match(text, /class="mark"/);
  assert.ok(texts.includes("p of the chosen token and the entropy H at each step"));
});

Deno.test("compare --svg: each model's bar, labelled with its output and whether it is right", async () => {
  const { state, json } = await script();
  const r = json[5] as CompareResult;
  const { texts } = svgOf(`${state}/compare.svg`);
  for (const row of r.rows) {
    const label = `${row.family} ${row.model}: ${row.output} (${row.correct ? "yes" : "no"})`;
    assert.ok(texts.includes(label), `${label} in ${texts.join("|")}`);
  }
});

Deno.test("experiment --svg: the chart and the conclusion", async () => {
  const { state, json } = await script();
  const r = json[6] as ExperimentResult;
  const { texts } = svgOf(`${state}/scaling.svg`);
  assert.ok(texts.includes(r.charts[0].title.en), texts.join("|"));
  for (const s of r.charts[0].series) assert.ok(texts.includes(s.name), s.name);
  assert.ok(texts.some((t) => t.startsWith("conclusion: ")));
});

Deno.test("a picture attn may not write, of tables only, or of the list: refused in one line before anything runs", async () => {
  const home = makeTempHome();
  try {
    const state = `${home}/.local/state/attn`;
    const refused = async (args: string[], pattern: RegExp, file = `${state}/never.svg`) => {
      const run = await runAttn([...args, "--svg", file], {
        env: { ...env, HOME: home },
      });
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, pattern);
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
      assert.deepEqual(unresolvedParticles(run.stderr), []);
    };
    // heads-ablation --quick measures for many seconds: a refusal after it would take them.
    await refused(
      ["experiment", "heads-ablation", "--quick", "--lang", "ko"],
      /^attn: experiment heads-ablation에는 차트도 격자도 없습니다.*--svg 파일에 그릴 것이 없습니다/,
    );
    await refused(["experiment"], /^attn: the list of experiments has no picture: --svg needs/);
    // Outside the state directory: refused as --out is, before the models run (not even the
    // backend's note that it opened, which would make a second stderr line).
    const outside = `${Deno.makeTempDirSync({ prefix: "attn-denied-" })}/compare.svg`;
    await refused(
      ["compare", "abc", "--task", "reverse"],
      new RegExp(`^attn: --svg ${outside}: attn may not write there`),
      outside,
    );
    Deno.removeSync(outside.replace(/\/compare\.svg$/, ""));
    assert.throws(() => Deno.statSync(`${state}/never.svg`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
