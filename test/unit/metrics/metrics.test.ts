import { describe, expect, it } from "vitest";
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  mae,
  makeRng,
  mse,
  perClassScores,
  psnr,
  r2,
  tf,
} from "../../../src";

describe("classification metrics on a hand-checked case", () => {
  // true:      0 0 0 1 1 2
  // predicted: 0 0 1 1 2 2
  const yTrue = [0, 0, 0, 1, 1, 2];
  const yPred = [0, 0, 1, 1, 2, 2];

  it("accuracy and confusion matrix", () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 12);
    expect(confusionMatrix(yTrue, yPred)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it("precision, recall, F1 per class and macro average", () => {
    const report = classificationReport(yTrue, yPred, ["a", "b", "c"]);
    expect(report.rows.map((r) => [r.class, r.precision, r.recall, r.support])).toEqual([
      ["a", 1, 2 / 3, 3],
      ["b", 0.5, 0.5, 2],
      ["c", 0.5, 1, 1],
    ]);
    expect(report.rows[0].f1).toBeCloseTo(0.8, 12);
    expect(report.macro.f1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
  });

  it("accepts probabilities / one-hot tensors (argmax)", () => {
    const probs = tf.tensor2d([
      [0.9, 0.1],
      [0.2, 0.8],
      [0.6, 0.4],
    ]);
    expect(accuracy(tf.tensor1d([0, 1, 1], "int32"), probs)).toBeCloseTo(2 / 3, 12);
  });

  it("names mismatched lengths and out-of-range labels", () => {
    expect(() => accuracy([0, 1], [0])).toThrow("accuracy: expected yTrue and yPred of the same length, found 2 and 1");
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(
      "confusionMatrix: expected labels in [0, 2], found 3 → 1 at index 1",
    );
  });
});

describe("classification metrics against brute force on random labels", () => {
  const rng = makeRng(11);
  const k = 5;
  const yTrue = Array.from({ length: 500 }, () => Math.floor(rng() * k));
  const yPred = yTrue.map((v) => (rng() < 0.6 ? v : Math.floor(rng() * k)));

  it("matches counting pairs directly", () => {
    const scores = perClassScores(confusionMatrix(yTrue, yPred, k));
    for (let c = 0; c < k; c++) {
      let tp = 0,
        fp = 0,
        fn = 0;
      yTrue.forEach((t, i) => {
        if (t === c && yPred[i] === c) tp++;
        else if (yPred[i] === c) fp++;
        else if (t === c) fn++;
      });
      expect(scores[c].precision).toBeCloseTo(tp / (tp + fp), 12);
      expect(scores[c].recall).toBeCloseTo(tp / (tp + fn), 12);
      expect(scores[c].f1).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 12);
    }
    expect(accuracy(yTrue, yPred)).toBeCloseTo(yTrue.filter((t, i) => t === yPred[i]).length / 500, 12);
  });
});

describe("regression metrics", () => {
  it("hand-checked values", () => {
    const yTrue = [3, -0.5, 2, 7];
    const yPred = [2.5, 0, 2, 8];
    expect(mse(yTrue, yPred)).toBeCloseTo(0.375, 12);
    expect(mae(yTrue, yPred)).toBeCloseTo(0.5, 12);
    expect(r2(yTrue, yPred)).toBeCloseTo(0.9486081370449679, 12);
  });

  it("agree with tf on random data", () => {
    const t = tf.randomNormal([200], 0, 1, "float32", 1);
    const p = tf.add(t, tf.randomNormal([200], 0, 0.3, "float32", 2));
    expect(mse(t, p)).toBeCloseTo(tf.losses.meanSquaredError(t, p).dataSync()[0], 5);
    expect(mae(t, p)).toBeCloseTo(tf.losses.absoluteDifference(t, p).dataSync()[0], 5);
    const ssTot = tf.sum(tf.square(tf.sub(t, tf.mean(t)))).dataSync()[0];
    expect(r2(t, p)).toBeCloseTo(1 - (mse(t, p) * 200) / ssTot, 5);
  });

  it("mse of two tensors: computed by the backend, same value as of their numbers, no tensor left", () => {
    const images = tf.randomUniform([50, 28, 28, 1], 0, 1, "float32", 3);
    const flat = tf.randomUniform([50, 784], 0, 1, "float32", 4);
    const before = tf.memory().numTensors;
    const fromNumbers = mse(Array.from(images.dataSync()), Array.from(flat.dataSync()));
    expect(mse(images, flat)).toBeCloseTo(fromNumbers, 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => mse(images, tf.zeros([3]))).toThrow(
      "mse: expected yTrue and yPred of the same length, found 39200 and 3",
    );
    tf.dispose([images, flat]);
  });

  it("psnr: 10·log10(peak² / MSE), hand-checked", () => {
    expect(psnr([0, 1, 0, 1], [0.1, 0.9, 0.1, 0.9])).toBeCloseTo(20, 10); // MSE 0.01
    expect(psnr([0, 255], [25.5, 229.5], 255)).toBeCloseTo(20, 10);
    expect(psnr(tf.tensor1d([0, 1]), tf.tensor1d([0.01, 0.99]))).toBeCloseTo(40, 3);
  });

  it("names constant targets for R²", () => {
    expect(() => r2([1, 1], [1, 2])).toThrow("r2: expected yTrue with some variance, found all values equal");
  });
});
