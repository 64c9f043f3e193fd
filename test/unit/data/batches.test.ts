import { describe, expect, it } from "vitest";
import { ArrayDataset, BatchPipeline, loadMnistArrays, tf } from "../../../src";

/** A dataset whose sample i is filled with the value i, labelled i % 3. */
function numbered(n: number): ArrayDataset {
  const X = new Float32Array(n * 4).map((_, k) => Math.floor(k / 4));
  return { X, y: Int32Array.from({ length: n }, (_, i) => i % 3), n, sampleShape: [2, 2] };
}

/** The sample ids of one epoch, in order, disposing the batches. */
function epochIds(pipeline: BatchPipeline): number[] {
  const ids: number[] = [];
  for (const { xs, ys } of pipeline.epoch()) {
    const values = xs.dataSync();
    const labels = ys.dataSync();
    for (let i = 0; i < xs.shape[0]; i++) {
      ids.push(values[i * 4]);
      expect(labels[i]).toBe(values[i * 4] % 3);
    }
    tf.dispose([xs, ys]);
  }
  return ids;
}

describe("BatchPipeline", () => {
  it("visits every sample exactly once per epoch, in a new order each epoch", () => {
    const pipeline = new BatchPipeline(numbered(23), { batchSize: 5, seed: 1 });
    const first = epochIds(pipeline);
    const second = epochIds(pipeline);
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(second).not.toEqual(first);
    expect(pipeline.numBatches).toBe(5);
  });

  it("repeats the same orders for the same seed", () => {
    const a = new BatchPipeline(numbered(23), { batchSize: 5, seed: 9 });
    const b = new BatchPipeline(numbered(23), { batchSize: 5, seed: 9 });
    expect([epochIds(a), epochIds(a)]).toEqual([epochIds(b), epochIds(b)]);
  });

  it("keeps shapes, drops the remainder on request, one-hots labels", () => {
    const pipeline = new BatchPipeline(numbered(23), {
      batchSize: 5,
      shuffle: false,
      dropRemainder: true,
      oneHotClasses: 3,
    });
    const batches = [...pipeline.epoch()];
    expect(batches.map((b) => b.xs.shape)).toEqual(Array(4).fill([5, 2, 2]));
    expect(batches[0].ys.arraySync()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    batches.forEach((b) => tf.dispose([b.xs, b.ys]));
  });

  it("gives float32 labels on request", () => {
    const [batch] = new BatchPipeline(numbered(4), { batchSize: 4, shuffle: false, floatLabels: true }).epoch();
    expect([batch.ys.dtype, ...batch.ys.dataSync()]).toEqual(["float32", 0, 1, 2, 0]);
    tf.dispose([batch.xs, batch.ys]);
  });

  it("rejects a bad batch size and inconsistent arrays", () => {
    expect(() => new BatchPipeline(numbered(4), { batchSize: 0 })).toThrow(
      "BatchPipeline option 'batchSize': expected a positive integer, found 0",
    );
    expect(() => new BatchPipeline({ ...numbered(4), y: new Int32Array(3) }, { batchSize: 2 })).toThrow(
      "BatchPipeline data: expected 4 labels, found 3",
    );
  });

  it("leaks no tensors over a full pass of real MNIST, in a custom loop and in fitDataset", async () => {
    const data = loadMnistArrays("test", { limit: 2_000, flat: true });
    const pipeline = new BatchPipeline(data, { batchSize: 128, seed: 5, oneHotClasses: 10 });
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, activation: "softmax" })] });
    model.compile({ optimizer: "sgd", loss: "categoricalCrossentropy" });
    await model.fitDataset(pipeline.toTfDataset(), { epochs: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    let seen = 0;
    for (const { xs, ys } of pipeline.epoch()) {
      seen += xs.shape[0];
      tf.dispose([xs, ys]);
    }
    await model.fitDataset(pipeline.toTfDataset(), { epochs: 2, verbose: 0 });
    expect(seen).toBe(2_000);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe("augmentation", () => {
  it("shiftAndRotate keeps a blank image blank and moves a dot by the shift", async () => {
    const { shiftAndRotate, makeRng } = await import("../../../src");
    const blank = new Float32Array(28 * 28);
    expect(shiftAndRotate()(blank, makeRng(1)).every((v) => v === 0)).toBe(true);
    const dot = new Float32Array(28 * 28);
    dot[14 * 28 + 14] = 1;
    const shiftOnly = shiftAndRotate({ maxShift: 3, maxDegrees: 0 });
    const moved = shiftOnly(dot, () => 1); // rng 1 → the largest shift (+3, +3)
    expect(moved[17 * 28 + 17]).toBeCloseTo(1, 5);
    expect(moved.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it("BatchPipeline applies it to every sample without changing the stored data", () => {
    const data = numbered(6);
    const copy = Float32Array.from(data.X);
    const pipeline = new BatchPipeline(data, { batchSize: 6, shuffle: false, augment: (s) => s.map((v) => -v) });
    const [batch] = pipeline.epoch();
    expect(Array.from(batch.xs.dataSync())).toEqual(Array.from(copy, (v) => -v));
    expect(data.X).toEqual(copy);
    tf.dispose([batch.xs, batch.ys]);
  });
});
