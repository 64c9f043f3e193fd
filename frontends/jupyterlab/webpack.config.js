// Bundles index.js into build/static/ (served by serve.py); @jupyterlab/builder copies the plugins' settings schemas
// to build/schemas/ and compiles the light theme into build/themes/, where jupyterlab_server serves them.
const path = require("node:path");
const { Build } = require("@jupyterlab/builder");
const { dependencies } = require("./package.json");

const BUILD = path.join(__dirname, "build");
const themes = Build.ensureAssets({
  packageNames: Object.keys(dependencies).filter((name) => name.endsWith("-extension")),
  output: BUILD,
});

module.exports = [
  {
    entry: "./index.js",
    output: {
      path: path.join(BUILD, "static"),
      filename: "main.js",
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
