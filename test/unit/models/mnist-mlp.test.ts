import { describe, expect, it } from "vitest";
import { describeLayers, disposeAll, mnistMlp, tf } from "../../../src";

describe("mnistMlp", () => {
  it("is chapter 6's perceptron: 784 → 128 → dropout 0.2 → 10, compiled for integer labels", () => {
    const model = mnistMlp();
    const layers = describeLayers(model);
    expect(layers.map((l) => [l.type, l.outputShape.join("×"), l.params])).toEqual([
      ["Flatten", "784", 0],
      ["Dense", "128", 784 * 128 + 128],
      ["Dropout", "128", 0],
      ["Dense", "10", 128 * 10 + 10],
    ]);
    expect((model.layers[2].getConfig() as { rate: number }).rate).toBe(0.2);
    expect(model.loss).toBe("sparseCategoricalCrossentropy");
    disposeAll(model);
  });

  it("leaves dropout out with dropout: 0, and outputs probabilities", () => {
    const model = mnistMlp({ dropout: 0 });
    expect(model.layers.map((l) => l.getClassName())).toEqual(["Flatten", "Dense", "Dense"]);
    const before = tf.memory().numTensors;
    const sums = tf.tidy(() => Array.from(tf.sum(model.predict(tf.ones([2, 28, 28, 1])) as tf.Tensor, 1).dataSync()));
    sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
    expect(tf.memory().numTensors).toBe(before);
    disposeAll(model);
  });

  it("rejects a dropout rate outside [0, 1)", () => {
    expect(() => mnistMlp({ dropout: 1.5 })).toThrow("mnistMlp: expected dropout in [0, 1), found 1.5");
  });
});
