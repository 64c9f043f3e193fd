// The bench's models and its training-throughput measurement (tfjs side; bench/torch_models.py mirrors it).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { tf } = require("../dist/index.js");

/** @typedef {import("../dist/index.js").ArrayDataset} ArrayDataset */
/** @typedef {import("@tensorflow/tfjs").Tensor} Tensor */
/** @typedef {[transposeA: boolean, transposeB: boolean]} MatMulForm */
/** @typedef {{ plain: number, transposeA: number, transposeB: number, transposeAB: number }} MatMulRates GFLOP/s */
/**
 * How long `trainingThroughput` warms up and measures.
 * @typedef {object} ThroughputOptions
 * @property {number} batchSize
 * @property {number} minSamples samples to train at least
 * @property {number} minSeconds seconds to train at least
 * @property {number} [warmup] warm-up steps at least (default 3)
 * @property {number} [warmupSeconds] warm-up seconds at least (default 0)
 */

/** Chapter 6's perceptron: 784 → 128 ReLU → dropout 0.2 → 10. */
export function buildMlp() {
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 128, activation: "relu" }),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
}

/** Chapter 7's CNN: conv 3×3 (32) → pool → conv 3×3 (64) → pool → dense 128 → 10. */
export function buildCnn() {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: "relu" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
}

/**
 * The first batches of the MNIST arrays as tensors [batchSize, 28, 28, 1] with float labels.
 * @param {ArrayDataset} data
 * @param {number} batchSize
 * @param {number} count
 * @returns {[Tensor, Tensor][]}
 */
function batchesOf(data, batchSize, count) {
  return Array.from({ length: count }, (_, b) => {
    const rows = [b * batchSize, (b + 1) * batchSize];
    return [
      tf.tensor4d(data.X.subarray(rows[0] * 784, rows[1] * 784), [batchSize, 28, 28, 1]),
      tf.tensor1d(data.y.subarray(...rows), "float32"),
    ];
  });
}

/**
 * Training samples/s of a fresh model with Adam and sparse cross-entropy on the MNIST batches (see measureSteps).
 * @param {() => import("@tensorflow/tfjs").LayersModel} build
 * @param {ArrayDataset} data
 * @param {ThroughputOptions} options
 */
export async function trainingThroughput(build, data, options) {
  const model = build();
  model.compile({ optimizer: tf.train.adam(0.001), loss: "sparseCategoricalCrossentropy" });
  const batches = batchesOf(data, options.batchSize, Math.min(50, Math.floor(data.n / options.batchSize)));
  const rate = await measureSteps((i) => model.trainOnBatch(...batches[i % batches.length]), options);
  tf.dispose(batches.flat());
  model.optimizer.dispose();
  model.dispose();
  return rate;
}

/**
 * Samples/s of training steps `step(i)` (i = 0, 1, … cycles over the caller's batches): at least `warmup` steps and
 * `warmupSeconds` of warm-up (JIT), then steps until both `minSamples` and `minSeconds` are reached.
 * @param {(i: number) => unknown} step
 * @param {ThroughputOptions} options
 */
export async function measureSteps(step, { batchSize, minSamples, minSeconds, warmup = 3, warmupSeconds = 0 }) {
  const warmupStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmupStart < warmupSeconds * 1000; i++) await step(i);
  const start = process.hrtime.bigint();
  let [done, seconds] = [0, 0];
  while (done < minSamples || seconds < minSeconds) {
    await step(done / batchSize);
    done += batchSize;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return done / seconds;
}

/**
 * GFLOP/s of an n×n×n matMul on the current backend, plain and with each operand transposed (median of `rounds`;
 * the four forms take turns within each round, so that a slow spell of the machine hits them alike).
 * @returns {MatMulRates}
 */
export function matMulGflops(n = 512, reps = 5, rounds = 7) {
  const [a, b] = [tf.randomUniform([n, n]), tf.randomUniform([n, n])];
  /** @type {Record<keyof MatMulRates, MatMulForm>} */
  const forms = {
    plain: [false, false],
    transposeA: [true, false],
    transposeB: [false, true],
    transposeAB: [true, true],
  };
  /** @type {Record<string, number[]>} */
  const rates = Object.fromEntries(Object.keys(forms).map((name) => [name, []]));
  const rate = (/** @type {MatMulForm} */ [transposeA, transposeB]) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) tf.matMul(a, b, transposeA, transposeB).dispose();
    return (2 * n ** 3 * reps) / Number(process.hrtime.bigint() - start);
  };
  for (const form of Object.values(forms)) tf.matMul(a, b, ...form).dispose();
  for (let round = 0; round < rounds; round++)
    for (const [name, form] of Object.entries(forms)) rates[name].push(rate(form));
  tf.dispose([a, b]);
  return /** @type {MatMulRates} */ (
    Object.fromEntries(
      Object.entries(rates).map(([name, r]) => [name, r.sort((x, y) => x - y)[Math.floor(rounds / 2)]]),
    )
  );
}
