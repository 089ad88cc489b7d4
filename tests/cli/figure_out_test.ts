/**
 * `--svg`, `--png`, `--html` through `deno task attn` (tests/support/run_attn.ts), as a user
 * runs them: the files land in the state directory (the only place the task may write), the SVG
 * is well-formed with the Hangul labels and the colormap's RGB in each cell, the PNG decodes to
 * the same picture, the HTML opens in headless Chromium without a single network request, and
 * bad paths are refused in one line before any work.
 */
import assert from "node:assert/strict";
import { runAttn } from "../support/run_attn.ts";
import { withTaskHome, withTempHome } from "../support/state.ts";
import { decodePng, parseSvg } from "../support/figure_files.ts";
import { needs } from "../support/needs.ts";
import { openInChromium, requestsInNetLog } from "../support/chromium.ts";
import { pickAttention } from "../../src/render/run_view.ts";
import type { RunResult } from "../../src/models/run_result.ts";
import { normalize } from "../../src/render/colormap.ts";
import { namedColormap } from "../../src/render/colormaps.ts";
import { showToken } from "../../src/render/layout.ts";
import { PNG_SCALE } from "../../src/cli/figure_out.ts";

const SLOW = { sanitizeOps: false, sanitizeResources: false };
const hex = (c: { r: number; g: number; b: number }) =>
  "#" + [c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, "0")).join("");

Deno.test(
  "run 나는 학생이다 --svg --png: Hangul labels, colormap RGB per cell, the PNG the same picture",
  SLOW,
  async () => {
    await withTaskHome(async (home, dir) => {
      const run = await runAttn(
        [
          "run",
          "나는",
          "학생이다",
          "--json",
          "--svg",
          `${dir}/grid.svg`,
          "--png",
          `${dir}/grid.png`,
        ],
        { env: { HOME: home } },
      );
      assert.equal(run.code, 0, run.stderr);
      // --json keeps stdout the JSON alone; the written files are reported on stderr.
      const result: RunResult = JSON.parse(run.stdout);
      assert.deepEqual(run.stderr.trim().split("\n"), [
        `wrote SVG ${dir}/grid.svg`,
        `wrote PNG ${dir}/grid.png`,
      ]);
      const shown = pickAttention(result.attention)!;
      const svg = parseSvg(await Deno.readTextFile(`${dir}/grid.svg`));
      for (const label of ["나는", "학생이다"]) assert.ok(svg.texts.includes(label), label);
      assert.equal(svg.cells.length, shown.rows.length * shown.cols.length);
      const viridis = namedColormap("viridis"); // the session's default colormap
      for (const cell of svg.cells) {
        const i = shown.rows.map(showToken).indexOf(cell.row);
        const j = shown.cols.map(showToken).indexOf(cell.col);
        assert.ok(i >= 0 && j >= 0, `${cell.row} -> ${cell.col}`);
        const expected = hex(viridis.rgbAt(normalize(shown.weights[i][j], { min: 0, max: 1 })));
        assert.equal(cell.fill, expected, `${cell.row} -> ${cell.col}`);
      }
      const png = decodePng(await Deno.readFile(`${dir}/grid.png`));
      // PNG_SCALE times the SVG's size, every cell's center in the SVG's color.
      assert.deepEqual([png.width, png.height], [PNG_SCALE * svg.width, PNG_SCALE * svg.height]);
      for (const cell of svg.cells) {
        const [x, y] = [cell.x + cell.width / 2, cell.y + cell.height / 2];
        assert.equal(png.rgbAt(PNG_SCALE * x, PNG_SCALE * y), cell.fill);
      }
    });
  },
);

Deno.test(
  "at the attn> prompt, in Korean, attn, hidden, step, pe and mask write their pictures",
  SLOW,
  async () => {
    await withTaskHome(async (home, dir) => {
      const script = [
        "set lang ko",
        "set colormap magma",
        "run 나는 학생이다",
        `attn --html ${dir}/attn.html`,
        `hidden --svg ${dir}/hidden.svg`,
        `step 나는 학생이다 --all --svg ${dir}/step.svg`,
        `pe sinusoidal 6 4 --svg ${dir}/pe.svg`,
        `mask causal 4 --svg ${dir}/mask.svg`,
      ].join("\n");
      const run = await runAttn([], { env: { HOME: home }, stdin: `${script}\n` });
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /attn:/);
      for (const name of ["attn.html", "hidden.svg", "step.svg", "pe.svg", "mask.svg"]) {
        const format = name.split(".")[1].toUpperCase();
        assert.ok(run.stdout.includes(`${format} 파일을 썼습니다: ${dir}/${name}`), name);
      }
      const html = await Deno.readTextFile(`${dir}/attn.html`);
      const attn = parseSvg(html.slice(html.indexOf("<svg"), html.indexOf("</svg>") + 6));
      const magma = namedColormap("magma");
      assert.ok(attn.cells.length > 0 && attn.cells.every((c) => c.fill.startsWith("#")));
      // `set colormap magma`: the color bar's top is magma's end, not viridis's.
      assert.ok(html.includes(`fill="${hex(magma.rgbAt(1))}"`));
      assert.ok(!html.includes(`fill="${hex(namedColormap("viridis").rgbAt(1))}"`));
      assert.ok(attn.texts.includes("입력 토큰 (키)"), "Korean axis names");
      assert.ok(parseSvg(await Deno.readTextFile(`${dir}/hidden.svg`)).cells.length >= 64);
      const step = parseSvg(await Deno.readTextFile(`${dir}/step.svg`));
      assert.ok(step.texts.some((t) => t.startsWith("프레임 1/")), "frames titled in Korean");
      const pe = parseSvg(await Deno.readTextFile(`${dir}/pe.svg`));
      assert.equal(pe.cells.length, 6 * 4);
      assert.equal(pe.cells[0].fill, "#f7f7f7", "sin(0) = 0: the diverging map's white");
      const mask = parseSvg(await Deno.readTextFile(`${dir}/mask.svg`));
      assert.equal(
        mask.cells.filter((c) => c.value === "masked").length,
        6,
        "4x4 causal: 6 hidden",
      );
    });
  },
);

Deno.test(
  "bad --svg/--png/--html paths: one line, exit 2, before the model runs",
  SLOW,
  async () => {
    await withTempHome(async (home) => {
      const state = `${home}/.local/state/attn`;
      const missing = await runAttn(
        ["run", "나는", "학생이다", "--svg", `${state}/no-such-dir/grid.svg`],
        { env: { HOME: home } },
      );
      assert.equal(missing.code, 2, missing.stderr);
      assert.equal(missing.stdout, "", "nothing ran");
      assert.equal(missing.stderr.trim().split("\n").length, 1);
      assert.match(missing.stderr, /^attn: --svg .*no-such-dir\/grid\.svg: .*does not exist/);
      const denied = await runAttn(["mask", "causal", "3", "--png", "/tmp/attn-denied.png"], {
        env: { HOME: home },
      });
      assert.equal(denied.code, 2);
      assert.match(
        denied.stderr.trim(),
        /^attn: --png \/tmp\/attn-denied\.png: attn may not write there/,
      );
      await Deno.mkdir(state, { recursive: true });
      const twice = await runAttn(
        ["pe", "sinusoidal", "--png", `${state}/x`, "--html", `${state}/x`, "--lang", "ko"],
        { env: { HOME: home } },
      );
      assert.equal(twice.code, 2);
      assert.equal(
        twice.stderr.trim(),
        `attn: --png, --html: 같은 파일입니다: ${state}/x. 옵션마다 다른 파일이어야 합니다`,
      );
    });
  },
);

Deno.test("requestsInNetLog tells a page's requests from the browser's own", () => {
  const constants = { logEventTypes: { URL_REQUEST_START_JOB: 7, OTHER: 1 } };
  const events = [
    { type: 7, params: { url: "https://update.example/x", network_isolation_key: "null null" } },
    {
      type: 7,
      params: {
        url: "http://cdn.example/a.js",
        initiator: "null",
        network_isolation_key: "file:// [internally: file://] file://",
      },
    },
    { type: 1, params: { url: "http://ignored.example/" } },
  ];
  assert.deepEqual(requestsInNetLog({ constants, events }), [
    { url: "https://update.example/x", fromFilePage: false },
    { url: "http://cdn.example/a.js", fromFilePage: true },
  ]);
});

Deno.test({
  name: "--html opens in headless Chromium: the picture and its hover script, no network request",
  ignore: !needs.chromium,
  ...SLOW,
  async fn() {
    await withTaskHome(async (home, dir) => {
      const run = await runAttn(["mask", "causal", "3", "--html", `${dir}/mask.html`], {
        env: { HOME: home },
      });
      assert.equal(run.code, 0, run.stderr);
      const page = await openInChromium(`${dir}/mask.html`);
      assert.match(page.dom, /<svg[^>]*>/);
      // The inline script ran and found the 9 cells its hover box follows.
      assert.match(page.dom, /data-hover-cells="9"/);
      assert.deepEqual(page.requests.filter((r) => r.fromFilePage), []);
    });
  },
});
