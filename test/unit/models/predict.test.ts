import { describe, expect, it } from "vitest";
import { predictClasses, tf } from "../../../src";

/** A linear layer 2 → 3 whose class k scores x·column k: [1, 0] → class 0, [0, 1] → class 2, [-1, -1] → class 1. */
function fixedModel(): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 3, useBias: false })] });
  model.setWeights([
    tf.tensor2d([
      [1, -1, 0],
      [0, -1, 1],
    ]),
  ]);
  return model;
}

describe("predictClasses", () => {
  it("returns the argmax of each row of the model's output, batch by batch", () => {
    const model = fixedModel();
    const X = tf.tensor2d([
      [1, 0],
      [0, 1],
      [-1, -1],
      [2, 1],
    ]);
    expect(predictClasses(model, X)).toEqual([0, 2, 1, 0]);
    expect(predictClasses(model, X, { batchSize: 3 })).toEqual([0, 2, 1, 0]);
    tf.dispose(X);
    model.dispose();
  });

  it("leaves no tensors behind", () => {
    const model = fixedModel();
    const X = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const before = tf.memory().numTensors;
    predictClasses(model, X);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(X);
    model.dispose();
  });

  it("says what output shape it expected and found, and frees the output", () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2, 2], units: 3, name: "perPixel" })] });
    const X = tf.zeros([5, 2, 2]);
    const before = tf.memory().numTensors;
    expect(() => predictClasses(model, X)).toThrow(
      /expected model '.*' to output \[n, classes\], found shape \[5, 2, 3\]/,
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(X);
    model.dispose();
  });
});
