/**
 * The stage timings under `run`: each stage's wall time (and GPU time when the device times its
 * own work), then a legend that says what each stage is and what the two clocks measure, so a
 * learner reading "trace" or "GPU" needs no guess.
 */
import type { Timing } from "../engine/backend/contract.ts";
import { formatMessage, type Lang } from "../platform/i18n/messages.ts";
import { formatMs } from "./table.ts";
import { wrapWidth } from "./layout.ts";
import { timingsMessages as m } from "./timings_messages.ts";

const stageMessages = {
  encoder: "timings.encoder",
  decoder: "timings.decoder",
  trace: "timings.trace",
} as const;

/** The messages without placeholders. */
type PlainId = Exclude<keyof typeof m, "timings.stage" | "timings.stage.gpu">;

/** Lines of the timings and their legend in `lang`, within `columns` (none without timings). */
export function renderTimings(timings: readonly Timing[], lang: Lang, columns = 80): string[] {
  if (timings.length === 0) return [];
  const say = (id: PlainId) => formatMessage(m, id)[lang];
  const stages = timings.map((t) =>
    t.gpuMs === undefined
      ? formatMessage(m, "timings.stage", { name: t.name, wall: formatMs(t.wallMs) })[lang]
      : formatMessage(m, "timings.stage.gpu", {
        name: t.name,
        wall: formatMs(t.wallMs),
        gpu: formatMs(t.gpuMs),
      })[lang]
  );
  const legend = timings
    .map((t) => t.name)
    .filter((name): name is keyof typeof stageMessages => Object.hasOwn(stageMessages, name))
    .map((name) => say(stageMessages[name]));
  legend.push(say("timings.clock"));
  if (timings.some((t) => t.gpuMs !== undefined)) legend.push(say("timings.clock.gpu"));
  const indent = "        ";
  const width = Math.max(20, columns - indent.length);
  return [
    ...wrapWidth(`${say("timings.title")}  ${stages.join(", ")}`, columns),
    ...legend.flatMap((l) => wrapWidth(l, width).map((part) => indent + part)),
  ];
}
