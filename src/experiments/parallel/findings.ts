/** The tables, chart and notes of `experiment parallel`, from what it measured. */
import type { Backend } from "../../engine/backend/contract.ts";
import { significant } from "../../measure/rounding.ts";
import { type Bilingual, messagesOf } from "../../platform/i18n/messages.ts";
import type { ExperimentChart, ExperimentTable } from "../experiment.ts";
import { sharedMessages } from "../shared_messages.ts";
import type { ParallelData } from "./conclude.ts";
import { configs, type Family, type ParallelMeasured, type ParallelSettings } from "./measure.ts";
import { parallelMessages } from "./messages.ts";

const say = messagesOf({ ...parallelMessages, ...sharedMessages });

const rounded = (v: number | null) => (v === null ? null : significant(v));

function clockOf(data: ParallelData): Bilingual {
  return say(data.clock === "gpu" ? "experiment.clock.gpu" : "experiment.clock.wall");
}

/** The layer counts of the two models as configured. */
function layersOf(settings: ParallelSettings) {
  const cfg = configs(settings);
  const transformer = cfg.transformer.arch === "transformer" ? cfg.transformer : null;
  return {
    gru: cfg.gru.arch === "gru" ? cfg.gru.layers : 0,
    transformer: transformer ? transformer.encoderLayers : 0,
    heads: transformer ? transformer.heads : 0,
  };
}

/** Encoder times by length, sequential work by length, and the training steps. */
export function parallelTables(
  settings: ParallelSettings,
  measured: ParallelMeasured,
): ExperimentTable[] {
  const { data, points, training, params } = measured;
  const layers = layersOf(settings);
  const trainRow = (family: Family, name: string) => {
    const r = training[family];
    return [
      name,
      params[family],
      settings.trainBatch,
      2 * settings.trainBatch * settings.trainLength,
      rounded(r.medianMs),
      Math.round(r.value!),
      Math.round(r.dispatches),
    ];
  };
  return [
    {
      title: say("parallel.table.encoder", {
        batch: settings.batch,
        reps: settings.reps,
        clock: clockOf(data),
      }),
      columns: ["n", "GRU gpu ms", "TF gpu ms", "GRU wall ms", "TF wall ms", "GRU/TF"],
      rows: data.lengths.map((n, i) => [
        n,
        rounded(points.gru[i].gpuMs),
        rounded(points.transformer[i].gpuMs),
        rounded(points.gru[i].wallMs),
        rounded(points.transformer[i].wallMs),
        rounded(data.gruMs[i] / data.transformerMs[i]),
      ]),
    },
    {
      title: say("parallel.table.steps"),
      columns: ["n", "GRU steps", "TF steps", "GRU dispatches", "TF dispatches"],
      rows: data.lengths.map((n, i) => [
        n,
        n * layers.gru,
        layers.transformer,
        points.gru[i].dispatches,
        points.transformer[i].dispatches,
      ]),
    },
    {
      title: say("parallel.table.training", { length: settings.trainLength }),
      columns: ["model", "params", "batch", "tokens/step", "ms/step", "tokens/s", "dispatches"],
      rows: [trainRow("gru", "GRU"), trainRow("transformer", "Transformer")],
    },
  ];
}

/** Encoder time against n, log-log. */
export function parallelChart(data: ParallelData): ExperimentChart {
  return {
    title: say("parallel.chart.encoder", { clock: clockOf(data) }),
    xLabel: "source length n",
    yLabel: "ms, log scale",
    logX: true,
    logY: true,
    series: [
      { name: "GRU encoder", x: data.lengths, y: data.gruMs },
      { name: "Transformer encoder", x: data.lengths, y: data.transformerMs },
    ],
  };
}

/** The models, what a dependent step is, and what this run showed about the GRU's kernels. */
export function parallelNotes(
  settings: ParallelSettings,
  measured: ParallelMeasured,
  backend: Backend,
): Bilingual[] {
  const { data, points, params } = measured;
  const layers = layersOf(settings);
  const notes = [
    say("parallel.note.models", {
      width: settings.width,
      gruLayers: layers.gru,
      gruParams: params.gru,
      heads: layers.heads,
      layers: layers.transformer,
      ffn: 4 * settings.width,
      transformerParams: params.transformer,
    }),
    say("parallel.note.steps", { gruLayers: layers.gru, layers: layers.transformer }),
  ];
  const dispatches = points.gru.map((p) => p.dispatches);
  notes.push(
    dispatches.every((d) => d === dispatches[0])
      ? say("parallel.note.oneKernel", { dispatches: dispatches[0] })
      : say("parallel.note.kernelPerStep", {
        first: dispatches[0],
        shortest: data.lengths[0],
        last: dispatches.at(-1)!,
        longest: data.lengths.at(-1)!,
      }),
  );
  const adapter = backend.name === "webgpu" ? backend.deviceName : "";
  if (/llvmpipe|lavapipe/i.test(adapter)) notes.push(say("parallel.note.llvmpipe"));
  return notes;
}
