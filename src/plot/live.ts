import { inKernel, sendDisplayData } from "../display/kernel";
import { progressBundle, progressLine } from "../display/progress";
import type { ProgressState, ProgressView, TrainingHistory } from "../train/progress";
import { figureBundle } from "./bundle";
import { trainingFigure } from "./training";
import { randomBytes } from "node:crypto";

/** A random display id. */
function newId(): string {
  return randomBytes(8).toString("hex");
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
      sendDisplayData(figureBundle(chart), { displayId: ids.chart, update: drawn });
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
