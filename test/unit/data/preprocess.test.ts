import { describe, expect, it } from "vitest";
import { loadIris, oneHot, splitIndices, standardize, tf, trainTestSplit } from "../../../src";

describe("trainTestSplit", () => {
  const { X, y } = loadIris();

  it("splits rows by the test fraction, keeping X and y aligned", () => {
    const s = trainTestSplit(X, y, { testFraction: 0.2, seed: 7 });
    expect([s.XTrain.shape, s.XTest.shape, s.yTrain.shape, s.yTest.shape]).toEqual([[120, 4], [30, 4], [120], [30]]);
    const rows = (s.XTest.arraySync() as number[][]).map((r) => r.join());
    const all = (X.arraySync() as number[][]).map((r) => r.join());
    const labels = Array.from(y.dataSync());
    Array.from(s.yTest.dataSync()).forEach((label, i) => expect(labels[all.indexOf(rows[i])]).toBe(label));
  });

  it("is the same for a seed and different for another", () => {
    const a = splitIndices(150, { seed: 1 });
    expect(splitIndices(150, { seed: 1 })).toEqual(a);
    expect(splitIndices(150, { seed: 2 }).test).not.toEqual(a.test);
  });

  it("uses every row once", () => {
    const { train, test } = splitIndices(101, { seed: 3, testFraction: 0.3 });
    expect([...train, ...test].sort((p, q) => p - q)).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it("keeps class balance when stratified", () => {
    const s = trainTestSplit(X, y, { testFraction: 0.2, seed: 4, stratify: true });
    const counts = (t: tf.Tensor) =>
      Array.from(tf.bincount(t as tf.Tensor1D, tf.tensor1d([], "float32"), 3).dataSync());
    expect(counts(s.yTest)).toEqual([10, 10, 10]);
    expect(counts(s.yTrain)).toEqual([40, 40, 40]);
  });

  it.each([0, 1, -0.1, 1.5, Number.NaN])("rejects testFraction %s", (fraction) => {
    expect(() => trainTestSplit(X, y, { testFraction: fraction })).toThrow(
      `trainTestSplit option 'testFraction': expected a number in (0, 1), found ${fraction}`,
    );
  });

  it("rejects X and y of different lengths", () => {
    expect(() => trainTestSplit(X, y.slice(0, 10))).toThrow(
      "trainTestSplit(X, y): expected y with 150 rows like X, found 10 rows",
    );
  });
});

describe("standardize", () => {
  const XTrain = tf.tensor2d([
    [1, 10],
    [2, 20],
    [3, 60],
  ]);

  it("fits on train data and applies the same statistics to test data", () => {
    const scaler = standardize(XTrain);
    const { mean, variance } = tf.moments(scaler.transform(XTrain), 0);
    expect(Array.from(mean.dataSync()).map((v) => Math.abs(v) < 1e-6)).toEqual([true, true]);
    expect(Array.from(variance.dataSync()).map((v) => Math.abs(v - 1) < 1e-5)).toEqual([true, true]);
    const test = scaler.transform(tf.tensor2d([[2, 30]])).arraySync()[0];
    const std0 = Math.sqrt(2 / 3);
    expect(test[0]).toBeCloseTo(0, 6);
    expect(test[1]).toBeCloseTo((30 - 30) / Math.sqrt(((10 - 30) ** 2 + (20 - 30) ** 2 + (60 - 30) ** 2) / 3), 5);
    expect(Array.from(scaler.std.dataSync())[0]).toBeCloseTo(std0, 6);
  });

  it("names a zero-variance column instead of producing NaN", () => {
    const constant = tf.tensor2d([
      [1, 5],
      [2, 5],
      [3, 5],
    ]);
    expect(() => standardize(constant, { names: ["age", "height"] })).toThrow(
      /standardize\(XTrain\): height: expected a column whose values vary \(std > 0\), found a constant column/,
    );
    const centered = standardize(constant, { constantColumns: "center" }).transform(constant);
    expect(centered.arraySync().flat().some(Number.isNaN)).toBe(false);
    expect(centered.arraySync().map((r) => r[1])).toEqual([0, 0, 0]);
  });

  it("rejects a tensor that is not 2-D", () => {
    expect(() => standardize(tf.ones([2, 2, 2]) as unknown as tf.Tensor2D)).toThrow(
      "standardize(XTrain): expected a 2-D tensor [n, features], found shape [2, 2, 2]",
    );
  });
});

describe("oneHot", () => {
  it("encodes labels as rows of zeros with one 1", () => {
    expect(oneHot(tf.tensor1d([2, 0], "int32"), 3).arraySync()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it("names a label out of range", () => {
    expect(() => oneHot(tf.tensor1d([0, 3], "int32"), 3)).toThrow(
      "oneHot(y, 3): expected integer labels in [0, 2], found 3 at index 1",
    );
  });
});
