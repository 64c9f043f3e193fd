// Bundles index.js (JupyterLab) and notebook.js (Notebook 7) into build/static/ (served by serve.py);
// @jupyterlab/builder copies the plugins' settings schemas to build/schemas/ (Notebook 7: build/notebook/schemas/),
// writes each app's style imports and compiles the light theme into build/themes/, where jupyterlab_server serves them.
const path = require("node:path");
const { Build } = require("@jupyterlab/builder");
const { dependencies } = require("./package.json");

const BUILD = path.join(__dirname, "build");
const extensions = Object.keys(dependencies).filter((name) => name.endsWith("-extension"));
const themes = Build.ensureAssets({
  packageNames: extensions.filter((name) => name.startsWith("@jupyterlab/")),
  output: BUILD,
});
// The same light theme: its build above serves both apps
Build.ensureAssets({ packageNames: extensions, output: path.join(BUILD, "notebook"), themeOutput: BUILD });

module.exports = [
  {
    entry: { main: "./index.js", notebook: "./notebook.js" },
    output: {
      path: path.join(BUILD, "static"),
      filename: "[name].js",
      chunkFilename: "[name].[contenthash].js",
      clean: true,
    },
    devtool: false,
    resolve: {
      // jupyterlab-plotly imports plotly.js's full build: the same code, minified (see overrides in package.json)
      alias: { "plotly.js/dist/plotly": require.resolve("plotly.js-dist-min") },
      fallback: { path: false, url: false, util: false, crypto: false, buffer: false },
    },
    module: {
      noParse: /plotly\.js-dist-min/,
      rules: [
        { test: /\.css$/, use: ["style-loader", "css-loader"] },
        { test: /\.svg$/, issuer: /\.css$/, type: "asset/inline" },
        { test: /\.svg$/, issuer: /\.[mc]?js$/, type: "asset/source" },
        { test: /\.(png|jpg|gif|ttf|woff2?|eot)$/, type: "asset/resource" },
        { resourceQuery: /raw/, type: "asset/source" },
        // @jupyter/web-components imports without file extensions
        { test: /\.[mc]?js$/, resolve: { fullySpecified: false } },
      ],
    },
    performance: { hints: false },
  },
  ...themes,
];
