import { expect, it } from "vitest";
import { loadIris, tf, trainTestSplit } from "../../src";
import { describeNotebook } from "../support/describe-notebook";

/** Per-feature means of the chapter's training split, computed here independently. */
function trainMeans(): number[] {
  const iris = loadIris();
  const split = trainTestSplit(iris.X, iris.y, { testFraction: 0.2, seed: 5, stratify: true });
  const means = Array.from(tf.mean(split.XTrain, 0).dataSync());
  tf.dispose([iris.X, iris.y, split.XTrain, split.XTest, split.yTrain, split.yTest]);
  return means;
}

describeNotebook("05-iris.ipynb", (nb) => {
  it("splits stratified: 120 train / 30 test with 10 flowers of each species in the test set", () => {
    expect([nb.number("trainSize"), nb.number("testSize")]).toEqual([120, 30]);
    expect(nb.values().testCounts).toEqual([10, 10, 10]);
  });

  it("standardises with the training statistics only", () => {
    const expected = trainMeans();
    (nb.values().scalerMean as number[]).forEach((m, j) => expect(m).toBeCloseTo(expected[j], 5));
  });

  it("reaches ≥ 0.93 accuracy on the held-out test set, with a consistent report", () => {
    expect(nb.number("testAccuracy")).toBeGreaterThanOrEqual(0.93);
    expect(nb.number("mistakes")).toBe(Math.round((1 - nb.number("testAccuracy")) * 30));
    expect(nb.number("macroF1")).toBeGreaterThan(0.9);
    expect(nb.number("epochsRun")).toBe(100);
  });

  it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));
});

describeNotebook("solutions/05-iris.ipynb", (nb) => {
  it("exercise 1: raw centimetres do no better than standardised inputs", () => {
    expect(nb.number("raw")).toBeLessThanOrEqual(nb.number("standardized"));
    expect(nb.number("raw")).toBeGreaterThan(0.8);
  });

  it("exercise 2: petals alone are within one flower of all four features", () => {
    expect(Math.abs(nb.number("petals") - nb.number("standardized"))).toBeLessThanOrEqual(1 / 30 + 1e-9);
  });
});
