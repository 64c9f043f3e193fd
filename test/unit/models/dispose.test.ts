import { describe, expect, it } from "vitest";
import { disposeAll, tf } from "../../../src";

describe("disposeAll", () => {
  it("frees tensors, compiled models with their optimizer state, and what arrays and objects hold", async () => {
    const before = tf.memory().numTensors;
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    model.compile({ optimizer: tf.train.adam(0.1), loss: "meanSquaredError" });
    const [X, y] = [tf.ones([4, 2]), tf.zeros([4, 1])];
    await model.fit(X, y, { epochs: 1, verbose: 0 }); // gives Adam its moment tensors
    const split = { XTrain: tf.ones([3]), nested: { yTrain: [tf.zeros([3])] }, names: ["a"], raw: new Float32Array(2) };
    const scaler = { mean: tf.ones([2]), transform: (t: tf.Tensor) => t };
    disposeAll(model, [X, y], split, scaler, null, undefined);
    expect(tf.memory().numTensors).toBe(before);
    expect(split.XTrain.isDisposed && scaler.mean.isDisposed).toBe(true);
  });

  it("frees a tensor listed twice once, and an uncompiled model", () => {
    const before = tf.memory().numTensors;
    const t = tf.ones([2]);
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    disposeAll(t, [t], model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("names what it cannot free", () => {
    expect(() => disposeAll({ when: new Date(0) })).toThrow(
      "disposeAll: expected tensors, models, arrays or plain objects, found a Date",
    );
  });
});
