import { describe, expect, it } from "vitest";
import { disposeOptimizer, learningRateScheduler, setLearningRate, tf } from "../../../src";

/** A one-weight linear model y = w·x with no bias, weight 0, compiled with `optimizer` and MSE. */
function oneWeight(optimizer: tf.Optimizer): tf.Sequential {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: "zeros" })],
  });
  model.compile({ optimizer, loss: "meanSquaredError" });
  return model;
}

describe("learningRateScheduler", () => {
  it("sets the rate before every epoch, and SGD's steps use it (w += 2·lr·x·y from w = 0 on one sample)", async () => {
    const optimizer = tf.train.sgd(0.5);
    const model = oneWeight(optimizer);
    const [x, y] = [tf.tensor2d([[1]]), tf.tensor2d([[1]])];
    const seen: number[] = [];
    const weights: number[] = [];
    const record = new tf.CustomCallback({
      onEpochEnd: async () => void weights.push(model.getWeights()[0].dataSync()[0]),
    });
    await model.fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: [learningRateScheduler((epoch, lr) => (seen.push(lr), epoch === 0 ? 0.1 : lr / 10)), record],
    });
    expect(seen).toEqual([0.5, 0.1, expect.closeTo(0.01, 12)]);
    // w1 = 2·0.1·1·(1 − 0) = 0.2; w2 = w1 + 2·0.01·(1 − 0.2) = 0.216; w3 = w2 + 2·0.001·(1 − 0.216)
    expect(weights[0]).toBeCloseTo(0.2, 6);
    expect(weights[1]).toBeCloseTo(0.216, 6);
    expect(weights[2]).toBeCloseTo(0.216 + 0.002 * 0.784, 6);
    tf.dispose([x, y]);
    disposeOptimizer(optimizer);
    model.dispose();
  });

  it("works for Adam (a plain number) and momentum (a tensor inside), without leaking", () => {
    const before = tf.memory().numTensors;
    for (const optimizer of [tf.train.adam(0.001), tf.train.momentum(0.1, 0.9)]) {
      setLearningRate(optimizer, 0.02);
      expect((optimizer as unknown as { learningRate: number }).learningRate).toBe(0.02);
      disposeOptimizer(optimizer);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("rejects a rate that is not a positive number", () => {
    const optimizer = tf.train.adam(0.001);
    expect(() => setLearningRate(optimizer, -1)).toThrow(
      "setLearningRate: expected a positive finite learning rate, got -1",
    );
    expect(() => setLearningRate(optimizer, NaN)).toThrow(/got NaN/);
    optimizer.dispose();
  });
});
