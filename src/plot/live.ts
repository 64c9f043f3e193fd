import { inKernel, sendDisplayData } from "../display/kernel";
import { progressBundle, progressLine } from "../display/progress";
import type { ProgressState, ProgressView, TrainingHistory } from "../train/progress";
import { figureBundle, figureGapBundle } from "./bundle";
import type { Figure } from "./figure";
import { trainingFigure } from "./training";
import { randomBytes } from "node:crypto";

/** A random display id. */
function newId(): string {
  return randomBytes(8).toString("hex");
}

/** Replaces the figure shown under `displayId`, through a gap frame that makes JupyterLab's plotly renderer redraw. */
export function redrawFigure(displayId: string, figure: Figure): void {
  sendDisplayData(figureGapBundle(figure), { displayId, update: true });
  sendDisplayData(figureBundle(figure), { displayId, update: true });
}

/** In Jupyter: a progress bar and a live chart, each updated in place (at most once a second). */
export function jupyterProgressView(): ProgressView {
  const ids = { bar: newId(), chart: newId() };
  let drawn = false;
  return {
    throttleMs: 1000,
    draw(state: ProgressState, history: TrainingHistory): void {
      const chart = trainingFigure([...history.epochs], [...history.batches], state.title);
      sendDisplayData(progressBundle(state), { displayId: ids.bar, update: drawn });
      if (drawn) redrawFigure(ids.chart, chart);
      else sendDisplayData(figureBundle(chart), { displayId: ids.chart });
      drawn = true;
    },
  };
}

/** Outside Jupyter (tests, plain node): one text line per redraw, at most every 5 seconds. */
export function textProgressView(): ProgressView {
  return { throttleMs: 5000, draw: (state) => console.log(progressLine(state)) };
}

/** The progress view for where this code runs: Jupyter's rich one in a kernel, else text. */
export function liveProgressView(): ProgressView {
  return inKernel() ? jupyterProgressView() : textProgressView();
}
