import { randomBytes } from "node:crypto";
import { displayAs, MimeBundle } from "../display/kernel";
import { Figure, normalizeFigure } from "./figure";

/** MIME type VS Code and JupyterLab's plotly extension render natively. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * Where `npm run build` puts plotly.min.js under JUPYTER_PATH, as the servers expose it: classic Notebook / nbclassic
 * first, then JupyterLab's static extension folder.
 */
export const PLOTLY_URLS = ["nbextensions/dlcourse/plotly.min", "lab/extensions/dlcourse-plotly/static/plotly.min"];

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

/** HTML that draws the figure with plotly.js from the Jupyter server, with no CDN. */
export function figureHtml(figure: Required<Figure>): string {
  const id = `dlcourse-plot-${randomBytes(6).toString("hex")}`;
  const json = JSON.stringify(figure).replace(/</g, "\\u003c");
  return `<div id="${id}" class="dlcourse-plot" style="min-height:360px"></div>
<script type="text/javascript">
(function () {
  var id = ${JSON.stringify(id)};
  var fig = ${json};
  function draw(Plotly) {
    var config = { responsive: true, displaylogo: false };
    Plotly.newPlot(document.getElementById(id), fig.data, fig.layout, config);
  }
  function fail(why) {
    document.getElementById(id).textContent = "plotly.js could not be loaded (" + why + "). Start Jupyter with "
      + "'npm start', or open this notebook in VS Code / JupyterLab with the plotly extension.";
  }
  function baseUrl() {
    var config = document.getElementById("jupyter-config-data");
    if (config) { try { return JSON.parse(config.textContent).baseUrl || "/"; } catch (e) {} }
    return document.body.getAttribute("data-base-url") || "/";
  }
  function load() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    window.__dlcoursePlotly = window.__dlcoursePlotly || new Promise(function (resolve, reject) {
      var urls = ${JSON.stringify(PLOTLY_URLS)}.map(function (u) { return baseUrl() + u; });
      if (typeof window.requirejs === "function") {
        window.requirejs.config({ paths: { "dlcourse-plotly": urls } });
        window.requirejs(["dlcourse-plotly"], function (P) { resolve(P || window.Plotly); }, reject);
        return;
      }
      (function tryScript(i) {
        if (i >= urls.length) { reject(new Error("plotly.min.js not found at " + urls.join(", "))); return; }
        var s = document.createElement("script");
        s.src = urls[i] + ".js";
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = function () { s.remove(); tryScript(i + 1); };
        document.head.appendChild(s);
      })(0);
    });
    return window.__dlcoursePlotly;
  }
  load().then(draw, function (e) { fail(e && e.message ? e.message : String(e)); });
})();
</script>`;
}
