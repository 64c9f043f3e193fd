// Copies plotly.min.js where Jupyter servers serve static files offline from JUPYTER_PATH (kernel-setup/jupyter/):
// nbextensions/dlcourse/ (classic Notebook, nbclassic) and labextensions/dlcourse-plotly/static/ (JupyterLab).
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const jupyterPath = join(dirname(fileURLToPath(import.meta.url)), "..", "kernel-setup", "jupyter");
const require = createRequire(import.meta.url);
for (const folder of [
  ["nbextensions", "dlcourse"],
  ["labextensions", "dlcourse-plotly", "static"],
]) {
  const target = join(jupyterPath, ...folder);
  mkdirSync(target, { recursive: true });
  copyFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), join(target, "plotly.min.js"));
}
