#!/usr/bin/env node
// `npm run bench [-- --json]`: data-loading numbers (MNIST load time, batch pipeline throughput).
// Prints a table; with --json also one JSON object on the last line.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { BatchPipeline, loadMnistArrays, setupBackend, tf } = require("../dist");

/** Median of the timings (seconds) of `runs` calls. */
function medianSeconds(fn, runs) {
  const times = Array.from({ length: runs }, () => {
    const start = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - start) / 1e9;
  });
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Seconds to load all 70,000 MNIST images and labels as scaled float arrays. */
function mnistLoad() {
  return medianSeconds(() => {
    loadMnistArrays("train");
    loadMnistArrays("test");
  }, 5);
}

/** Samples per second the batch pipeline delivers over one shuffled epoch of the 60,000 training images. */
function pipelineThroughput(batchSize) {
  const pipeline = new BatchPipeline(loadMnistArrays("train"), { batchSize, seed: 1, oneHotClasses: 10 });
  const seconds = medianSeconds(() => {
    for (const { xs, ys } of pipeline.epoch()) tf.dispose([xs, ys]);
  }, 3);
  return Math.round(60_000 / seconds);
}

async function main() {
  const report = await setupBackend();
  const tensorsBefore = tf.memory().numTensors;
  const results = {
    backend: report.backend,
    mnist_load_s: Number(mnistLoad().toFixed(3)),
    pipeline_samples_per_s: { bs32: pipelineThroughput(32), bs128: pipelineThroughput(128) },
  };
  results.tensor_growth = tf.memory().numTensors - tensorsBefore;
  console.log(`backend                         ${results.backend}`);
  console.log(`MNIST load, 70,000 images       ${results.mnist_load_s.toFixed(3)} s (median of 5)`);
  console.log(`batch pipeline, batch 32        ${results.pipeline_samples_per_s.bs32.toLocaleString("en")} samples/s`);
  console.log(`batch pipeline, batch 128       ${results.pipeline_samples_per_s.bs128.toLocaleString("en")} samples/s`);
  console.log(`tensor growth                   ${results.tensor_growth}`);
  if (process.argv.includes("--json")) console.log(JSON.stringify(results));
}

main();
