import { describe, expect, it } from "vitest";
import { tf } from "../../../src";
import { onBackend, randomValues } from "../../support/backends";

/** Values of every tensor `run` returns, on cpu and on wasm. */
async function onBoth(run: () => tf.Tensor[]): Promise<[number[][], number[][]]> {
  const values = () => run().map((t) => Array.from(t.dataSync()));
  return [await onBackend("cpu", values), await onBackend("wasm", values)];
}

/**
 * Expects wasm's values to match cpu's to `digits` decimals (relative to the value once it exceeds 1: float32 sums of
 * many terms), tensor by tensor.
 */
function expectClose([cpu, wasm]: [number[][], number[][]], digits = 3): void {
  expect(wasm.map((v) => v.length)).toEqual(cpu.map((v) => v.length));
  wasm.forEach((values, k) =>
    values.forEach((v, i) =>
      expect(Math.abs(v - cpu[k][i]), `tensor ${k}, element ${i}: ${v} vs ${cpu[k][i]}`).toBeLessThan(
        0.5 * 10 ** -digits * Math.max(1, Math.abs(cpu[k][i])),
      ),
    ),
  );
}

/**
 * Conv cases: input [b, h, w, c], filter [fh, fw, c, outC], stride, padding — odd and even sizes, batch 1, strides,
 * same/valid. With ≥ 16 input channels and output channels (and patch sizes) a multiple of 8, all three run as
 * im2col/col2im
 * (wasm-im2col.wat) + our FMA product, including 2 slices of K; otherwise the filter gradient takes the forward-conv
 * path at
 * stride 1 with more than 4 input channels, im2col in JS otherwise.
 */
const CONV: [number[], number[], number, "valid" | "same"][] = [
  [[2, 7, 7, 1], [3, 3, 1, 4], 1, "valid"],
  [[1, 9, 8, 3], [3, 3, 3, 5], 1, "same"],
  [[3, 11, 10, 2], [3, 2, 2, 3], 2, "valid"],
  [[2, 9, 9, 4], [5, 5, 4, 2], 2, "same"],
  [[1, 5, 7, 3], [1, 1, 3, 6], 1, "valid"],
  [[2, 8, 6, 3], [2, 4, 3, 2], 3, "same"],
  [[2, 7, 6, 3], [2, 4, 3, 2], 1, "same"],
  [[1, 6, 6, 2], [4, 4, 2, 3], 1, "same"],
  [[2, 5, 5, 2], [5, 5, 2, 3], 1, "valid"],
  [[2, 8, 7, 6], [3, 3, 6, 5], 1, "same"],
  [[1, 9, 9, 8], [3, 3, 8, 4], 1, "valid"],
  [[3, 7, 8, 5], [2, 3, 5, 7], 1, "same"],
  [[4, 12, 12, 1], [3, 3, 1, 16], 1, "valid"],
  [[2, 7, 6, 16], [3, 3, 16, 8], 1, "valid"],
  [[1, 9, 8, 16], [3, 3, 16, 16], 2, "same"],
  [[3, 6, 7, 17], [2, 3, 17, 8], 1, "same"],
  [[2, 5, 5, 24], [1, 1, 24, 8], 1, "valid"],
];

describe("wasm conv2d gradients (im2col / col2im on XNNPACK) vs the cpu backend", () => {
  it.each(CONV)(
    "x %j filter %j stride %i %s: same output, input gradient and filter gradient",
    async (xShape, wShape, stride, pad) => {
      const [xv, wv] = [randomValues(xShape, xShape[1] * 3 + stride), randomValues(wShape, wShape[0] * 5 + 1)];
      expectClose(
        await onBoth(() => {
          const [x, w] = [
            tf.tensor4d(xv, xShape as [number, number, number, number]),
            tf.tensor4d(wv, wShape as [number, number, number, number]),
          ];
          const f = (a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad)));
          return [tf.conv2d(x, w, stride, pad), ...tf.grads(f)([x, w])];
        }),
      );
    },
  );

  it("a conv layer trains to the same weights as on cpu", async () => {
    const run = () => {
      const layer = tf.layers.conv2d({
        filters: 3,
        kernelSize: 3,
        padding: "same",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }),
        inputShape: [6, 6, 2],
      });
      const model = tf.sequential({
        layers: [
          layer,
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }),
        ],
      });
      const optimizer = tf.train.sgd(0.1);
      const [x, y] = [
        tf.tensor4d(randomValues([4, 6, 6, 2], 9), [4, 6, 6, 2]),
        tf.tensor2d(randomValues([4, 2], 10), [4, 2]),
      ];
      for (let step = 0; step < 3; step++)
        optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor));
      return model.getWeights().map((t) => t.clone());
    };
    expectClose(await onBoth(run));
  });
});

/**
 * Pool cases: input shape, window, stride, padding — ties included by rounding the inputs; 2×2/2 windows inside the
 * image take the SIMD kernel (4 channels at a time, the rest one by one).
 */
const POOL: [number[], number, number, "valid" | "same"][] = [
  [[2, 6, 6, 3], 2, 2, "valid"],
  [[2, 6, 6, 8], 2, 2, "valid"],
  [[3, 13, 11, 6], 2, 2, "valid"],
  [[1, 8, 8, 4], 2, 2, "same"],
  [[1, 7, 5, 2], 2, 2, "same"],
  [[2, 9, 9, 1], 3, 2, "valid"],
  [[3, 8, 7, 4], 3, 1, "same"],
];

describe("wasm MaxPoolGrad (one pass over the heap) vs the cpu backend", () => {
  it.each(POOL)(
    "x %j window %i stride %i %s: same pooled values and input gradient",
    async (shape, size, stride, pad) => {
      const values = randomValues(shape, shape[1] + size).map((v) => Math.round(v * 2) / 2);
      expectClose(
        await onBoth(() => {
          const x = tf.tensor4d(values, shape as [number, number, number, number]);
          const weighted = (a: tf.Tensor) => {
            const pooled = tf.maxPool(a as tf.Tensor4D, size, stride, pad);
            return tf.sum(tf.mul(pooled, tf.range(1, 1 + pooled.size).reshape(pooled.shape)));
          };
          return [tf.maxPool(x, size, stride, pad), tf.grad(weighted)(x)];
        }),
        5,
      );
    },
  );
});

describe("wasm MaxPoolGrad on windows with −∞ and NaN", () => {
  it.each([1, 5])(
    "routes the gradient like cpu with %i channel(s): first value above −∞ wins, never NaN, all −∞ gets none",
    async (channels) => {
      const windows = [
        [-Infinity, -Infinity, -Infinity, -Infinity],
        [NaN, 2, 2, NaN],
        [-Infinity, NaN, -3, -Infinity],
        [5, 5, 5, 5],
      ];
      const pixel = (i: number) =>
        windows[2 * Math.floor(i / 8) + (Math.floor(i / 2) % 2)][2 * (Math.floor(i / 4) % 2) + (i % 2)];
      const image = Array.from({ length: 16 * channels }, (_, i) => pixel(Math.floor(i / channels)));
      const [cpu, wasm] = await onBoth(() => {
        const x = tf.tensor4d(image, [1, 4, 4, channels]);
        const weights = tf.tensor4d(
          Array.from({ length: 4 * channels }, (_, i) => 1 + Math.floor(i / channels)),
          [1, 2, 2, channels],
        );
        return [tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, "valid"), weights)))(x)];
      });
      expect(wasm).toEqual(cpu);
      const expected = [0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 4, 0, 3, 0, 0, 0];
      expect(cpu[0]).toEqual(expected.flatMap((v) => Array(channels).fill(v)));
    },
  );
});

describe("kernels wasm lacks: ours (embedding gradient) and copies to the cpu backend", () => {
  it("embedding gradient (gather → UnsortedSegmentSum), depthwise conv gradients and einsum match cpu", async () => {
    expectClose(
      await onBoth(() => {
        const table = tf.tensor2d(randomValues([5, 3], 11), [5, 3]);
        const ids = tf.tensor1d([0, 3, 3, 1, 4, 3], "int32");
        const x = tf.tensor4d(randomValues([2, 5, 5, 2], 12), [2, 5, 5, 2]);
        const w = tf.tensor4d(randomValues([3, 3, 2, 2], 13), [3, 3, 2, 2]);
        const depthwise = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.square(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same")));
        return [
          tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, ids))))(table),
          ...tf.grads(depthwise)([x, w]),
          tf.einsum("ij,jk->ik", table, tf.transpose(table)),
        ];
      }),
    );
  });
});

describe("wasm conv2d with dilation (im2col + our product) vs the cpu backend", () => {
  it.each([1, 2])("x [2, 9, 8, 16], filter [3, 3, 16, 8], dilation %i, same padding: same output", async (dilation) => {
    const [xv, wv] = [randomValues([2, 9, 8, 16], 21), randomValues([3, 3, 16, 8], 22)];
    expectClose(
      await onBoth(() => [
        tf.conv2d(tf.tensor4d(xv, [2, 9, 8, 16]), tf.tensor4d(wv, [3, 3, 16, 8]), 1, "same", "NHWC", dilation),
      ]),
    );
  });
});

describe("the new wasm kernels", () => {
  it("free their temporaries", async () => {
    await onBackend("wasm", () => 0);
    const before = [tf.memory().numTensors, tf.engine().backend.numDataIds()];
    tf.tidy(() => {
      const x = tf.ones([2, 6, 6, 2]) as tf.Tensor4D;
      const w = tf.ones([3, 3, 2, 4]) as tf.Tensor4D;
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.maxPool(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same"), 2, 2, "valid")),
      )([x, w]);
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "valid")))([
        tf.ones([2, 5, 5, 16]),
        tf.ones([3, 3, 16, 8]),
      ]);
      tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([1, 1], "int32"))))(tf.ones([3, 2]));
    });
    expect([tf.memory().numTensors, tf.engine().backend.numDataIds()]).toEqual(before);
  });
});
