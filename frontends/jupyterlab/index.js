// The front end: JupyterLab's core plugins for notebooks, plus the plotly MIME renderer that `pip install plotly` adds.
// serve.py lists the renderer in the page config's disabledExtensions unless it runs with --plotly.
import { JupyterLab } from "@jupyterlab/application";
import { PageConfig } from "@jupyterlab/coreutils";
import { IServiceManager } from "@jupyterlab/services";
import { PluginRegistry } from "@lumino/coreutils";
import plotly from "jupyterlab-plotly/lib/plotly-renderer";
import "./build/style.js";

/** Each package's default export: one plugin or a list of them. */
const PLUGIN_MODULES = [
  require("@jupyterlab/services-extension"),
  require("@jupyterlab/application-extension"),
  require("@jupyterlab/apputils-extension"),
  require("@jupyterlab/codemirror-extension"),
  require("@jupyterlab/completer-extension"),
  require("@jupyterlab/docmanager-extension"),
  require("@jupyterlab/documentsearch-extension"),
  require("@jupyterlab/filebrowser-extension"),
  require("@jupyterlab/lsp-extension"),
  require("@jupyterlab/mainmenu-extension"),
  require("@jupyterlab/markedparser-extension"),
  require("@jupyterlab/mathjax-extension"),
  require("@jupyterlab/metadataform-extension"),
  require("@jupyterlab/notebook-extension"),
  require("@jupyterlab/rendermime-extension"),
  require("@jupyterlab/shortcuts-extension"),
  require("@jupyterlab/statusbar-extension"),
  require("@jupyterlab/theme-light-extension"),
  require("@jupyterlab/toc-extension"),
  require("@jupyterlab/translation-extension"),
  require("@jupyterlab/ui-components-extension"),
];

/** The plugins of the modules above, less those the page config disables. */
function enabledPlugins() {
  const plugins = PLUGIN_MODULES.flatMap((mod) => [mod.default ?? mod].flat());
  return plugins.filter((plugin) => !PageConfig.Extension.isDisabled(plugin.id));
}

/** Starts JupyterLab as its own build does: services first (they are plugins since 4.4), then the application. */
async function main() {
  const renderers = plotly.filter((extension) => !PageConfig.Extension.isDisabled(extension.id));
  const pluginRegistry = new PluginRegistry();
  pluginRegistry.registerPlugins(enabledPlugins());
  const serviceManager = await pluginRegistry.resolveRequiredService(IServiceManager);
  const mimeExtensions = [{ __esModule: true, default: renderers }];
  const lab = new JupyterLab({ pluginRegistry, serviceManager, mimeExtensions });
  await lab.start({ bubblingKeydown: true });
  // For the browser tests, as JupyterLab's own test tool (galata) does.
  window.jupyterapp = lab;
  await lab.restored;
}

window.addEventListener("load", () => main().catch((error) => console.error("JupyterLab did not start", error)));
