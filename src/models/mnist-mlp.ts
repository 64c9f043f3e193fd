import { tf } from "../backend";

/**
 * Chapter 6's perceptron for MNIST (flatten → dense 128 ReLU → dropout → dense 10 softmax), compiled with Adam 0.001
 * and sparse categorical cross-entropy; `dropout: 0` leaves the dropout layer out.
 */
export function mnistMlp(options: { dropout?: number } = {}): tf.Sequential {
  const rate = options.dropout ?? 0.2;
  if (!(rate >= 0 && rate < 1)) throw new Error(`mnistMlp: expected dropout in [0, 1), found ${rate}`);
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 128, activation: "relu" }),
      ...(rate > 0 ? [tf.layers.dropout({ rate })] : []),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}
