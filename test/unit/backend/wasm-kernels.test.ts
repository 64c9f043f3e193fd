import { describe, expect, it } from "vitest";
import { tf } from "../../../src/backend";
import { onBackend, randomValues } from "../../support/backends";

/** Slice cases: shape, begin, size (−1 = to the end): contiguous row blocks, single rows, strided blocks, odd sizes. */
const CASES: [number[], number[], number[]][] = [
  [[7], [2], [3]],
  [[60, 5], [10, 0], [7, 5]],
  [[60, 5], [59, 0], [1, -1]],
  [[9, 7], [2, 1], [3, 4]],
  [[1, 3, 3, 2], [0, 1, 0, 0], [1, 2, 3, 2]],
  [[11, 4, 4, 1], [3, 0, 0, 0], [5, -1, -1, -1]],
  [[5, 6, 7], [1, 2, 3], [2, 3, 4]],
  [[3, 2, 2, 2, 2], [1, 0, 0, 0, 0], [2, 2, 2, 2, 2]],
];

describe("wasm Slice override vs the cpu backend", () => {
  it("is installed on wasm", async () => {
    await onBackend("wasm", () => 0);
    expect(tf.getBackend()).toBe("wasm");
    expect(tf.getKernel("Slice", "wasm")!.kernelFunc.name).not.toBe("slice");
  });

  it.each(CASES)("shape %j begin %j size %j: same values and gradient, float32 and int32", async (shape, begin, size) => {
    const values = randomValues(shape, shape.length * 31 + begin[0]);
    const run = () => {
      const x = tf.tensor(values, shape);
      const ints = tf.tensor(values.map((v) => Math.round(v * 10)), shape, "int32");
      const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.slice(t, begin, size), 3)))(x);
      return [tf.slice(x, begin, size).arraySync(), tf.slice(ints, begin, size).arraySync(), grad.arraySync()];
    };
    const cpu = await onBackend("cpu", run);
    const wasm = await onBackend("wasm", run);
    expect(wasm).toEqual(cpu);
  });

  it("leaks no tensors", async () => {
    await onBackend("wasm", () => 0);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.slice(tf.ones([50, 4]), [3, 0], [10, 4]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
