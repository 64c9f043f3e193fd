import { randomBytes } from "node:crypto";
import type { Figure } from "./figure";

/**
 * Where `npm run build` puts plotly.min.js (without ".js") under JUPYTER_PATH, as the servers expose it: classic
 * Notebook / nbclassic under the server's base URL, JupyterLab and Notebook 7 under their labextensions URL.
 */
export const PLOTLY_PATHS = {
  nbextension: "nbextensions/dlcourse/plotly.min",
  labextension: "dlcourse-plotly/static/plotly.min",
};

/**
 * What a plot's HTML shows until its script runs: front ends do not run the scripts of a notebook they do not trust
 * (one saved elsewhere), so that is when it stays.
 */
export const UNTRUSTED_NOTE =
  "This plot is drawn by a script, and Jupyter runs scripts only in trusted notebooks. To see it, run this cell " +
  "again, or trust the notebook: in JupyterLab, Command Palette → Trust Notebook; in Notebook 7 and classic " +
  "Notebook, File → Trust Notebook.";

/** HTML drawing the figure with plotly.js from the Jupyter server, no CDN (a note instead where no script runs). */
export function figureHtml(figure: Required<Figure>): string {
  const id = `dlcourse-plot-${randomBytes(6).toString("hex")}`;
  const json = JSON.stringify(figure).replace(/</g, "\\u003c");
  return `<div id="${id}" class="dlcourse-plot" style="min-height:360px">
<p class="dlcourse-plot-note" style="padding:1em;border:1px dashed #999;color:#555">${UNTRUSTED_NOTE}</p>
</div>
<script type="text/javascript">
(function () {
  var id = ${JSON.stringify(id)};
  var fig = ${json};
  function clear() {
    var el = document.getElementById(id);
    if (el) el.textContent = "";
    return el;
  }
  function draw(Plotly) {
    var config = { responsive: true, displaylogo: false };
    Plotly.newPlot(clear(), fig.data, fig.layout, config);
  }
  function fail(why) {
    var el = clear();
    if (el) el.textContent = "plotly.js could not be loaded (" + why + "). Start Jupyter with "
      + "'npm start', or open this notebook in VS Code / JupyterLab with the plotly extension.";
  }
  function pageConfig() {
    var config = document.getElementById("jupyter-config-data");
    if (config) { try { return JSON.parse(config.textContent); } catch (e) {} }
    return {};
  }
  function urls() {
    var config = pageConfig();
    var base = config.baseUrl || document.body.getAttribute("data-base-url") || "/";
    var nbextension = base + ${JSON.stringify(PLOTLY_PATHS.nbextension)};
    var labextensions = config.fullLabextensionsUrl || base + "lab/extensions";
    var labextension = labextensions.replace(/\\/?$/, "/") + ${JSON.stringify(PLOTLY_PATHS.labextension)};
    // JupyterLab and Notebook 7 say where their extensions are; classic Notebook serves nbextensions
    return config.fullLabextensionsUrl ? [labextension, nbextension] : [nbextension, labextension];
  }
  function load() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    window.__dlcoursePlotly = window.__dlcoursePlotly || new Promise(function (resolve, reject) {
      var candidates = urls();
      if (typeof window.requirejs === "function") {
        window.requirejs.config({ paths: { "dlcourse-plotly": candidates } });
        window.requirejs(["dlcourse-plotly"], function (P) { resolve(P || window.Plotly); }, reject);
        return;
      }
      (function tryScript(i) {
        if (i >= candidates.length) {
          reject(new Error("plotly.min.js not found at " + candidates.join(", ")));
          return;
        }
        var s = document.createElement("script");
        s.src = candidates[i] + ".js";
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = function () { s.remove(); tryScript(i + 1); };
        document.head.appendChild(s);
      })(0);
    });
    return window.__dlcoursePlotly;
  }
  // The note is for where no script runs; classic Notebook runs this before it attaches the element
  if (!clear()) Promise.resolve().then(clear);
  load().then(draw, function (e) { fail(e && e.message ? e.message : String(e)); });
})();
</script>`;
}
