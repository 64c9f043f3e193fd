// Notebook 7's notebook page (/notebooks/<path>): the @jupyter-notebook plugins and the JupyterLab plugins Notebook 7
// loads on that page (the lists in jupyter/notebook's app/package.json, v7.6, for the packages installed here), plus
// the plotly MIME renderer, which serve.py disables unless it runs with --plotly.
import { NotebookApp } from "@jupyter-notebook/application";
import { PageConfig } from "@jupyterlab/coreutils";
import { IServiceManager } from "@jupyterlab/services";
import { PluginRegistry } from "@lumino/coreutils";
import plotly from "jupyterlab-plotly/lib/plotly-renderer";
import "./build/notebook/style.js";

/** Each package's plugins: all of them (true) or the listed ids. */
const PLUGINS = [
  [require("@jupyter-notebook/application-extension"), true],
  [require("@jupyter-notebook/docmanager-extension"), true],
  [require("@jupyter-notebook/help-extension"), true],
  [require("@jupyter-notebook/notebook-extension"), true],
  [require("@jupyterlab/application-extension"), ["context-menu", "faviconbusy", "router", "top-bar", "top-spacer"]],
  [
    require("@jupyterlab/apputils-extension"),
    [
      "kernels-settings",
      "palette",
      "notification",
      "sanitizer",
      "sessionDialogs",
      "settings",
      "state",
      "themes",
    ].concat(["themes-palette-menu", "toolbar-registry", "utilityCommands"]),
  ],
  [require("@jupyterlab/codemirror-extension"), true],
  [
    require("@jupyterlab/completer-extension"),
    ["base-service", "inline-completer", "inline-completer-factory", "inline-history", "manager"],
  ],
  [require("@jupyterlab/docmanager-extension"), ["plugin", "download", "contexts", "manager"]],
  [require("@jupyterlab/documentsearch-extension"), ["plugin"]],
  [require("@jupyterlab/filebrowser-extension"), ["factory", "default-file-browser"]],
  [require("@jupyterlab/lsp-extension"), true],
  [require("@jupyterlab/mainmenu-extension"), ["plugin"]],
  [require("@jupyterlab/markedparser-extension"), true],
  [require("@jupyterlab/mathjax-extension"), true],
  [require("@jupyterlab/metadataform-extension"), true],
  [
    require("@jupyterlab/notebook-extension"),
    ["cell-executor", "code-console", "export", "factory", "tracker", "widget-factory", "active-cell-tool"].concat([
      "completer",
      "copy-output",
      "metadata-editor",
      "search",
      "toc",
      "tools",
      "update-raw-mimetype",
    ]),
  ],
  [require("@jupyterlab/services-extension"), true],
  [require("@jupyterlab/shortcuts-extension"), true],
  [require("@jupyterlab/theme-light-extension"), true],
  [require("@jupyterlab/toc-extension"), ["registry", "tracker"]],
  [require("@jupyterlab/translation-extension"), true],
  [require("@jupyterlab/ui-components-extension"), true],
];

/** The plugins listed above, less those the page config disables. */
function enabledPlugins() {
  return PLUGINS.flatMap(([mod, ids]) =>
    [mod.default ?? mod].flat().filter((plugin) => ids === true || ids.includes(plugin.id.split(":")[1])),
  ).filter((plugin) => !PageConfig.Extension.isDisabled(plugin.id));
}

/** Starts Notebook 7 as its own build does: services first, then the application. */
async function main() {
  const pluginRegistry = new PluginRegistry();
  pluginRegistry.registerPlugins(enabledPlugins());
  const serviceManager = await pluginRegistry.resolveRequiredService(IServiceManager);
  const renderers = plotly.filter((extension) => !PageConfig.Extension.isDisabled(extension.id));
  const mimeExtensions = [{ __esModule: true, default: renderers }];
  const app = new NotebookApp({ pluginRegistry, serviceManager, mimeExtensions });
  await app.start();
  // For the browser tests, as JupyterLab's own test tool (galata) does.
  window.jupyterapp = app;
  await app.restored;
}

window.addEventListener("load", () => main().catch((error) => console.error("Notebook 7 did not start", error)));
