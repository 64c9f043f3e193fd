// The bench's sequence models (chapters 10 and 11), tfjs side; bench/torch_models.py builds the same in PyTorch.
// Both train next-character prediction on the same kind of synthetic text (seeded tokens: speed does not depend on
// the values), with Adam and softmax cross-entropy over every position; a sample is one sequence of CONTEXT tokens.
import { createRequire } from "node:module";
import { measureSteps } from "./models.mjs";

const require = createRequire(import.meta.url);
const { tf } = require("../dist/index.js");

/** @typedef {import("@tensorflow/tfjs").Tensor} Tensor */
/** @typedef {import("@tensorflow/tfjs").Variable} Variable */
/** @typedef {import("./models.mjs").ThroughputOptions} ThroughputOptions */

export const VOCAB = 30;
export const CONTEXT = 16;

/**
 * `count` batches of [batchSize, CONTEXT] token ids and their next tokens (int32), from a seeded stream.
 * @param {number} batchSize
 * @param {number} count
 * @returns {[Tensor, Tensor][]}
 */
function tokenBatches(batchSize, count) {
  let seed = 7;
  const stream = Int32Array.from({ length: batchSize * count * (CONTEXT + 1) }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % VOCAB;
  });
  return Array.from({ length: count }, (_, b) => {
    const rows = tf.tensor2d(stream.subarray(b * batchSize * (CONTEXT + 1), (b + 1) * batchSize * (CONTEXT + 1)), [
      batchSize,
      CONTEXT + 1,
    ]);
    const pair = /** @type {[Tensor, Tensor]} */ ([
      tf.slice(rows, [0, 0], [batchSize, CONTEXT]),
      tf.slice(rows, [0, 1], [batchSize, CONTEXT]),
    ]);
    rows.dispose();
    return pair;
  });
}

/** Chapter 10's character model: embedding 16 → LSTM 128 (sigmoid gates, as PyTorch's) → dense to VOCAB, per step. */
export function buildCharLstm() {
  return tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: VOCAB, outputDim: 16, inputLength: CONTEXT }),
      tf.layers.lstm({
        units: 128,
        returnSequences: true,
        recurrentActivation: "sigmoid",
        recurrentInitializer: "glorotUniform", // the default, orthogonal, warns that it is slow at this size
      }),
      tf.layers.dense({ units: VOCAB, activation: "softmax" }),
    ],
  });
}

/**
 * Training samples/s of the character LSTM (model.trainOnBatch, sparse cross-entropy at every position).
 * @param {ThroughputOptions} options
 */
export async function charLstmThroughput(options) {
  const model = buildCharLstm();
  model.compile({ optimizer: tf.train.adam(0.001), loss: "sparseCategoricalCrossentropy" });
  const batches = tokenBatches(options.batchSize, 8).map(([x, y]) => {
    const target = tf.tidy(() => tf.cast(tf.expandDims(y, 2), "float32")); // [batch, CONTEXT, 1], as Keras wants
    y.dispose();
    return /** @type {[Tensor, Tensor]} */ ([x, target]);
  });
  const rate = await measureSteps((i) => model.trainOnBatch(...batches[i % batches.length]), options);
  tf.dispose(batches.flat());
  model.optimizer.dispose();
  model.dispose();
  return rate;
}

/**
 * Chapter 11's tiny decoder-only transformer as variables and a loss: token + position embeddings, `layers` blocks of
 * pre-norm causal self-attention (`heads` heads) and a ReLU MLP (4 × dModel), residuals, a final norm, logits.
 */
export function buildTinyTransformer({ dModel = 64, heads = 2, layers = 2 } = {}) {
  /** @type {Variable[]} */
  const variables = [];
  const made = (/** @type {Tensor} */ init) => {
    variables.push(tf.variable(init));
    init.dispose();
    return /** @type {Variable} */ (variables.at(-1));
  };
  let seed = 1;
  const weight = (/** @type {number[]} */ shape) => made(tf.randomNormal(shape, 0, 0.02, "float32", seed++));
  const filled = (/** @type {number} */ n, /** @type {number} */ v) => made(tf.fill([n], v));
  const norm = () => ({ gain: filled(dModel, 1), bias: filled(dModel, 0) });
  const blocks = Array.from({ length: layers }, () => ({
    norm1: norm(),
    qkv: weight([dModel, 3 * dModel]),
    qkvBias: filled(3 * dModel, 0),
    out: weight([dModel, dModel]),
    outBias: filled(dModel, 0),
    norm2: norm(),
    up: weight([dModel, 4 * dModel]),
    upBias: filled(4 * dModel, 0),
    down: weight([4 * dModel, dModel]),
    downBias: filled(dModel, 0),
  }));
  const [tokens, positions, final, head, headBias] = [
    weight([VOCAB, dModel]),
    weight([CONTEXT, dModel]),
    norm(),
    weight([dModel, VOCAB]),
    filled(VOCAB, 0),
  ];
  const causal = tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([CONTEXT, CONTEXT]), -1, 0)), -1e9));
  const dHead = dModel / heads;

  /** Layer norm over the last axis (ε = 1e-5, as PyTorch's). */
  const layerNorm = (/** @type {Tensor} */ x, /** @type {{ gain: Variable, bias: Variable }} */ p) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), p.gain), p.bias);
  };
  /** x·W + b on [rows, in]. */
  const dense = (/** @type {Tensor} */ x, /** @type {Variable} */ w, /** @type {Variable} */ b) =>
    tf.add(tf.matMul(x, w), b);
  /** [batch·T, dModel] → [batch, heads, T, dHead]. */
  const splitHeads = (/** @type {Tensor} */ x, /** @type {number} */ batch) =>
    tf.transpose(tf.reshape(x, [batch, CONTEXT, heads, dHead]), [0, 2, 1, 3]);

  /** Mean cross-entropy of the next tokens `y` given `x` (both [batch, CONTEXT] int32). */
  const loss = (/** @type {Tensor} */ x, /** @type {Tensor} */ y) => {
    const batch = x.shape[0];
    let h = tf.reshape(tf.add(tf.gather(tokens, x), positions), [batch * CONTEXT, dModel]);
    for (const block of blocks) {
      const [q, k, v] = tf.split(dense(layerNorm(h, block.norm1), block.qkv, block.qkvBias), 3, 1);
      const scores = tf.add(
        tf.mul(tf.matMul(splitHeads(q, batch), splitHeads(k, batch), false, true), dHead ** -0.5),
        causal,
      );
      const attended = tf.matMul(tf.softmax(scores), splitHeads(v, batch));
      const merged = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [batch * CONTEXT, dModel]);
      h = tf.add(h, dense(merged, block.out, block.outBias));
      const up = tf.relu(dense(layerNorm(h, block.norm2), block.up, block.upBias));
      h = tf.add(h, dense(up, block.down, block.downBias));
    }
    const logits = dense(layerNorm(h, final), head, headBias);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.reshape(y, [-1]), VOCAB), logits);
  };
  return { loss, dispose: () => tf.dispose([causal, ...variables]) };
}

/**
 * Training samples/s of the tiny transformer (Adam on every variable it made).
 * @param {ThroughputOptions} options
 */
export async function tinyTransformerThroughput(options) {
  const model = buildTinyTransformer();
  const optimizer = tf.train.adam(0.001);
  const batches = tokenBatches(options.batchSize, 8);
  const step = (/** @type {number} */ i) =>
    tf.tidy(() => void optimizer.minimize(() => /** @type {any} */ (model.loss(...batches[i % batches.length]))));
  const rate = await measureSteps(step, options);
  tf.dispose(batches.flat());
  optimizer.dispose();
  model.dispose();
  return rate;
}
