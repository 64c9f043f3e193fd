import type { tf } from "../backend";
import { show } from "../display";
import { figureBundle } from "./bundle";
import type { Figure } from "./figure";
import { imageGridBundle, ImageGridOptions } from "./images";

export { figure, figureBundle, figureSummary, PLOTLY_MIME } from "./bundle";
export { figureHtml } from "./html";
export { baseLayout, functionWithDerivative, histogram, lineChart, scatterByClass } from "./charts";
export type { ChartOptions } from "./charts";
export { normalizeFigure, toPlain } from "./figure";
export type { Figure, Trace } from "./figure";
export { confusionMatrixFigure, heatmap } from "./heatmap";
export { imageGridBundle, toGrayscale } from "./images";
export type { ImageGridOptions } from "./images";
export { contourWithPaths, decisionBoundary } from "./surface";
export { jupyterProgressView, liveProgressView, textProgressView } from "./live";
export { trainingFigure } from "./training";

/** Shows a plotly figure in the notebook (one display_data with plotly JSON, HTML and text). */
export function plot(figure: Figure): void {
  show(figureBundle(figure));
}

/** Shows images (e.g. MNIST digits) in a grid with captions; highlighted ones get a red frame. */
export function showImages(images: tf.Tensor, options: ImageGridOptions = {}): void {
  show(imageGridBundle(images, options));
}
