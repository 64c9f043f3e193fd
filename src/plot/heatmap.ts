import { figure } from "./bundle";
import type { Figure } from "./figure";
import { baseLayout, ChartOptions } from "./charts";

/** A heatmap of z (rows top to bottom), optionally writing each cell's value in it. */
export function heatmap(
  z: number[][],
  options: ChartOptions & { x?: string[]; y?: string[]; showValues?: boolean; colorscale?: string } = {},
): Figure {
  const x = options.x ?? z[0]?.map((_, j) => String(j));
  const y = options.y ?? z.map((_, i) => String(i));
  const max = Math.max(...z.flat());
  const annotations = options.showValues
    ? z.flatMap((row, i) =>
        row.map((v, j) => ({
          x: x![j],
          y: y[i],
          text: String(v),
          showarrow: false,
          font: { color: v > max / 2 ? "white" : "black" },
        })),
      )
    : [];
  return figure({
    data: [{ type: "heatmap", z, x, y, colorscale: options.colorscale ?? "Blues", showscale: !options.showValues }],
    layout: baseLayout(options, {
      annotations,
      yaxis: { title: options.yTitle, autorange: "reversed", type: "category" },
      xaxis: { title: options.xTitle, type: "category" },
    }),
  });
}

/** A confusion matrix with counts in the cells: rows = true class, columns = predicted class. */
export function confusionMatrixFigure(matrix: number[][], classNames?: string[], options: ChartOptions = {}): Figure {
  const names = classNames ?? matrix.map((_, i) => String(i));
  return heatmap(matrix, {
    title: "Confusion matrix",
    xTitle: "predicted",
    yTitle: "true",
    height: 120 + 36 * names.length,
    ...options,
    x: names,
    y: names,
    showValues: true,
  });
}
