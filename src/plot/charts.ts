import { tf } from "../backend";
import { toLabels } from "../metrics/labels";
import { figure } from "./bundle";
import type { Figure, Trace } from "./figure";

type Numbers = ArrayLike<number> | tf.Tensor;

/** Plotly's default colours, so figures can give the same thing the same colour. */
export const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** Axis titles and figure title shared by the builders. */
export interface ChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  height?: number;
}

/** A layout from the common options. */
export function baseLayout(options: ChartOptions, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: options.title,
    height: options.height ?? 380,
    xaxis: { title: options.xTitle },
    yaxis: { title: options.yTitle },
    ...extra,
  };
}

/** Lines, one per named series (x defaults to 0, 1, 2, …); e.g. loss curves. */
export function lineChart(
  series: Record<string, Numbers>,
  options: ChartOptions & { x?: Numbers; logY?: boolean } = {},
): Figure {
  const data: Trace[] = Object.entries(series).map(([name, y]) => ({
    type: "scatter",
    mode: "lines",
    name,
    x: options.x,
    y,
  }));
  const layout = baseLayout(options);
  if (options.logY) layout.yaxis = { title: options.yTitle, type: "log" };
  return figure({ data, layout });
}

/** 2-D points coloured by class: X `[n, 2]`, labels y (ints or one-hot). */
export function scatterByClass(
  X: tf.Tensor2D | number[][],
  y: ArrayLike<number> | tf.Tensor,
  options: ChartOptions & { classNames?: string[] } = {},
): Figure {
  const points = X instanceof tf.Tensor ? (X.arraySync() as number[][]) : X;
  const labels = toLabels(y);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  const data: Trace[] = classes.map((c) => {
    const rows = points.filter((_, i) => labels[i] === c);
    const color = PALETTE[c % PALETTE.length];
    return {
      type: "scatter",
      mode: "markers",
      name: options.classNames?.[c] ?? `class ${c}`,
      x: rows.map((r) => r[0]),
      y: rows.map((r) => r[1]),
      marker: { size: 6, opacity: 0.85, color },
    };
  });
  return figure({ data, layout: baseLayout(options) });
}

/** A histogram of values (one trace per named set). */
export function histogram(sets: Record<string, Numbers>, options: ChartOptions & { bins?: number } = {}): Figure {
  const data: Trace[] = Object.entries(sets).map(([name, x]) => ({
    type: "histogram",
    name,
    x,
    nbinsx: options.bins,
    opacity: 0.75,
  }));
  return figure({ data, layout: baseLayout(options, { barmode: "overlay" }) });
}

/** A function and its derivative over a range, both computed from tensors: f(x) and f'(x) by autodiff. */
export function functionWithDerivative(
  name: string,
  f: (x: tf.Tensor) => tf.Tensor,
  range: [number, number],
  options: ChartOptions & { points?: number } = {},
): Figure {
  const [x, y, dy] = tf.tidy(() => {
    const xs = tf.linspace(range[0], range[1], options.points ?? 201);
    return [xs.dataSync(), f(xs).dataSync(), tf.grad(f)(xs).dataSync()].map((v) => Array.from(v));
  });
  const data: Trace[] = [
    { type: "scatter", mode: "lines", name, x, y },
    { type: "scatter", mode: "lines", name: `${name}′ (autodiff)`, x, y: dy, line: { dash: "dash" } },
  ];
  return figure({ data, layout: baseLayout({ xTitle: "x", title: name, height: 320, ...options }) });
}
