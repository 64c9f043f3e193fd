import { tf } from "../backend";
import { toLabels } from "../metrics/labels";
import { figure } from "./bundle";
import { baseLayout, ChartOptions, PALETTE, scatterByClass } from "./charts";
import type { Figure, Trace } from "./figure";

/** A contour plot of a loss surface {x, y, z} with optimizer paths drawn over it. */
export function contourWithPaths(
  surface: { x: number[]; y: number[]; z: number[][] },
  paths: Record<string, [number, number][]>,
  options: ChartOptions = {},
): Figure {
  const data: Trace[] = [
    {
      type: "contour",
      x: surface.x,
      y: surface.y,
      z: surface.z,
      colorscale: "Greys",
      ncontours: 30,
      showscale: false,
      contours: { coloring: "lines" },
      name: "loss",
    },
    ...Object.entries(paths).map(([name, path], i): Trace => {
      const color = PALETTE[i % PALETTE.length];
      return {
        type: "scatter",
        mode: "lines+markers",
        name,
        x: path.map((p) => p[0]),
        y: path.map((p) => p[1]),
        marker: { size: 4, color },
        line: { color },
      };
    }),
  ];
  return figure({ data, layout: baseLayout({ height: 460, ...options }) });
}

/** Decision regions of a classifier on 2-D inputs, with the data points on top. */
export function decisionBoundary(
  predict: (grid: tf.Tensor2D) => tf.Tensor,
  X: tf.Tensor2D,
  y: tf.Tensor | ArrayLike<number>,
  options: ChartOptions & { classNames?: string[]; steps?: number; padding?: number } = {},
): Figure {
  const steps = options.steps ?? 100;
  const points = X.arraySync();
  const axis = (j: number) => {
    const values = points.map((p) => p[j]);
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    const pad = (hi - lo) * (options.padding ?? 0.1);
    return Array.from({ length: steps }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / (steps - 1));
  };
  const [gx, gy] = [axis(0), axis(1)];
  const classes = tf.tidy(() => {
    const grid = tf.tensor2d(gy.flatMap((b) => gx.map((a) => [a, b])));
    const out = predict(grid);
    return (out.rank === 2 ? tf.argMax(out, 1) : out).arraySync() as number[];
  });
  const z = gy.map((_, i) => classes.slice(i * steps, (i + 1) * steps));
  const points2 = scatterByClass(points, y, options);
  const k = [...classes, ...toLabels(y)].reduce((max, c) => Math.max(max, c + 1), 2);
  const colorscale = Array.from({ length: k }, (_, c) => [c / (k - 1), PALETTE[c % PALETTE.length]]);
  const regions: Trace = {
    type: "heatmap",
    x: gx,
    y: gy,
    z,
    zmin: 0,
    zmax: k - 1,
    colorscale,
    opacity: 0.25,
    showscale: false,
    hoverinfo: "skip",
    name: "predicted class",
  };
  return figure({ data: [regions, ...points2.data], layout: baseLayout({ height: 440, ...options }) });
}
