/** One panel of a figure as SVG, whatever its kind. */
import type { FigurePanel } from "./figure.ts";
import { drawHeatmap } from "./svg_heatmap.ts";
import { drawChart } from "./svg_chart.ts";
import { drawBars } from "./svg_bars.ts";

/** SVG markup drawn from (0, 0), and the box it takes. */
export interface Drawn {
  svg: string;
  width: number;
  height: number;
}

/** `panel` drawn from (0, 0). */
export function drawPanel(panel: FigurePanel): Drawn {
  switch (panel.kind) {
    case "heatmap":
      return drawHeatmap(panel);
    case "chart":
      return drawChart(panel);
    case "bars":
      return drawBars(panel);
  }
}
