import { describe, expect, it } from "vitest";
import { tf } from "../../../src";
import { matMulOnFmaKernel } from "../../../src/backend/wasm/matmul";
import { enableRelaxedSimd } from "../../../src/backend/wasm/modules";
import type { WasmBackend } from "../../../src/backend/wasm/types";
import { onBackend, randomValues } from "../../support/backends";

/** Slice cases: shape, begin, size (−1 = to the end): contiguous row blocks, single rows, strided blocks, odd sizes. */
const CASES: [number[], number[], number[]][] = [
  [[7], [2], [3]],
  [
    [60, 5],
    [10, 0],
    [7, 5],
  ],
  [
    [60, 5],
    [59, 0],
    [1, -1],
  ],
  [
    [9, 7],
    [2, 1],
    [3, 4],
  ],
  [
    [1, 3, 3, 2],
    [0, 1, 0, 0],
    [1, 2, 3, 2],
  ],
  [
    [11, 4, 4, 1],
    [3, 0, 0, 0],
    [5, -1, -1, -1],
  ],
  [
    [5, 6, 7],
    [1, 2, 3],
    [2, 3, 4],
  ],
  [
    [3, 2, 2, 2, 2],
    [1, 0, 0, 0, 0],
    [2, 2, 2, 2, 2],
  ],
];

describe("wasm Slice override vs the cpu backend", () => {
  it("is installed on wasm", async () => {
    await onBackend("wasm", () => 0);
    expect(tf.getBackend()).toBe("wasm");
    expect(tf.getKernel("Slice", "wasm")!.kernelFunc.name).not.toBe("slice");
  });

  it.each(CASES)(
    "shape %j begin %j size %j: same values and gradient, float32 and int32",
    async (shape, begin, size) => {
      const values = randomValues(shape, shape.length * 31 + begin[0]);
      const run = () => {
        const x = tf.tensor(values, shape);
        const ints = tf.tensor(
          values.map((v) => Math.round(v * 10)),
          shape,
          "int32",
        );
        const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.slice(t, begin, size), 3)))(x);
        return [tf.slice(x, begin, size).arraySync(), tf.slice(ints, begin, size).arraySync(), grad.arraySync()];
      };
      const cpu = await onBackend("cpu", run);
      const wasm = await onBackend("wasm", run);
      expect(wasm).toEqual(cpu);
    },
  );

  it("leaks no tensors", async () => {
    await onBackend("wasm", () => 0);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.slice(tf.ones([50, 4]), [3, 0], [10, 4]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

/**
 * MatMul cases: a shape, b shape, transposeA, transposeB — batch dims, odd sizes, batch 1, vectors; with N a multiple
 * of 8 (our FMA kernel: 4-row blocks plus leftover rows, every transpose, K = 1, K > 128 with A transposed, rank 3 with
 * batch 1) and batch 2 (XNNPACK).
 */
const MATMUL: [number[], number[], boolean, boolean][] = [
  [[3, 5], [5, 4], false, false],
  [[5, 3], [5, 4], true, false],
  [[3, 5], [4, 5], false, true],
  [[5, 3], [4, 5], true, true],
  [[1, 7], [3, 7], false, true],
  [[2, 6, 3], [2, 6, 5], true, false],
  [[4, 2, 9], [4, 7, 9], false, true],
  [[33, 17], [33, 1], true, false],
  [[9, 13], [13, 8], false, false],
  [[13, 6], [13, 16], true, false],
  [[7, 11], [24, 11], false, true],
  [[10, 3], [16, 10], true, true],
  [[1, 5, 12], [1, 12, 8], false, false],
  [[3, 1], [1, 8], false, false],
  [[37, 70], [70, 40], false, false],
  [[130, 5], [130, 8], true, false],
  [[2, 4, 6], [2, 6, 8], false, false],
];

describe("wasm MatMul override (our FMA kernel, else transposes materialised) vs the cpu backend", () => {
  it.each(MATMUL)(
    "a %j × b %j (transposeA %s, transposeB %s): same product and gradients",
    async (aShape, bShape, ta, tb) => {
      const [av, bv] = [randomValues(aShape, aShape[0] * 7 + 1), randomValues(bShape, bShape[0] * 13 + 2)];
      const run = () => {
        const [a, b] = [tf.tensor(av, aShape), tf.tensor(bv, bShape)];
        const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb);
        const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(f(x, y))))([a, b]);
        return [f(a, b), ga, gb].map((t) => Array.from(t.dataSync()));
      };
      const cpu = await onBackend("cpu", run);
      const wasm = await onBackend("wasm", run);
      wasm.forEach((values, k) => values.forEach((v, i) => expect(v).toBeCloseTo(cpu[k][i], 3)));
    },
  );

  it("fused matmul with bias and relu (a dense layer) trains the same as on cpu", async () => {
    const run = () => {
      const x = tf.tensor(randomValues([6, 5], 3), [6, 5]);
      const w = tf.tensor(randomValues([5, 4], 4), [5, 4]);
      const bias = tf.tensor(randomValues([4], 5), [4]);
      const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.sum(tf.fused.matMul({ a, b, bias: c, activation: "relu" }));
      return tf
        .grads(f)([x, w, bias])
        .map((g) => Array.from(g.dataSync()));
    };
    const cpu = await onBackend("cpu", run);
    const wasm = await onBackend("wasm", run);
    wasm.forEach((values, k) => values.forEach((v, i) => expect(v).toBeCloseTo(cpu[k][i], 4)));
  });

  it("runs products with N a multiple of 8 on our kernel (relaxed SIMD is on), others on XNNPACK", async () => {
    await onBackend("wasm", () => 0);
    expect(enableRelaxedSimd()).toBe(true);
    const backend = tf.engine().backend as unknown as WasmBackend;
    const product = (a: tf.Tensor, b: tf.Tensor) =>
      matMulOnFmaKernel({ a, b, transposeA: false, transposeB: false }, backend);
    tf.tidy(() => {
      const ours = product(tf.ones([5, 3]), tf.ones([3, 16]));
      expect(ours?.shape).toEqual([5, 16]);
      expect(Array.from(backend.typedArrayFromHeap(ours!))).toEqual(new Array(80).fill(3));
      backend.disposeData(ours!.dataId);
      expect(product(tf.ones([5, 3]), tf.ones([3, 12]))).toBeUndefined();
      expect(product(tf.ones([2, 5, 3]), tf.ones([2, 3, 8]))).toBeUndefined();
    });
  });

  it("frees its temporary transposes", async () => {
    await onBackend("wasm", () => 0);
    const before = [tf.memory().numTensors, tf.engine().backend.numDataIds()];
    tf.tidy(() => {
      tf.matMul(tf.ones([8, 3]), tf.ones([5, 8]), true, true);
      tf.matMul(tf.ones([8, 3]), tf.ones([16, 8]), true, true);
      tf.matMul(tf.ones([130, 3]), tf.ones([16, 130]), true, true);
    });
    expect([tf.memory().numTensors, tf.engine().backend.numDataIds()]).toEqual(before);
  });
});

describe("wasm Identity override (shares data instead of copying)", () => {
  /** Bytes of wasm memory tfjs holds, and its tensor count. */
  const usage = () => [tf.memory().numBytes, tf.memory().numTensors, tf.engine().backend.numDataIds()];

  it("a clone shares the memory of its source, outlives it, and frees it with the last owner", async () => {
    await onBackend("wasm", () => 0);
    const before = usage();
    const x = tf.tensor([1, 2, 3, 4, 5], [5]);
    const copy = tf.clone(x);
    const backend = tf.engine().backend as unknown as { getMemoryOffset(id: tf.DataId): number };
    expect(backend.getMemoryOffset(copy.dataId)).toBe(backend.getMemoryOffset(x.dataId));
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4, 5]);
    copy.dispose();
    expect(usage()).toEqual(before);
  });

  it("two dense layers trained 3 steps with Adam end with the same weights as on cpu, leaking nothing", async () => {
    const run = () => {
      const start = tf.memory().numTensors;
      const init = (seed: number) => tf.initializers.randomUniform({ minval: -1, maxval: 1, seed });
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [7], units: 5, activation: "relu", kernelInitializer: init(1) }),
          tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: init(2) }),
        ],
      });
      const optimizer = tf.train.adam(0.01);
      const [x, y] = [tf.tensor(randomValues([6, 7], 11), [6, 7]), tf.oneHot([0, 1, 2, 0, 1, 2], 3)];
      const loss = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
      for (let step = 0; step < 3; step++) tf.tidy(() => void optimizer.minimize(loss));
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
      return { weights, leaked: tf.memory().numTensors - start };
    };
    const cpu = await onBackend("cpu", run);
    const wasm = await onBackend("wasm", run);
    expect([wasm.leaked, cpu.leaked]).toEqual([0, 0]);
    expect(
      wasm.weights[1].some((v) => Math.abs(v) > 1e-3),
      "training moved the (zero-initialised) biases",
    ).toBe(true);
    wasm.weights.forEach((values, k) => values.forEach((v, i) => expect(v).toBeCloseTo(cpu.weights[k][i], 5)));
  });
});
