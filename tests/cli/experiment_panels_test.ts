/**
 * Experiment panels (issue #16 items 6, 12, 16): tables whose headers stay distinct and whole
 * when the terminal is narrow, one precision per column of numbers, "-" aligned with the
 * numbers beside it, and heatmap panels whose titles do not wrap inside a narrow grid.
 */
import assert from "node:assert/strict";
import { RecordingIo } from "../../src/cli/io.ts";
import { runCommandLine } from "../../src/cli/program.ts";
import { Session } from "../../src/cli/session.ts";
import { commands } from "../../src/cli/commands/mod.ts";
import { makeExperimentCommand } from "../../src/cli/commands/experiment.ts";
import type { Experiment } from "../../src/experiments/experiment.ts";
import { displayWidth } from "../../src/render/layout.ts";
import { runAttn } from "../support/run_attn.ts";
import "../support/private_state.ts";

/** A box table's header names (a header wrapped onto lines joined again) and its body rows. */
function boxTables(text: string): { head: string[]; rows: string[][] }[] {
  const tables: { head: string[]; rows: string[][] }[] = [];
  let lines: string[] | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("┌")) lines = [];
    else if (line.startsWith("└") && lines) {
      const split = lines.map((l) => (l.startsWith("├") ? null : l.split("│").slice(1, -1)));
      const headEnd = split.indexOf(null);
      const head = split[0]!.map((_, c) =>
        split.slice(0, headEnd).map((cells) => cells![c].trim()).filter((x) => x).join(" ")
      );
      tables.push({ head, rows: split.slice(headEnd).filter((r) => r !== null) as string[][] });
      lines = null;
    } else if (lines) lines.push(line);
  }
  return tables;
}

Deno.test("experiment scaling at 60 columns: headers whole and distinct, one precision per column", async () => {
  const r = await runAttn(["experiment", "scaling", "--quick", "--backend", "cpu"], {
    env: { COLUMNS: "60" },
  });
  assert.equal(r.code, 0, r.stderr);
  for (const line of r.stdout.split("\n")) assert.ok(displayWidth(line) <= 60, line);
  assert.doesNotMatch(r.stdout, /…/);
  const [table] = boxTables(r.stdout);
  assert.deepEqual(table.head, [
    "d_k",
    "H scaled",
    "H raw",
    "max w scaled",
    "max w raw",
    "|dz| scaled",
    "|dz| raw",
  ]);
  for (let c = 1; c < table.head.length; c++) {
    const cells = table.rows.map((row) => row[c].trim()).filter((cell) => cell !== "");
    const decimals = new Set(cells.map((cell) => cell.split(/[.e]/)[1]?.length ?? 0));
    assert.equal(decimals.size, 1, `${table.head[c]}: ${cells.join(" ")}`);
  }
});

/** An experiment that measures nothing: a table with missing values, two titled grids. */
const panels: Experiment = {
  name: "panels",
  claim: { en: "panels stay whole", ko: "패널이 온전하다" },
  run: () =>
    Promise.resolve({
      settings: {},
      tables: [{
        title: { en: "accuracy by length", ko: "길이별 정확도" },
        columns: ["length", "sinusoidal", "learned"],
        rows: [[3, "93%", "95%"], [7, "0%", null], [12, "0%", null]],
      }],
      charts: [],
      grids: ["h=1 head 0, cross 0 (H 0.54)", "h=8 head 0, cross 0 (H 0.53, JSD 0.22)"].map((
        title,
      ) => ({
        title: { en: title, ko: title },
        rows: ["a", "b"],
        cols: ["x", "y"],
        values: [[0.9, 0.1], [0.2, 0.8]],
      })),
      headline: {},
      conclusion: { en: "they do", ko: "그렇다" },
      notes: [],
    }),
};

Deno.test("experiment panels: '-' aligns with the numbers, grid titles do not wrap inside", async () => {
  const io = new RecordingIo(100);
  const table = commands.map((c) =>
    c.name === "experiment" ? makeExperimentCommand({ experiments: [panels] }) : c
  );
  const code = await runCommandLine(["experiment", "panels", "--backend", "cpu"], {
    commands: table,
    session: new Session(io),
  });
  assert.equal(code, 0, io.errText);
  const text = io.outText;
  const [t] = boxTables(text);
  // Right-aligned: every cell of the "learned" column ends against its right border.
  for (const row of t.rows) assert.match(row[2], /\S $/, `learned cell '${row[2]}'`);
  const lines = text.split("\n");
  for (const title of ["(H 0.54)", "(H 0.53, JSD 0.22)"]) {
    assert.ok(lines.some((l) => l.includes(title)), `${title} whole on one line:\n${text}`);
  }
  // Nor is a grid's legend broken inside its panel: its clause about the marks stays whole.
  const grids = text.slice(text.indexOf("(H 0.54)"), text.indexOf("they do"));
  for (const line of grids.split("\n")) {
    const rest = line.replaceAll("<> each row's maximum", "");
    assert.doesNotMatch(rest, /<>\s*$|each row's|^\s*maximum/, `a legend broken:\n${grids}`);
  }
});
