import { expect, it } from "vitest";
import { loadMnistArrays } from "../../src";
import { describeNotebook } from "../support/describe-notebook";

describeNotebook(
  "06-mnist-mlp.ipynb",
  (nb) => {
    it("looks at all 60,000 training and 10,000 test images, with the true class counts", () => {
      expect([nb.number("trainCount"), nb.number("testCount")]).toEqual([60_000, 10_000]);
      const labels = loadMnistArrays("train").y;
      const counts = Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
      expect(nb.values().classCounts).toEqual(counts);
    });

    it("reaches ≥ 97.5 % accuracy on the 10,000 test images", () => {
      expect(nb.number("testAccuracy")).toBeGreaterThanOrEqual(0.975);
      expect(nb.number("misclassified")).toBe(Math.round((1 - nb.number("testAccuracy")) * 10_000));
    });

    it("reports per-class accuracy consistent with the overall accuracy", () => {
      const perClass = nb.values().perClassAccuracy as number[];
      const testLabels = loadMnistArrays("test").y;
      const support = Array.from({ length: 10 }, (_, d) => testLabels.filter((l) => l === d).length);
      const overall = perClass.reduce((a, acc, d) => a + acc * support[d], 0) / 10_000;
      expect(overall).toBeCloseTo(nb.number("testAccuracy"), 6);
    });

    it("predicts identically after saving and loading the model", () => {
      expect(nb.values().identicalAfterReload).toBe(true);
      expect(nb.number("maxProbabilityDiff")).toBe(0);
    });

    it("keeps the number of live tensors constant across epochs, and frees everything at the end", () => {
      const perEpoch = nb.values().tensorsPerEpoch as number[];
      expect(perEpoch).toHaveLength(5);
      expect(new Set(perEpoch).size).toBe(1);
      expect(nb.number("numTensors")).toBe(0);
    });
  },
  { cellTimeoutS: 400, totalTimeoutS: 600 },
);

describeNotebook(
  "solutions/06-mnist-mlp.ipynb",
  (nb) => {
    it("exercise 1: without dropout the train/test gap is at least as large", () => {
      const gap = (kind: string) => nb.number(`trainAcc${kind}`) - nb.number(`testAcc${kind}`);
      expect(nb.number("testAccDropout")).toBeGreaterThan(0.9);
      expect(gap("NoDropout")).toBeGreaterThanOrEqual(gap("Dropout") - 0.005);
    });

    it("exercise 2: with batch 128, 2 epochs reach lower accuracy", () => {
      expect(nb.number("testAcc128")).toBeLessThan(nb.number("testAccDropout"));
    });

    it("exercise 3: the least confident digits are far below the median confidence", () => {
      const least = nb.values().leastConfidence as number[];
      expect(least).toHaveLength(16);
      expect([...least].sort((a, b) => a - b)).toEqual(least);
      expect(least[15]).toBeLessThan(nb.number("medianConfidence") / 2);
    });
  },
  { cellTimeoutS: 300, totalTimeoutS: 400 },
);
