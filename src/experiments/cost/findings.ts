/** The tables, charts and notes of `experiment cost`, from what it measured. */
import type { Backend } from "../../engine/backend/contract.ts";
import { bindingLimitBytes, squareBufferBytes } from "../../bench/attention_suite.ts";
import { significant } from "../../measure/rounding.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentChart, ExperimentTable } from "../experiment.ts";
import { sharedMessages } from "../shared_messages.ts";
import { bytesText, type CostData } from "./conclude.ts";
import type { CostMeasured, CostSettings } from "./measure.ts";
import { costMessages } from "./messages.ts";

const say = messagesOf({ ...costMessages, ...sharedMessages });

function clockOf(data: CostData): Bilingual {
  return say(data.clock === "gpu" ? "experiment.clock.gpu" : "experiment.clock.wall");
}

/** Times per length (naive, flash, GRU) and the memory each attention path held. */
export function costTables(measured: CostMeasured): ExperimentTable[] {
  const { data, flash } = measured;
  const { lengths, heads } = data;
  return [
    {
      title: say("cost.table.time", { clock: clockOf(data), width: data.width }),
      columns: ["n", "naive ms", "flash ms", "GRU ms", "flash/naive", "naive/GRU"],
      rows: lengths.map((n, i) => [
        n,
        significant(data.naiveMs[i]),
        significant(data.flashMs[i]),
        significant(data.gruMs[i]),
        significant(data.flashMs[i] / data.naiveMs[i]),
        significant(data.naiveMs[i] / data.gruMs[i]),
      ]),
    },
    {
      title: say("cost.table.memory", { heads }),
      columns: ["n", "naive scores", "naive live", "flash scores", "flash live", "max |diff|"],
      // Bytes, shown in binary units by the view (65536 -> 64 KiB).
      units: [null, "bytes", "bytes", "bytes", "bytes", null],
      rows: lengths.map((n, i) => [
        n,
        squareBufferBytes(n, heads),
        data.naiveBytes[i],
        flash[i].scoreBufferBytes,
        data.flashBytes[i],
        Number.isNaN(data.maxAbsDiff[i]) ? "NaN" : significant(data.maxAbsDiff[i], 2),
      ]),
    },
  ];
}

/** Time and memory against n, log-log. */
export function costCharts(data: CostData): ExperimentChart[] {
  const x = data.lengths;
  return [
    {
      title: say("cost.chart.time", { clock: clockOf(data) }),
      xLabel: "sequence length n",
      yLabel: "ms, log scale",
      logX: true,
      logY: true,
      series: [
        { name: "naive attention", x, y: data.naiveMs },
        { name: "flash attention", x, y: data.flashMs },
        { name: "GRU layer", x, y: data.gruMs },
      ],
    },
    {
      title: say("cost.chart.memory"),
      xLabel: "sequence length n",
      yLabel: "KiB, log scale",
      logX: true,
      logY: true,
      series: [
        { name: "naive (scores + weights + output)", x, y: data.naiveBytes.map((b) => b / 1024) },
        { name: "flash (output + row log-sum-exp)", x, y: data.flashBytes.map((b) => b / 1024) },
      ],
    },
  ];
}

/** What was measured and how, the FLOP count, and what this run showed about the GRU. */
export function costNotes(
  settings: CostSettings,
  measured: CostMeasured,
  backend: Backend,
): Bilingual[] {
  const { lengths, width, heads } = measured.data;
  const notes = [
    say("cost.note.setup", {
      heads,
      headWord: heads === 1 ? "head" : "heads",
      dk: settings.dk,
      width,
    }),
    say("cost.note.flops", { n: 3 * width }),
    say("cost.note.longContext"),
  ];
  const dispatches = measured.gruPoints.map((p) => p.dispatches);
  notes.push(
    dispatches.every((d) => d === dispatches[0])
      ? say("cost.note.oneKernel", { dispatches: dispatches[0] })
      : say("cost.note.kernelPerStep", {
        first: dispatches[0],
        shortest: lengths[0],
        last: dispatches.at(-1)!,
        longest: lengths.at(-1)!,
      }),
  );
  if (measured.dropped.length > 0) {
    notes.push(say("cost.note.leftOut", {
      lengths: measured.dropped.join(", "),
      heads,
      limit: bytesText(bindingLimitBytes(backend)),
    }));
  }
  const adapter = backend.name === "webgpu" ? backend.deviceName : "";
  if (/llvmpipe|lavapipe/i.test(adapter)) notes.push(say("cost.note.llvmpipe"));
  return notes;
}
