import { expect, it } from "vitest";
import { describeNotebook } from "../support/describe-notebook";
import { checksAllPassed, checksNotYetDone } from "../support/checks";

/** Binary cross-entropy in float64, computed here independently. */
const bce = (y: number[], p: number[]) =>
  -y.reduce((a, yi, i) => a + yi * Math.log(p[i]) + (1 - yi) * Math.log(1 - p[i]), 0) / y.length;
const y = [1, 0, 1, 0];
/** The chapter's exercise checks, in order (the solution notebook runs the same check cells). */
const CHECKS = ["03.1 less confident predictions", "03.2 Adam without bias correction", "03.3 largest stable SGD rate"];

describeNotebook("03-losses-and-optimizers.ipynb", (nb) => {
  it("computes the worked binary cross-entropy as 0.1643 (not 0.392), and 0.0821 without the negative term", () => {
    const expected = bce(y, [0.8, 0.2, 0.9, 0.1]);
    expect(nb.number("bceFormula")).toBeCloseTo(expected, 6);
    expect(nb.number("bceTf")).toBeCloseTo(expected, 6);
    expect(nb.number("bceFormula").toFixed(4)).toBe("0.1643");
    expect(nb.number("bceOnlyPositive").toFixed(4)).toBe("0.0821");
    expect(nb.number("mseExample")).toBeCloseTo((0.04 + 0.04 + 0.01 + 0.01) / 4, 6);
  });

  it("gets the same number from categorical and sparse cross-entropy", () => {
    const logits = [[2, 1, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.1]];
    const logSumExp = (row: number[]) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    const expected = logits.reduce((a, row, i) => a - (row[i] - logSumExp(row)), 0) / 3;
    expect(nb.number("categorical")).toBeCloseTo(expected, 5);
    expect(nb.number("sparse")).toBeCloseTo(expected, 5);
  });

  it("matches tf.train.adam with the hand-written Adam within 1e-6", () => {
    expect(nb.number("adamMaxDiff")).toBeLessThan(1e-6);
    const [a, b] = [nb.values().adamByHand as number[], nb.values().adamTf as number[]];
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-6));
    expect(a[0]).toBeLessThan(1);
  });

  it("shows momentum and Adam beating plain SGD on both surfaces", () => {
    expect(nb.number("quadSgd")).toBeLessThan(nb.number("quadStart"));
    expect(nb.number("quadAdam")).toBeLessThan(nb.number("quadSgd") / 10);
    expect(nb.number("quadMomentum")).toBeLessThan(nb.number("quadSgd") / 10);
    expect(nb.number("rosenAdam")).toBeLessThan(nb.number("rosenSgd"));
  });

  it("leaves no tensors behind", () => expect(nb.number("numTensors")).toBe(0));

  it("shows each exercise check as not yet done", () => {
    expect(nb.checks()).toEqual(checksNotYetDone(CHECKS));
  });
});

describeNotebook("solutions/03-losses-and-optimizers.ipynb", (nb) => {
  it("exercise 1: less confident predictions cost more (0.4338)", () => {
    expect(nb.number("bceLessConfident")).toBeCloseTo(bce(y, [0.6, 0.4, 0.7, 0.3]), 6);
  });

  it("exercise 2: the corrected first step is exactly lr; uncorrected it is ~3.16 × lr", () => {
    (nb.values().correctedStep as number[]).forEach((s) => expect(s).toBeCloseTo(0.1, 5));
    expect(nb.number("firstStepGap")).toBeCloseTo(0.1 * (0.1 / Math.sqrt(0.001)) - 0.1, 4);
  });

  it("exercise 3: lr 0.49 converges faster than 0.2, lr 0.51 diverges", () => {
    expect(nb.number("loss049")).toBeLessThan(nb.number("loss02"));
    expect(nb.number("loss051")).toBeGreaterThan(100);
  });

  it("passes every exercise check of the chapter", () => {
    expect(nb.checks()).toEqual(checksAllPassed(CHECKS));
  });
});
