import { describe, expect, it } from "vitest";
import { tf } from "../../../src";
import { ourWasmKernels } from "../../../src/backend/wasm";
import { memoryUsage, onBackend, randomValues, trainedWeights } from "../../support/backends";

/** Tensors, data ids and bytes tfjs holds: equal before and after work that leaks nothing. */

/** `count` seeded ids in [low, high): repeated ids, and negative or too large ones where the range allows. */
function randomIds(count: number, low: number, high: number, seed: number): number[] {
  return randomValues([count], seed).map((v) => low + Math.floor(((v + 2) / 4) * (high - low)));
}

/** Expects equal lengths and every value within 1e-5 of cpu's (relative above 1: float32 sums in another order). */
function expectClose(wasm: number[], cpu: number[]): void {
  expect(wasm.length).toBe(cpu.length);
  wasm.forEach((v, i) =>
    expect(Math.abs(v - cpu[i]), `element ${i}: ${v} vs ${cpu[i]}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(cpu[i]))),
  );
}

/** x shape, number of segments, ids in [low, high): vectors, rows of 1–17 floats (SIMD and tails), inner ranks 2–3. */
const CASES: [number[], number, number, number][] = [
  [[7], 3, 0, 3],
  [[10, 3], 4, -2, 6],
  [[64, 16], 30, 0, 30],
  [[1024, 16], 30, -1, 31],
  [[33, 5, 3], 8, -3, 11],
  [[200, 17], 5, 0, 5],
  [[12, 2, 2, 2], 40, 0, 40],
  [[6, 4], 3, 5, 9],
  [[0, 4], 3, 0, 3],
];

describe("wasm UnsortedSegmentSum (ours, segments.wat) vs the cpu backend", () => {
  it("is registered as ours, not as a copy to the cpu backend", async () => {
    await onBackend("wasm", () => 0);
    expect(ourWasmKernels()).toContain("UnsortedSegmentSum");
    expect(ourWasmKernels()).not.toContain("UnsortedSegmentSum (on cpu)");
  });

  it.each(CASES)("x %j, %i segments, ids in [%i, %i): same sums", async (shape, segments, low, high) => {
    const [values, ids] = [randomValues(shape, shape[0] + 5), randomIds(shape[0], low, high, segments)];
    const run = () => {
      const out = tf.unsortedSegmentSum(tf.tensor(values, shape), tf.tensor1d(ids, "int32"), segments);
      return { shape: out.shape, dtype: out.dtype, values: Array.from(out.dataSync()) };
    };
    const cpu = await onBackend("cpu", run);
    const wasm = await onBackend("wasm", run);
    expect([wasm.shape, wasm.dtype]).toEqual([cpu.shape, cpu.dtype]);
    expectClose(wasm.values, cpu.values);
    if (low >= segments) expect(new Set(wasm.values).size).toBeLessThanOrEqual(1); // all dropped: zeros
  });

  it("int32 data (the cpu kernel answers float32) falls back to the cpu backend and agrees", async () => {
    const run = () => {
      const out = tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], "int32"), [2, -1, 2], 3);
      return { dtype: out.dtype, values: Array.from(out.dataSync()) };
    };
    expect(await onBackend("wasm", run)).toEqual(await onBackend("cpu", run));
    expect((await onBackend("wasm", run)).values).toEqual([0, 0, 0, 0, 6, 8]);
  });

  it("keeps a NaN in its own segment (as TensorFlow; the cpu kernel's 0 × NaN spreads it everywhere)", async () => {
    const run = () => Array.from(tf.unsortedSegmentSum(tf.tensor2d([NaN, 2, 3, 4], [2, 2]), [1, 0], 2).dataSync());
    expect(await onBackend("wasm", run)).toEqual([3, 4, NaN, 2]);
    expect(await onBackend("cpu", run)).toEqual([NaN, 4, NaN, 2]);
  });

  it("is tf.gather's gradient (axes 0, 1): same gradients with repeated and unused rows, no leaks", async () => {
    const run = () => {
      const table = tf.tensor2d(randomValues([30, 16], 3), [30, 16]);
      const ids = tf.tensor2d(randomIds(64 * 16, 0, 30, 4), [64, 16], "int32");
      const [w0, w1] = [tf.tensor(randomValues([64, 16, 16], 5), [64, 16, 16]), tf.transpose(table)];
      const byRows = (t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), w0));
      const byColumns = (t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids, 1), tf.transpose(w0, [2, 0, 1])));
      return [tf.grad(byRows)(table), tf.grad(byColumns)(w1)].map((g) => Array.from(g.dataSync()));
    };
    const cpu = await onBackend("cpu", run);
    await onBackend("wasm", () => 0);
    const before = memoryUsage();
    const wasm = await onBackend("wasm", run);
    expect(memoryUsage()).toEqual(before);
    wasm.forEach((values, k) => expectClose(values, cpu[k]));
  });
});

describe("an embedding layer trained on wasm", () => {
  it("takes the same Adam steps as on cpu (embedding → flatten → dense, softmax cross-entropy), no leaks", async () => {
    const build = () => {
      const init = (seed: number) => tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed });
      const model = tf.sequential({
        layers: [
          tf.layers.embedding({ inputDim: 30, outputDim: 16, inputLength: 8, embeddingsInitializer: init(1) }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 5, kernelInitializer: init(2) }),
        ],
      });
      const x = tf.tensor2d(randomIds(32 * 8, 0, 30, 7), [32, 8]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(randomIds(32, 0, 5, 8), "int32"), 5));
      return { model, x, y, optimizer: tf.train.adam(0.05) };
    };
    const run = () => trainedWeights(build, 2);
    const cpu = await onBackend("cpu", run);
    const wasm = await onBackend("wasm", run);
    expect([wasm.leaked, cpu.leaked]).toEqual([0, 0]);
    expect(
      wasm.weights[0].some((v, i) => Math.abs(v - wasm.before[i]) > 0.01),
      "the embeddings moved",
    ).toBe(true);
    wasm.weights.forEach((values, k) => expectClose(values, cpu.weights[k]));
  });
});
