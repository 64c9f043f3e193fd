import { expect, it } from "vitest";
import { describeNotebook } from "../support/describe-notebook";

describeNotebook(
  "08-overfitting.ipynb",
  (nb) => {
    it("provokes overfitting: ~100 % training accuracy and a validation gap of at least 5 points", () => {
      expect(nb.number("baselineTrain")).toBeGreaterThanOrEqual(0.99);
      expect(nb.number("baselineTrain") - nb.number("baselineVal")).toBeGreaterThanOrEqual(0.05);
    });

    it("augmentation is the clear winner and narrows the gap; other remedies move validation accuracy a little", () => {
      expect(nb.values().bestRemedy).toBe("augmentation");
      expect(nb.number("augmentedVal")).toBeGreaterThanOrEqual(nb.number("baselineVal") + 0.03);
      expect(nb.number("augmentedGap")).toBeLessThan(nb.number("baselineTrain") - nb.number("baselineVal"));
      for (const remedy of ["l2Val", "dropoutVal", "earlyVal"])
        expect(Math.abs(nb.number(remedy) - nb.number("baselineVal"))).toBeLessThan(0.02);
    });

    it("early stopping stops before half the epochs and keeps the best epoch's weights", () => {
      expect(nb.number("earlyEpochs")).toBeLessThan(20);
      expect(nb.number("earlyBestEpoch")).toBeLessThan(nb.number("earlyEpochs"));
      expect(nb.number("earlyVal")).toBeCloseTo(nb.number("earlyBestVal"), 3);
    });

    it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));
  },
  { cellTimeoutS: 300, totalTimeoutS: 600 },
);

describeNotebook(
  "solutions/08-overfitting.ipynb",
  (nb) => {
    /** Training minus validation accuracy of one run (`baseline`, `strongL2`, `moreData`). */
    const gap = (run: string) => nb.number(`${run}Train`) - nb.number(`${run}Val`);

    it("exercise 1: λ = 0.01 lowers training accuracy and the gap, and validation accuracy too", () => {
      expect(nb.number("strongL2Train")).toBeLessThan(nb.number("baselineTrain"));
      expect(gap("strongL2")).toBeLessThan(gap("baseline"));
      expect(nb.number("strongL2Val")).toBeLessThan(nb.number("baselineVal"));
    });

    it("exercise 2: twice the data raises validation accuracy and narrows the gap", () => {
      expect(nb.number("moreDataVal")).toBeGreaterThan(nb.number("baselineVal"));
      expect(gap("moreData")).toBeLessThan(gap("baseline"));
    });
  },
  { cellTimeoutS: 300, totalTimeoutS: 400 },
);
