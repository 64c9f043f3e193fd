import { displayAs, MimeBundle } from "../display/kernel";
import { Figure, normalizeFigure } from "./figure";
import { figureHtml } from "./html";

/** MIME type VS Code and JupyterLab's plotly extension render natively. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The display bundle of one figure: plotly JSON, offline HTML (loads plotly.js from the server) and a text summary. */
export function figureBundle(figure: Figure): MimeBundle {
  const plain = normalizeFigure(figure);
  return { [PLOTLY_MIME]: plain, "text/html": figureHtml(plain), "text/plain": figureSummary(plain) };
}

/** A figure that shows itself as a plot when it is a cell's last expression (every builder here returns one). */
export function figure(spec: Figure): Figure {
  const shown = { ...spec };
  displayAs(shown, figureBundle);
  return shown;
}

/** A short text description of a figure (title and traces). */
export function figureSummary(figure: Required<Figure>): string {
  const title = (figure.layout.title as { text?: string } | undefined)?.text ?? "untitled";
  const traces = figure.data.map((t) => `${t.type ?? "scatter"}${t.name ? ` '${t.name}'` : ""}`);
  return `Figure: ${title} [${traces.join(", ")}]`;
}

/**
 * What an updated figure shows for an instant before its next frame: HTML of the figure's height, no plotly JSON.
 * JupyterLab (and Notebook 7) keep an output's renderer on an update with the same preferred MIME type, and the plotly
 * extension's renderer never redraws: passing through this bundle gives every frame a fresh renderer (issue 14).
 */
export function figureGapBundle(figure: Figure): MimeBundle {
  const height = Number(figure.layout?.height) || 360;
  return { "text/html": `<div style="min-height:${height}px"></div>`, "text/plain": "" };
}
