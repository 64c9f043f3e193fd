import { describe, expect, it } from "vitest";
import { loadMnist, loadMnistArrays, tf, toTensors } from "../../../src";
import type { ArrayDataset } from "../../../src";

/** Three 2×2 one-channel "images" with labels 7, 8, 9. */
const tiny: ArrayDataset = {
  X: Float32Array.from({ length: 12 }, (_, i) => i / 10),
  y: Int32Array.from([7, 8, 9]),
  n: 3,
  sampleShape: [2, 2, 1],
};

describe("toTensors", () => {
  it("shapes samples as [n, ...sampleShape] with int32 labels, or float32 labels and the first `limit` samples", () => {
    const all = toTensors(tiny);
    expect([all.X.shape, all.X.dtype, all.y.dtype]).toEqual([[3, 2, 2, 1], "float32", "int32"]);
    expect((all.X.arraySync() as number[][][][])[1][1][0][0]).toBeCloseTo(0.6, 6);
    expect(Array.from(all.y.dataSync())).toEqual([7, 8, 9]);
    const first = toTensors(tiny, { labelDtype: "float32", limit: 2 });
    expect([first.X.shape, first.y.dtype, Array.from(first.y.dataSync())]).toEqual([[2, 2, 2, 1], "float32", [7, 8]]);
    tf.dispose([all, first]);
  });

  it("gives loadMnist the same tensors as the arrays", () => {
    const before = tf.memory().numTensors;
    const arrays = loadMnistArrays("test", { limit: 5 });
    const mnist = loadMnist("test", { limit: 5 });
    expect(mnist.X.shape).toEqual([5, 28, 28, 1]);
    expect(Array.from(mnist.X.dataSync())).toEqual(Array.from(arrays.X));
    tf.dispose([mnist.X, mnist.y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("says what it expected when the arrays and n disagree, or the limit is out of range", () => {
    const before = tf.memory().numTensors;
    expect(() => toTensors({ ...tiny, n: 4 })).toThrow(
      "toTensors(data): expected 4 samples of shape [2, 2, 1] (16 values, 4 labels), found 12 values and 3 labels",
    );
    expect(() => toTensors(tiny, { limit: 4 })).toThrow(
      "toTensors option 'limit': expected an integer in [1, 3], found 4",
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
