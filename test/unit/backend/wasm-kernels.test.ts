import { describe, expect, it } from "vitest";
import { tf } from "../../../src";
import { matMulOnFmaKernel } from "../../../src/backend/wasm/matmul";
import { enableRelaxedSimd } from "../../../src/backend/wasm/modules";
import type { WasmBackend } from "../../../src/backend/wasm/types";
import { memoryUsage, onBackend, randomValues, trainedWeights } from "../../support/backends";

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
 * batch 1; batches of 2–4 matrices with every transpose, attention's [batch, heads, T, d] products) and others
 * (XNNPACK).
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
  [[3, 5, 7], [3, 7, 16], false, false],
  [[3, 7, 5], [3, 7, 16], true, false],
  [[3, 5, 7], [3, 16, 7], false, true],
  [[3, 7, 5], [3, 16, 7], true, true],
  [[2, 2, 16, 32], [2, 2, 16, 32], false, true],
  [[2, 2, 16, 16], [2, 2, 16, 32], false, false],
  [[2, 2, 16, 16], [2, 2, 16, 32], true, false],
  [[2, 130, 9], [2, 130, 8], true, false],
];

/**
 * Products whose batch axes broadcast (a batch-1 or missing axis on either side), on our kernel, against the cpu
 * backend's product of the operands broadcast first (tf.broadcastTo): tfjs 4.22's cpu and stock wasm kernels get
 * broadcasts on both sides wrong ([2, 1] × [1, 3] batches), and its BatchMatMul gradient rejects broadcast batches.
 */
const BROADCAST: [number[], number[], boolean, boolean][] = [
  [[2, 3, 4, 5], [3, 5, 8], false, false],
  [[1, 4, 5], [3, 5, 8], false, false],
  [[3, 4, 5], [1, 5, 8], false, false],
  [[3, 4, 5], [5, 8], false, false],
  [[3, 5, 4], [8, 5], true, true],
  [[3, 5, 4], [5, 8], true, false],
  [[4, 5], [3, 8, 5], false, true],
  [[2, 1, 6, 5], [1, 3, 5, 16], false, false],
  [[2, 1, 5, 6], [1, 3, 16, 5], true, true],
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

  it.each(BROADCAST)("a %j × b %j (transposeA %s, transposeB %s), batches broadcast: same product", async (...form) => {
    const [aShape, bShape, ta, tb] = form;
    const [av, bv] = [randomValues(aShape, aShape[0] * 7 + 3), randomValues(bShape, bShape[0] * 13 + 4)];
    const batch = tf.broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2));
    const wasm = await onBackend("wasm", () => {
      const out = tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), ta, tb);
      return { shape: out.shape, values: Array.from(out.dataSync()) };
    });
    const expected = await onBackend("cpu", () => {
      const [a, b] = [tf.tensor(av, aShape), tf.tensor(bv, bShape)].map((t) =>
        tf.broadcastTo(t, [...batch, ...t.shape.slice(-2)]),
      );
      const out = tf.matMul(a, b, ta, tb);
      return { shape: out.shape, values: Array.from(out.dataSync()) };
    });
    expect(wasm.shape).toEqual(expected.shape);
    wasm.values.forEach((v, i) => expect(v).toBeCloseTo(expected.values[i], 4));
  });

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

  /** Fused layers on our kernel (n = 16): bias and ReLU, linear, ReLU alone, transposed operands (a [1, 16] bias:
   * stock wasm takes rank 1 only), a batch; and n = 12, which stays on XNNPACK. */
  const FUSED: [string, number[], number[], number[] | null, "relu" | "linear", boolean, boolean][] = [
    ["bias + relu", [6, 5], [5, 16], [16], "relu", false, false],
    ["bias, linear", [6, 5], [5, 16], [16], "linear", false, false],
    ["relu, no bias", [6, 5], [5, 16], null, "relu", false, false],
    ["bias [1, 16] + relu, both transposed", [5, 6], [16, 5], [1, 16], "relu", true, true],
    ["batch of 2, bias + relu", [2, 6, 5], [2, 5, 16], [16], "relu", false, false],
    ["n = 12, not a multiple of 8 (XNNPACK)", [6, 5], [5, 12], [12], "relu", false, false],
  ];

  it.each(FUSED)("fused matmul, %s: same output and gradients as on cpu", async (...form) => {
    const [, aShape, bShape, biasShape, activation, transposeA, transposeB] = form;
    const run = () => {
      const [a, b] = [tf.tensor(randomValues(aShape, 3), aShape), tf.tensor(randomValues(bShape, 4), bShape)];
      const inputs = biasShape ? [a, b, tf.tensor(randomValues(biasShape, 5), biasShape)] : [a, b];
      const layer = (x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor) =>
        tf.fused.matMul({ a: x, b: w, transposeA, transposeB, bias, activation });
      const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.square(layer(xs[0], xs[1], xs[2]))));
      return [layer(a, b, inputs[2]), ...grads(inputs)].map((t) => Array.from(t.dataSync()));
    };
    const cpu = await onBackend("cpu", run);
    const wasm = await onBackend("wasm", run);
    wasm.forEach((values, k) => values.forEach((v, i) => expect(v).toBeCloseTo(cpu[k][i], 4)));
  });

  it("adds the bias and applies ReLU on our kernel itself", async () => {
    await onBackend("wasm", () => 0);
    const backend = tf.engine().backend as unknown as WasmBackend;
    tf.tidy(() => {
      const [a, b, bias] = [tf.ones([5, 3]), tf.ones([3, 16]), tf.linspace(-8, 7, 16)];
      const out = matMulOnFmaKernel({ a, b, transposeA: false, transposeB: false, bias, relu: true }, backend);
      const expected = Array.from({ length: 16 }, (_, j) => Math.max(0, 3 + j - 8));
      expect(Array.from(backend.typedArrayFromHeap(out!)).slice(0, 16)).toEqual(expected);
      backend.disposeData(out!.dataId);
    });
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
      const batched = product(tf.ones([2, 5, 3]), tf.ones([2, 3, 8]));
      expect(batched?.shape).toEqual([2, 5, 8]);
      expect(new Set(backend.typedArrayFromHeap(batched!))).toEqual(new Set([3]));
      backend.disposeData(batched!.dataId);
      expect(product(tf.ones([2, 5, 3]), tf.ones([2, 4, 8]))).toBeUndefined(); // inner sizes differ: stock's error
    });
  });

  it("frees its temporary transposes", async () => {
    await onBackend("wasm", () => 0);
    const before = [tf.memory().numTensors, tf.engine().backend.numDataIds()];
    tf.tidy(() => {
      tf.matMul(tf.ones([8, 3]), tf.ones([5, 8]), true, true);
      tf.matMul(tf.ones([8, 3]), tf.ones([16, 8]), true, true);
      tf.matMul(tf.ones([130, 3]), tf.ones([16, 130]), true, true);
      tf.matMul(tf.ones([2, 8, 3]), tf.ones([2, 16, 8]), true, true);
      tf.matMul(tf.ones([2, 3, 8]), tf.ones([16, 8]), false, true);
    });
    expect([tf.memory().numTensors, tf.engine().backend.numDataIds()]).toEqual(before);
  });
});

describe("wasm Identity override (shares data instead of copying)", () => {
  it("a clone shares the memory of its source, outlives it, and frees it with the last owner", async () => {
    await onBackend("wasm", () => 0);
    const before = memoryUsage();
    const x = tf.tensor([1, 2, 3, 4, 5], [5]);
    const copy = tf.clone(x);
    const backend = tf.engine().backend as unknown as { getMemoryOffset(id: tf.DataId): number };
    expect(backend.getMemoryOffset(copy.dataId)).toBe(backend.getMemoryOffset(x.dataId));
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4, 5]);
    copy.dispose();
    expect(memoryUsage()).toEqual(before);
  });

  it("two dense layers trained 3 steps with Adam end with the same weights as on cpu, leaking nothing", async () => {
    const build = () => {
      const init = (seed: number) => tf.initializers.randomUniform({ minval: -1, maxval: 1, seed });
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [7], units: 5, activation: "relu", kernelInitializer: init(1) }),
          tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: init(2) }),
        ],
      });
      const [x, y] = [tf.tensor(randomValues([6, 7], 11), [6, 7]), tf.oneHot([0, 1, 2, 0, 1, 2], 3)];
      return { model, x, y, optimizer: tf.train.adam(0.01) };
    };
    const run = () => trainedWeights(build, 3);
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

describe("wasm Cast to bool (ours: x ≠ 0, as on cpu; stock wasm copied the values: 3 stayed 3, 256 became 0)", () => {
  /** Values that a plain copy into bytes gets wrong: 3, 256 (wraps to 0), −1 (255), 0.5 (0), NaN, ±0. */
  const run = () => {
    const repeat = (values: number[], times: number) => Array.from({ length: times }, () => values).flat();
    const ints = tf.tensor1d(repeat([3, 0, 5, 256, -1, 2 ** 31 - 1, -(2 ** 31)], 6), "int32"); // 2 × 16 + 10
    const floats = tf.tensor1d(repeat([0.5, 0, -0, -0.25, NaN, Infinity, -Infinity, 1e-30, 256], 5)); // 2 × 16 + 13
    const bools = [tf.cast(ints, "bool"), tf.cast(floats, "bool"), tf.cast(tf.cast(ints, "bool"), "bool")];
    return [
      ...bools.map((t) => ({ dtype: t.dtype, values: Array.from(t.dataSync()) })),
      { dtype: "sum", values: [tf.sum(tf.cast(bools[0], "int32")).dataSync()[0]] },
      {
        dtype: "2-D",
        values: Array.from(
          tf
            .cast(
              tf.tensor2d(
                [
                  [3, 0],
                  [0, 7],
                ],
                [2, 2],
                "int32",
              ),
              "bool",
            )
            .dataSync(),
        ),
      },
    ];
  };

  it("int32 → bool and float32 → bool give 0/1 as on cpu", async () => {
    const cpu = await onBackend("cpu", run);
    const wasm = await onBackend("wasm", run);
    expect(wasm).toEqual(cpu);
    expect(wasm[0].values).toEqual(Array.from({ length: 6 }, () => [1, 0, 1, 1, 1, 1, 1]).flat());
    expect(wasm[1].values).toEqual(Array.from({ length: 5 }, () => [1, 0, 0, 1, 1, 1, 1, 1, 1]).flat());
    expect(wasm[3].values).toEqual([36]);
  });

  it("other casts keep the stock kernel and agree with cpu (float32 → int32 truncates, bool → float32)", async () => {
    const other = () =>
      [
        tf.cast(tf.tensor1d([1.7, -1.7, 0.2, 3e9]), "int32"),
        tf.cast(tf.tensor1d([1, 0, 1], "bool"), "float32"),
        tf.cast(tf.tensor1d([5, -3], "int32"), "float32"),
      ].map((t) => [t.dtype, ...Array.from(t.dataSync())]);
    expect(await onBackend("wasm", other)).toEqual(await onBackend("cpu", other));
  });
});
