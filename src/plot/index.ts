import { show } from "../display";
import { figureBundle } from "./bundle";
import type { Figure } from "./figure";

export { figureBundle, figureHtml, figureSummary, PLOTLY_MIME } from "./bundle";
export { normalizeFigure, toPlain } from "./figure";
export type { Figure, Trace } from "./figure";

/** Shows a plotly figure in the notebook (one display_data with plotly JSON, HTML and text). */
export function plot(figure: Figure): void {
  show(figureBundle(figure));
}
