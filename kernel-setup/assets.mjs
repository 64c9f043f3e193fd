// Copies plotly.min.js where classic Notebook / nbclassic serve it offline: JUPYTER_PATH/nbextensions/dlcourse/.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const target = join(here, "jupyter", "nbextensions", "dlcourse");
mkdirSync(target, { recursive: true });
copyFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), join(target, "plotly.min.js"));
