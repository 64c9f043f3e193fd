import { figure } from "./bundle";
import type { Figure, Trace } from "./figure";
import type { HistoryPoint } from "../train/progress";

/** x (epoch) and y of one metric over the points that have it. */
function series(points: HistoryPoint[], key: string): { x: number[]; y: number[] } {
  const kept = points.filter((p) => key in p.metrics);
  return { x: kept.map((p) => p.epoch), y: kept.map((p) => p.metrics[key]) };
}

/** Live training chart: loss-like metrics on top, the others (accuracy…) below; x = epoch. */
export function trainingFigure(epochs: HistoryPoint[], batches: HistoryPoint[], title = "Training"): Figure {
  const names = [...new Set(epochs.flatMap((p) => Object.keys(p.metrics)))];
  const hasLower = names.some((n) => !n.includes("loss"));
  const data: Trace[] = names.map((name) => ({
    type: "scatter",
    mode: "lines+markers",
    name,
    ...series(epochs, name),
    yaxis: name.includes("loss") || !hasLower ? "y" : "y2",
  }));
  const batchLoss = series(batches, "loss");
  if (batchLoss.x.length > epochs.length) {
    data.unshift({
      type: "scatter",
      mode: "lines",
      name: "loss (batches)",
      ...batchLoss,
      yaxis: "y",
      line: { width: 1, color: "rgba(31,119,180,0.35)" },
    });
  }
  const layout: Record<string, unknown> = {
    title,
    height: hasLower ? 460 : 320,
    margin: { t: 40, r: 10, b: 40, l: 55 },
    xaxis: { title: "epoch", rangemode: "tozero", anchor: hasLower ? "y2" : "y" },
    yaxis: { title: "loss", domain: hasLower ? [0.55, 1] : [0, 1] },
    legend: { orientation: "h", y: -0.15 },
  };
  if (hasLower) layout.yaxis2 = { title: "metric", domain: [0, 0.42], anchor: "x" };
  return figure({ data, layout });
}
